// Two app servers on one PostgreSQL (the horizontal-scale story of issue 12), as two real
// `node server/main.ts` processes on 127.0.0.1 against a fresh database of the run's real
// PostgreSQL and a real SMTP server on loopback:
//  - both start at once on an empty database (migrations under their advisory lock);
//  - a session made on one server is valid on the other, and signing out on one ends it on both;
//  - rate limits are shared: the sign-in limit per address counts calls to both servers;
//  - each periodic job (retention, statistics, practice idle, assessment expiry, recordings,
//    backup) runs on one server at a time: one of the two runs it, the other skips (and one
//    backup file is written), and the guard itself is checked with two pools racing;
//  - every mail in the outbox is delivered exactly once though both mail workers poll it.
// The figures (start time, mails per server, deliveries) are printed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../server/db/client.ts";
import { migrate } from "../../server/db/migrate.ts";
import { hashPassword } from "../../server/auth/password.ts";
import { clusterJobGuard, JOB_RUN_PREFIX } from "../../server/jobs/cluster.ts";
import { enqueueMail } from "../../server/mail/outbox.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { startAppProcess, type AppProcess, type LogLine } from "../helpers/app-process.ts";
import { TestClient, freshIp, trpcError } from "../helpers/app.ts";
import pg from "pg";
import { createPostgresDatabaseUrl, describeRealPostgres, realPostgresStatus } from "../helpers/db.ts";

/**
 * Waits until nobody is connected to the database of `url` any more (a closed pool's
 * connections end a moment after pool.end()), so that dropping it WITH (FORCE) terminates
 * no connection that is still being closed (pg reports that as an uncaught error).
 */
async function whenNoConnections(url: string): Promise<void> {
  const status = realPostgresStatus();
  if (!status.available) return;
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: status.adminUrl });
  await admin.connect();
  try {
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      const { rows } = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [name]);
      if (rows[0]!.n === 0) return;
      await new Promise((r) => setTimeout(r, 50)); // poll while the connections close
    }
  } finally {
    await admin.end();
  }
}

/** The periodic jobs main.ts starts, by their log message, with their periods. */
const JOBS: Record<string, number> = {
  "retention cleanup": 60 * 60_000,
  "user_statistics refreshed": 15 * 60_000,
  "practice idle sessions": 5 * 60_000,
  "assessment expiry": 60_000,
  "recording retention": 60 * 60_000,
  backup: 60 * 60_000,
};

const APP_URL = "http://hirexp.test";

