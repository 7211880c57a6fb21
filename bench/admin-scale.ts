// Admin console at scale, on a throwaway PostgreSQL 15 (or BENCH_DATABASE_URL):
//  1. users table: keyset page deep in 100 000 users vs page 1, next to OFFSET paging (the
//     baseline keyset avoids);
//  2. audit CSV export of 1 000 000 rows: time and peak RSS, next to the RSS before export.
// Run: node --expose-gc --import tsx bench/admin-scale.ts   (BENCH_USERS / BENCH_AUDIT change the sizes)
import { withPostgres } from "./postgres.ts";
import { openDatabase } from "../server/db/client.ts";
import { migrate } from "../server/db/migrate.ts";
import { AdminUsersListInput } from "../shared/schemas/admin.ts";
import { adminUserRowSelect, listUsers } from "../server/services/admin/users.ts";
import { auditCsv } from "../server/services/admin/audit-log.ts";

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const AUDIT = Number(process.env.BENCH_AUDIT ?? 1_000_000);
const PAGE = 25;


async function ms(fn: () => Promise<unknown>, reps = 20): Promise<number> {
  await fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  return (performance.now() - t0) / reps;
}

await withPostgres(async (url) => {
  const db = await openDatabase({ databaseUrl: url });
  await migrate(db.sql);
  console.log(`seeding ${USERS} users and ${AUDIT} audit rows…`);
  await db.sql.exec(`
    INSERT INTO users (id, email, role, status, created_at, updated_at)
    SELECT 'u' || g, 'user' || g || '@bench.test', 'TRAINEE', 'ACTIVE',
           timestamp '2026-01-01' + g * interval '1 second', now()
    FROM generate_series(1, ${USERS}) g;
    INSERT INTO audit_logs (id, user_id, target_user_id, action, details, ip_address, user_agent, created_at)
    SELECT 'a' || g, 'u' || (1 + g % ${USERS}), 'u' || (1 + g % ${USERS}), 'SIGN_IN', '{"method":"password"}', '203.0.113.' || (g % 250), 'bench', timestamp '2026-01-01' + g * interval '100 milliseconds'
    FROM generate_series(1, ${AUDIT}) g;
    ANALYZE;`);

  const input = (cursor?: string) => AdminUsersListInput.parse({ limit: PAGE, ...(cursor ? { cursor } : {}) });
  const first = await ms(() => listUsers(db.prisma, input()));
  // Walk to page 1000 once to get its cursor, then time that page.
  let cursor: string | undefined;
  for (let p = 1; p < 1000; p++) cursor = (await listUsers(db.prisma, input(cursor))).nextCursor ?? undefined;
  const deep = await ms(() => listUsers(db.prisma, input(cursor)));
  const offset = await ms(() =>
    db.prisma.user.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: 999 * PAGE, take: PAGE + 1, select: adminUserRowSelect }),
  );
  console.log(`users list, ${USERS} users, ${PAGE} per page`);
  console.log(`  keyset page 1          ${first.toFixed(2).padStart(8)} ms`);
  console.log(`  keyset page 1000       ${deep.toFixed(2).padStart(8)} ms   (${(deep / first).toFixed(2)}× page 1)`);
  console.log(`  baseline: OFFSET p.1000 ${offset.toFixed(2).padStart(7)} ms   (${(offset / deep).toFixed(2)}× keyset page 1000)`);

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = rssBefore;
  let peakHeap = heapBefore;
  let chunks = 0;
  let bytes = 0;
  let lines = 0;
  const t0 = performance.now();
  for await (const chunk of auditCsv(db.prisma, {})) {
    bytes += chunk.length;
    lines += chunk.split("\n").length - 1;
    peak = Math.max(peak, process.memoryUsage().rss);
    // With --expose-gc, collect now and then so the heap shows what is really held.
    if (++chunks % 50 === 0) global.gc?.();
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const secs = (performance.now() - t0) / 1000;
  console.log(`audit CSV export: ${lines - 1} rows, ${(bytes / 1e6).toFixed(0)} MB in ${secs.toFixed(1)} s`);
  console.log(`  heap before ${(heapBefore / 1e6).toFixed(0)} MB, peak ${(peakHeap / 1e6).toFixed(0)} MB${global.gc ? "" : " (run with node --expose-gc for a truer heap figure)"}`);
  console.log(`  RSS before ${(rssBefore / 1e6).toFixed(0)} MB, peak during export ${(peak / 1e6).toFixed(0)} MB (+${((peak - rssBefore) / 1e6).toFixed(0)} MB for ${(bytes / 1e6).toFixed(0)} MB of output)`);
  await db.close();
});
