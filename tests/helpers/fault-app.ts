// The real app as a child process, for the fault tests (tests/integration/fault-*.test.ts;
// the process itself is tests/helpers/app-process.ts's spawnApp, as for the scale-out and fuzz
// tests): `node --import tsx server/main.ts` on 127.0.0.1 and a free port, with its JSON log kept
// for the test to read; a database prepared beforehand (migrated, with signed-in companies)
// so that the app starts as it would in production; and a plain-HTTP client (undici) that
// speaks tRPC's wire format (superjson) with a session cookie.
import type { ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Agent, request } from "undici";
import { createSession, sessionCookieName } from "../../server/auth/session.ts";
import { openDatabase, type Database } from "../../server/db/client.ts";
import { migrate } from "../../server/db/migrate.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { freePort, spawnApp, type LogLine } from "./app-process.ts";
import { createPostgresDatabaseUrl, type DbKind } from "./db.ts";

export { freePort };

// ---------------------------------------------------------------------------------------
// The database the app will use

export type PreparedDatabase = {
  kind: DbKind;
  /** DATABASE_URL (postgres) or DATA_DIR (both: the app's folder for keys and outbox). */
  env: Record<string, string>;
  dataDir: string;
  /** Opens it from the test process (PGlite: only while no app holds the folder). */
  open(): Promise<Database>;
  remove(): Promise<void>;
};

