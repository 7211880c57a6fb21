// A running HireXp server for integration tests: buildApp on a test database, listening on
// 127.0.0.1 (free port), and HTTP clients that keep their own cookie jar, send the right
// Origin, and can pose as a distinct client IP (X-Forwarded-For from a trusted proxy).
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp } from "../../server/app.ts";
import { loadConfig, type Config } from "../../server/config.ts";
import type { Database } from "../../server/db/client.ts";
import type { AppRouter } from "../../server/routers/app.ts";
import { transformer } from "../../shared/transformer.ts";

export const TEST_APP_URL = "http://localhost:3999";

export type TestApp = {
  url: string;
  config: Config;
  db: Database;
  app: Awaited<ReturnType<typeof buildApp>>;
  client(opts?: ClientOptions): TestClient;
  close(): Promise<void>;
};

export type ClientOptions = { ip?: string; origin?: string | null; userAgent?: string };

let ipCounter = 0;
/** A fresh client IP (from TEST-NET-2) so per-IP rate limits don't leak between tests. */
export function freshIp(): string {
  ipCounter += 1;
  return `198.51.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;
}

export async function startTestApp(
  db: Database,
  overrides: Partial<Config> = {},
  opts: { logStream?: { write(line: string): void }; onMailQueued?: () => void } = {},
): Promise<TestApp> {
  // A throwaway data folder unless the test brings its own: the issuer key and recordings land
  // there, never in the checkout's ./.data.
  const ownDataDir = overrides.dataDir === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-app-")) : null;
  const config = loadConfig({ NODE_ENV: "test" }, { appUrl: TEST_APP_URL, port: 0, trustProxy: ["127.0.0.1"], ...(ownDataDir ? { dataDir: ownDataDir } : {}), ...overrides });
  const app = await buildApp({ config, db, clientDir: null, ...(opts.logStream ? { logStream: opts.logStream } : {}), ...(opts.onMailQueued ? { onMailQueued: opts.onMailQueued } : {}) });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    config,
    db,
    app,
    client: (opts = {}) => new TestClient(url, config.appOrigin, opts),
    close: async () => {
      await app.close();
      if (ownDataDir) fs.rmSync(ownDataDir, { recursive: true, force: true });
    },
  };
}

export class TestClient {
  readonly cookies = new Map<string, string>();
  /** Every Set-Cookie header received, raw (to check attributes). */
  readonly setCookies: string[] = [];
  /** Every response body received (to check that no secret ever leaves the server). */
  readonly bodies: string[] = [];
  readonly ip: string;
  readonly trpc;

  constructor(
    readonly baseUrl: string,
    private readonly appOrigin: string,
    private readonly opts: ClientOptions = {},
  ) {
    this.ip = opts.ip ?? freshIp();
    this.trpc = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${baseUrl}/api/trpc`, transformer, fetch: (u, init) => this.fetch(String(u), init as RequestInit) })],
    });
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { "x-forwarded-for": this.ip, "user-agent": this.opts.userAgent ?? "HireXp-Test/1.0", ...extra };
    if (this.opts.origin !== null) h.origin = this.opts.origin ?? this.appOrigin;
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return h;
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url.startsWith("http") ? url : `${this.baseUrl}${url}`, {
      ...init,
      headers: { ...this.headers(), ...((init.headers as Record<string, string>) ?? {}) },
    });
    for (const c of res.headers.getSetCookie()) {
      this.setCookies.push(c);
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (!value || /expires=Thu, 01 Jan 1970/i.test(c) || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const body = await res.clone().text();
    this.bodies.push(body);
    return res;
  }

  /** Signs in, expecting success. */
  async signIn(email: string, password: string) {
    return this.trpc.auth.signIn.mutate({ email, password });
  }
}

/** The tRPC error of a rejected call, with its code and data. */
export async function trpcError(p: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TRPCClientError) return e as TRPCClientError<AppRouter>;
    throw e;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/**
 * Waits until every queued password-reset request has been processed (they are worked off
 * right after the answer; a row disappears in the transaction that queues its mail).
 */
export async function resetRequestsProcessed(db: Database, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await db.prisma.passwordResetRequest.count()) > 0) {
    if (Date.now() > until) throw new Error("password reset requests still queued after 10 s");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The newest outbox mail to `to` (optionally of one kind), and the first app link in it. */
export async function latestMail(db: Database, to: string, kind?: string) {
  await resetRequestsProcessed(db);
  const mail = await db.prisma.mailOutbox.findFirst({
    where: { to, ...(kind ? { kind } : {}) },
    orderBy: { createdAt: "desc" },
    select: { id: true, to: true, subject: true, text: true, kind: true },
  });
  if (!mail) return null;
  const link = mail.text.match(/https?:\/\/\S+\?token=[a-z2-7]+/)?.[0] ?? null;
  const token = link ? new URL(link).searchParams.get("token") : null;
  return { ...mail, link, token };
}
