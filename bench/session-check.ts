// The per-request session check: our one-round-trip $queryRaw join through Prisma, next
// to the same query with raw `pg` on the same pool (the baseline) and to Prisma's
// findUnique-with-include. Run: npx tsx bench/session-check.ts  (needs initdb/pg_ctl, or
// BENCH_DATABASE_URL pointing at a scratch PostgreSQL database).
import pg from "pg";
import { createSession, validateSessionToken } from "../server/auth/session.ts";
import { hashToken } from "../server/auth/tokens.ts";
import { withPostgres } from "./postgres.ts";
import { openDatabase } from "../server/db/client.ts";
import { migrate } from "../server/db/migrate.ts";

const N = Number(process.env.BENCH_N ?? 3000);


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
