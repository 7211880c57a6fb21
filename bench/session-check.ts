// The per-request session check: our one-round-trip $queryRaw join through Prisma, next
// to the same query with raw `pg` on the same pool (the baseline) and to Prisma's
// findUnique-with-include. Run: npx tsx bench/session-check.ts  (needs initdb/pg_ctl, or
// BENCH_DATABASE_URL pointing at a scratch PostgreSQL database).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createSession, validateSessionToken } from "../server/auth/session.ts";
import { hashToken } from "../server/auth/tokens.ts";
import { openDatabase } from "../server/db/client.ts";
import { migrate } from "../server/db/migrate.ts";

const N = Number(process.env.BENCH_N ?? 3000);

async function withPostgres<T>(fn: (url: string) => Promise<T>): Promise<T> {
  if (process.env.BENCH_DATABASE_URL) return fn(process.env.BENCH_DATABASE_URL);
  const bin = "/usr/lib/postgresql/15/bin";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-bench-pg-"));
  const asPg = process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
  if (asPg.length) execFileSync("chown", ["postgres", dir]);
  const run = (cmd: string, args: string[]) => execFileSync(asPg[0] ?? cmd, asPg.length ? [...asPg.slice(1), cmd, ...args] : args, { stdio: "ignore" });
  const port = 20000 + Math.floor(Math.random() * 20000);
  run(`${bin}/initdb`, ["-D", `${dir}/data`, "-A", "trust", "-U", "postgres"]);
  run(`${bin}/pg_ctl`, ["-D", `${dir}/data`, "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "-w", "start"]);
  try {
    return await fn(`postgresql://postgres@127.0.0.1:${port}/postgres`);
  } finally {
    run(`${bin}/pg_ctl`, ["-D", `${dir}/data`, "-m", "immediate", "stop"]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function time(label: string, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await fn(); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await fn();
  const us = Number(process.hrtime.bigint() - t0) / 1000 / N;
  console.log(`${label.padEnd(44)} ${us.toFixed(1).padStart(8)} µs/check`);
  return us;
}

await withPostgres(async (url) => {
  const db = await openDatabase({ databaseUrl: url });
  await migrate(db.sql);
  const u = await db.prisma.user.create({ data: { email: "bench@example.com", status: "ACTIVE", profile: { create: { name: "Bench" } } }, select: { id: true } });
  const { token } = await createSession(db.prisma, u.id, { ipAddress: null, userAgent: null });
  const tokenHash = hashToken(token);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  console.log(`session check on PostgreSQL 15, ${N} sequential checks each`);
  const base = await time("baseline: raw pg, same join", () =>
    pool.query(
      `SELECT s.id, s.expires, s.last_seen_at, u.id, u.email, u.role, u.status, u.email_verified, p.name
       FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN profiles p ON p.user_id = u.id WHERE s.session_token = $1`,
      [tokenHash],
    ),
  );
  const ours = await time("validateSessionToken (Prisma $queryRaw join)", () => validateSessionToken(db.prisma, token));
  const include = await time("Prisma findUnique + include user/profile", () =>
    db.prisma.session.findUnique({
      where: { sessionToken: tokenHash },
      select: { id: true, expires: true, lastSeenAt: true, user: { select: { id: true, email: true, role: true, status: true, emailVerified: true, profile: { select: { name: true } } } } },
    }),
  );
  console.log(`ratio to baseline: ours ${(ours / base).toFixed(2)}×, findUnique+include ${(include / base).toFixed(2)}×`);
  await pool.end();
  await db.close();
});