/** A migrated database for the app: a new PostgreSQL database, or a PGlite data folder. */
export async function prepareDatabase(kind: DbKind): Promise<PreparedDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-fault-"));
  if (kind === "postgres") {
    const { url, drop } = await createPostgresDatabaseUrl();
    const db = await openDatabase({ databaseUrl: url, poolSize: 2 });
    try {
      await migrate(db.sql);
    } finally {
      await db.close();
    }
    return {
      kind,
      env: { DATABASE_URL: url, DATA_DIR: dataDir },
      dataDir,
      open: () => openDatabase({ databaseUrl: url, poolSize: 4 }),
      async remove() {
        await drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const db = await openDatabase({ dataDir });
  try {
    await migrate(db.sql);
  } finally {
    await db.close();
  }
  return {
    kind,
    env: { DATA_DIR: dataDir },
    dataDir,
    open: () => openDatabase({ dataDir }),
    async remove() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type SignedInCompany = { userId: string; email: string; cookie: string };

/** `n` verified companies, each with a session (no password, no bcrypt: fast). */
export async function seedCompanies(db: Database, n: number, tag = crypto.randomBytes(3).toString("hex")): Promise<SignedInCompany[]> {
  const out: SignedInCompany[] = [];
  for (let i = 0; i < n; i++) {
    const email = `fault-${tag}-${i}@example.test`;
    const u = await createUser(db.prisma, { email, role: "COMPANY", name: `Fault ${i}`, companyName: `Fault Test ${tag} ${i}` });
    await db.prisma.companyProfile.update({ where: { userId: u.id }, data: { isVerified: true, verifiedAt: new Date() } });
    const { token } = await createSession(db.prisma, u.id, { ipAddress: "127.0.0.1", userAgent: "fault-test" });
    out.push({ userId: u.id, email, cookie: `${sessionCookieName(false)}=${token}` });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The app

export type { LogLine };

export type AppProcess = {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The JSON log lines written so far. */
  log(): LogLine[];
  stdout(): string;
  stderr(): string;
  /** Resolves once /readyz answers 200; rejects if the process exits first. */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGKILL if still running (cleanup). */
  destroy(): void;
};

export async function startApp(env: Record<string, string>, opts: { port?: number } = {}): Promise<AppProcess> {
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["DATABASE_URL", "DATA_DIR", "SMTP_URL", "DATABASE_POOL_SIZE", "DATABASE_POOL_TIMEOUT_MS", "BACKUP_DIR", "COACH_BASE_URL", "STT_BASE_URL"]) delete childEnv[k];
  Object.assign(childEnv, { NODE_ENV: "test", LOG_LEVEL: "info", HOST: "127.0.0.1", PORT: String(port), APP_URL: url }, env);
  const app = spawnApp({ env: childEnv, port });
  let done = false;
  void app.exited.then(() => (done = true));
  return {
    url,
    port,
    pid: app.pid,
    child: app.child,
    exited: app.exited,
    log: app.logs,
    stdout: app.stdout,
    stderr: app.stderr,
    ready: (timeoutMs = 120_000) => app.waitReady({ timeoutMs }),
    destroy() {
      if (!done) app.child.kill("SIGKILL");
    },
  };
}

// ---------------------------------------------------------------------------------------
// A plain HTTP client speaking tRPC (superjson wire format), no retries of its own

/** An answer (status, parsed body) or, with status 0, a network error (error, code). */
export type Outcome = { ok: boolean; status: number; body?: unknown; error?: string; code?: string; ms: number };

export function agent(connections = 256): Agent {
  // keepAliveTimeout below the server's (Node: 5 s), as a browser or a proxy does.
  return new Agent({ connections, keepAliveTimeout: 4_000, pipelining: 1, connect: { timeout: 10_000 } });
}

/**
 * A tRPC query (GET) or mutation (POST) with the caller's cookie. `mark` is added to the URL
 * (?m=…) so the request can be found in the app's log (Fastify logs req.url).
 */
export async function trpc(
  dispatcher: Agent,
  base: string,
  kind: "query" | "mutation",
  procedure: string,
  input: unknown,
  opts: { cookie?: string; mark?: string; origin?: string; timeoutMs?: number } = {},
): Promise<Outcome> {
  const t0 = performance.now();
  const qs = new URLSearchParams();
  if (kind === "query" && input !== undefined) qs.set("input", JSON.stringify({ json: input }));
  if (opts.mark) qs.set("m", opts.mark);
  const q = qs.toString();
  const headers: Record<string, string> = { origin: opts.origin ?? base };
  if (opts.cookie) headers.cookie = opts.cookie;
  if (kind === "mutation") headers["content-type"] = "application/json";
  try {
    const res = await request(`${base}/api/trpc/${procedure}${q ? `?${q}` : ""}`, {
      method: kind === "query" ? "GET" : "POST",
      headers,
      ...(kind === "mutation" ? { body: JSON.stringify({ json: input }) } : {}),
      dispatcher,
      headersTimeout: opts.timeoutMs ?? 60_000,
      bodyTimeout: opts.timeoutMs ?? 60_000,
    });
    const text = await res.body.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON: kept as text */
    }
    const ms = performance.now() - t0;
    return { ok: res.statusCode >= 200 && res.statusCode < 300, status: res.statusCode, body, ms };
  } catch (e) {
    const err = e as Error & { code?: string; cause?: { code?: string } };
    return { ok: false, status: 0, error: err.message, code: err.code ?? err.cause?.code ?? "?", ms: performance.now() - t0 };
  }
}

/** The `json` payload of a successful tRPC answer. */
export function data<T>(o: Outcome): T {
  if (!o.ok) throw new Error(`expected success, got ${o.status}: ${o.error ?? JSON.stringify(o.body)}`);
  return (o.body as { result: { data: { json: T } } }).result.data.json;
}

/** The error data of a failed tRPC answer (appCode, httpStatus, message). */
export function trpcErrorOf(o: Outcome): { message: string; appCode: string | null; httpStatus: number } | null {
  if (o.ok || o.status === 0) return null;
  const b = o.body as { error?: { json?: { message: string; data?: { appCode: string | null; httpStatus: number } } } };
  const e = b?.error?.json;
  return e ? { message: e.message, appCode: e.data?.appCode ?? null, httpStatus: e.data?.httpStatus ?? o.status } : null;
}

/** Every job title a company sees in company.jobs.list (all pages). */
export async function listJobTitles(dispatcher: Agent, base: string, cookie: string): Promise<Set<string>> {
  const titles = new Set<string>();
  let cursor: string | null = null;
  for (;;) {
    const page: { items: { title: string }[]; nextCursor: string | null } = data<{ items: { title: string }[]; nextCursor: string | null }>(await trpc(dispatcher, base, "query", "company.jobs.list", cursor ? { cursor } : {}, { cookie }));
    for (const j of page.items) titles.add(j.title);
    if (!page.nextCursor) return titles;
    cursor = page.nextCursor;
  }
}

export const JOB = {
  description: "A posting written by the fault tests: it proves that an acknowledged write survives.",
  requirements: [],
  requiredSkills: [],
  experienceLevel: "mid",
} as const;

/** Percentile of a list of numbers (nearest rank). */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