describeRealPostgres("the periodic-job guard", () => {
  let url: string;
  let drop: () => Promise<void>;
  let a: Database;
  let b: Database;
  beforeAll(async () => {
    ({ url, drop } = await createPostgresDatabaseUrl());
    a = await openDatabase({ databaseUrl: url, poolSize: 4 });
    await migrate(a.sql);
    b = await openDatabase({ databaseUrl: url, poolSize: 4 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (url) await whenNoConnections(url);
    await drop?.();
  });

  it("lets one of two servers run a job at a time, and once per period", async () => {
    const guardA = clusterJobGuard(a, "A");
    const guardB = clusterJobGuard(b, "B");
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const runA = guardA("race", 60_000, async () => {
      started();
      await blocked;
      return { by: "A" };
    });
    await running;
    // While A runs, B is told so (the advisory lock), and does not run the task.
    let bRan = false;
    expect(await guardB("race", 60_000, async () => ((bRan = true), { by: "B" }))).toEqual({ skipped: "running on another app server" });
    release();
    expect(await runA).toEqual({ by: "A" });
    // A ran less than a period ago: B skips again.
    expect(await guardB("race", 60_000, async () => ((bRan = true), { by: "B" }))).toEqual({ skipped: "ran on another app server less than a period ago" });
    expect(bRan).toBe(false);
    // A period later (the claim made older by hand), B takes its turn, and A skips.
    await a.prisma.$executeRaw`UPDATE job_runs SET last_run_at = last_run_at - interval '1 minute' WHERE name = ${`${JOB_RUN_PREFIX}race`}`;
    expect(await guardB("race", 60_000, async () => ({ by: "B" }))).toEqual({ by: "B" });
    expect(await guardA("race", 60_000, async () => ({ by: "A" }))).toMatchObject({ skipped: expect.any(String) });
    const row = await a.prisma.jobRun.findUnique({ where: { name: `${JOB_RUN_PREFIX}race` } });
    expect(row?.details).toEqual({ holder: "B" });
  });

  it("gives a failed run's claim back, so the next tick anywhere runs it", async () => {
    const guardA = clusterJobGuard(a, "A");
    const guardB = clusterJobGuard(b, "B");
    await expect(guardA("flaky", 60_000, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await guardB("flaky", 60_000, async () => ({ ok: true }))).toEqual({ ok: true });
  });

  it("runs each of 20 racing ticks of 2 servers exactly once", async () => {
    const guards = [clusterJobGuard(a, "A"), clusterJobGuard(b, "B")];
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        guards[i % 2]!("herd", 60_000, async () => {
          concurrent++;
          maxConcurrent = Math.max(maxConcurrent, concurrent);
          runs++;
          await a.prisma.$queryRaw`SELECT pg_sleep(0.05)::text`; // a job that takes a while
          concurrent--;
          return { ran: true };
        }),
      ),
    );
    expect(runs).toBe(1);
    expect(maxConcurrent).toBe(1);
    expect(results.filter((r) => "ran" in r)).toHaveLength(1);
  });
});

describeRealPostgres("two app servers on one PostgreSQL", () => {
  let url: string;
  let drop: () => Promise<void>;
  let db: Database;
  let servers: AppProcess[] = [];
  let smtp: SMTPServer;
  const delivered: { from: string; messageId: string; to: string }[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-scale-"));
  const backupDir = path.join(tmp, "backups");
  let startedAt = 0;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, session, callback) {
        let raw = "";
        stream.setEncoding("utf8");
        stream.on("data", (d: string) => (raw += d));
        stream.on("end", () => {
          const header = raw.split(/\r?\n\r?\n/)[0] ?? "";
          delivered.push({
            from: /^From:.*@([a-z.]+)>/im.exec(header)?.[1] ?? "?",
            messageId: /^Message-ID:\s*<([^@>]+)@/im.exec(header)?.[1] ?? "?",
            to: session.envelope.rcptTo.map((r) => r.address).join(","),
          });
          // A real server takes a moment per mail; it lets both workers take part.
          setTimeout(callback, 15);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      smtp.once("error", reject);
      smtp.listen(0, "127.0.0.1", () => resolve());
    });
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    ({ url, drop } = await createPostgresDatabaseUrl());
    fs.mkdirSync(backupDir);
    const env = (name: string): NodeJS.ProcessEnv => ({
      NODE_ENV: "production",
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: "10",
      DATA_DIR: path.join(tmp, name),
      APP_URL,
      TRUST_PROXY: "127.0.0.1",
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: `HireXp ${name} <no-reply@${name}.hirexp.test>`,
      BACKUP_DIR: backupDir,
    });
    startedAt = Date.now();
    // Both at once, on an empty database: the migrations run under their lock.
    // Ready = answering /readyz with the evaluation engine loaded (its warm-up takes the CPU for
    // seconds; the tests below should not race it).
    const ready = /evaluation engine (ready|warm-up failed)/;
    servers = await Promise.all([startAppProcess({ env: env("a"), readyWhen: ready }), startAppProcess({ env: env("b"), readyWhen: ready })]);
    console.log(`[scale-out] two app servers ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (pids ${servers.map((s) => s.pid).join(", ")}; load ${os.loadavg()[0]!.toFixed(2)})`);
    db = await openDatabase({ databaseUrl: url, poolSize: 3 });
  }, 300_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop(10_000)));
    await db?.close();
    if (url) await whenNoConnections(url);
    await drop?.();
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const [A, B] = [0, 1];
  const client = (i: number, ip?: string) => new TestClient(servers[i]!.url, APP_URL, ip ? { ip } : {});

  it("migrated the empty database once, from two servers starting together", async () => {
    const applied = servers.map((s) => (s.logs().find((l) => l.msg === "database ready")?.migrationsApplied as unknown[] | undefined)?.length ?? 0);
    // One server applied every migration, the other found none left to apply.
    expect(applied.filter((n) => n > 0)).toHaveLength(1);
    expect(applied.filter((n) => n === 0)).toHaveLength(1);
  });

  it("honours a session made on one server on the other, and a sign-out on one ends it on both", async () => {
    const passwordHash = await hashPassword("two servers one database");
    const user = await createUser(db.prisma, { email: "scale@example.test", passwordHash });
    const onA = client(A);
    await onA.signIn("scale@example.test", "two servers one database");
    const onB = client(B, onA.ip);
    for (const [k, v] of onA.cookies) onB.cookies.set(k, v);
    expect((await onB.trpc.auth.me.query())?.id).toBe(user.id);
    expect((await onA.trpc.auth.me.query())?.id).toBe(user.id);
    await onB.trpc.auth.signOut.mutate();
    expect(await onA.trpc.auth.me.query()).toBeNull();
  }, 120_000);

  it("shares rate limits: the sign-in limit per address counts calls to both servers", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const e = await trpcError(client(i % 2, ip).trpc.auth.signIn.mutate({ email: `nobody${i}@example.test`, password: "wrong password" }));
      statuses.push(e.data?.httpStatus ?? 0);
    }
    console.log(`[scale-out] sign-ins from one address, alternating servers: ${statuses.join(" ")}`);
    // 10 per minute per address (RATE_RULES.signInIp), whichever server is asked.
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
  }, 120_000);

  it("delivers every outbox mail exactly once, with both mail workers polling", async () => {
    const signUps = 6;
    await Promise.all(
      Array.from({ length: signUps }, (_, i) =>
        client(i % 2).trpc.auth.signUp.mutate({ email: `new${i}@example.test`, password: "a long enough passphrase 42", name: `New ${i}` }),
      ),
    );
    const queued = 150;
    for (let i = 0; i < queued; i++) await enqueueMail(db.prisma, { to: `bulk${i}@example.test`, subject: `Bulk ${i}`, text: `Body ${i}`, kind: "test" });
    const expected = (await db.prisma.mailOutbox.count()) as number;
    expect(expected).toBeGreaterThanOrEqual(queued + signUps);
    const until = Date.now() + 120_000;
    while ((await db.prisma.mailOutbox.count({ where: { sentAt: null } })) > 0) {
      if (Date.now() > until) throw new Error("the outbox was not drained in 120 s");
      await new Promise((r) => setTimeout(r, 100)); // poll while the workers drain it
    }
    const ids = new Set(delivered.map((d) => d.messageId));
    const byServer = { a: delivered.filter((d) => d.from === "a.hirexp.test").length, b: delivered.filter((d) => d.from === "b.hirexp.test").length };
    console.log(`[scale-out] mail: ${expected} queued, ${delivered.length} delivered, ${ids.size} distinct Message-IDs (server a sent ${byServer.a}, server b ${byServer.b})`);
    expect(delivered).toHaveLength(expected);
    expect(ids.size).toBe(expected);
    expect(byServer.a + byServer.b).toBe(expected);
    // Both workers took part (the SMTP server takes 15 ms a mail; each worker polls every second).
    expect(byServer.a).toBeGreaterThan(0);
    expect(byServer.b).toBeGreaterThan(0);
  }, 180_000);

  it("runs each periodic job on one server at a time: one ran it at start, the other skipped it", async () => {
    const jobLines = (s: AppProcess) => s.logs().filter((l) => (l.msg ?? "") in JOBS || / failed$/.test(l.msg ?? ""));
    const until = Date.now() + 120_000;
    // Wait until both servers reported a first tick of every job (the backup takes a moment).
    while (!servers.every((s) => Object.keys(JOBS).every((j) => jobLines(s).some((l) => l.msg === j || l.msg === `${j} failed`)))) {
      if (Date.now() > until) throw new Error(`not every job reported: ${JSON.stringify(servers.map((s) => jobLines(s).map((l) => l.msg)))}`);
      await new Promise((r) => setTimeout(r, 100)); // poll the logs
    }
    const failures = servers.flatMap((s) => jobLines(s).filter((l) => / failed$/.test(l.msg ?? "")));
    expect(failures.map((l) => `${l.msg}: ${JSON.stringify(l.err)}`)).toEqual([]);
    const spanMs = Date.now() - startedAt;
    const summary: string[] = [];
    for (const [job, periodMs] of Object.entries(JOBS)) {
      const per = servers.map((s) => jobLines(s).filter((l: LogLine) => l.msg === job));
      const ran = per.map((lines) => lines.filter((l) => !("skipped" in l)).length);
      const skipped = per.map((lines) => lines.filter((l) => "skipped" in l).length);
      summary.push(`${job}: ran ${ran.join("+")}, skipped ${skipped.join("+")}`);
      // At most once per 90 % of a period over the whole test, on one of the two servers…
      expect(ran[0]! + ran[1]!).toBeGreaterThanOrEqual(1);
      expect(ran[0]! + ran[1]!).toBeLessThanOrEqual(1 + Math.floor(spanMs / (0.9 * periodMs)));
      // …and the guard is on in both: each server either ran it or was told another did.
      expect(ran.map((r, i) => r + skipped[i]!).every((n) => n >= 1)).toBe(true);
      expect(skipped[0]! + skipped[1]!).toBeGreaterThanOrEqual(1);
    }
    console.log(`[scale-out] periodic jobs over ${(spanMs / 1000).toFixed(0)} s: ${summary.join("; ")}`);
    // One day's backup, written by one server.
    expect(fs.readdirSync(backupDir).filter((f) => !f.endsWith(".partial"))).toHaveLength(1);
  }, 180_000);

  it("both servers stop cleanly on SIGTERM", async () => {
    expect(await Promise.all(servers.map((s) => s.stop()))).toEqual([0, 0]);
  }, 60_000);
});
