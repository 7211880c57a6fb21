// Admin console at scale, on a throwaway PostgreSQL 15 (or BENCH_DATABASE_URL):
//  1. the users and audit lists stay flat as the tables grow (issue 13, target 5): at each size
//     of BENCH_SIZES (10 000 and 1 000 000 rows in each table by default), the first page and a
//     page in the middle (its keyset cursor made from the middle row) of admin.users.list and
//     admin.audit.list through their services, next to OFFSET paging to the same middle page
//     (the baseline keyset avoids); then the ratio of the largest size to the smallest;
//  2. audit CSV export of the largest audit table: time and peak RSS, next to the RSS before.
// The candidate list is bench/candidate-search.ts (BENCH_SIZES=10000,1000000 there).
// Run: node --expose-gc --import tsx bench/admin-scale.ts   (BENCH_SIZES=10000,1000000 BENCH_EXPORT=0 skips 2)
import { withPostgres } from "./postgres.ts";
import { openDatabase } from "../server/db/client.ts";
import { migrate } from "../server/db/migrate.ts";
import { AdminUsersListInput } from "../shared/schemas/admin.ts";
import { adminUserRowSelect, listUsers } from "../server/services/admin/users.ts";
import { auditCsv, listAudit } from "../server/services/admin/audit-log.ts";
import { encodeCursor } from "../server/services/cursor.ts";
import { loadLine } from "./lib/stats.ts";

const SIZES = (process.env.BENCH_SIZES ?? "10000,1000000").split(",").map(Number);
const EXPORT = process.env.BENCH_EXPORT !== "0";
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
  const figures: { size: number; usersFirst: number; usersMiddle: number; usersOffset: number; auditFirst: number; auditMiddle: number; auditOffset: number }[] = [];
  let seeded = 0;
  for (const size of SIZES) {
    console.log(`seeding users and audit rows ${seeded + 1}…${size}`);
    await db.sql.exec(`
      INSERT INTO users (id, email, role, status, created_at, updated_at)
      SELECT 'u' || g, 'user' || g || '@bench.test', 'TRAINEE', 'ACTIVE',
             timestamp '2026-01-01' + g * interval '1 second', now()
      FROM generate_series(${seeded + 1}, ${size}) g;
      INSERT INTO audit_logs (id, user_id, target_user_id, action, details, ip_address, user_agent, created_at)
      SELECT 'a' || g, 'u' || (1 + g % ${size}), 'u' || (1 + g % ${size}), 'SIGN_IN', '{"method":"password"}', '203.0.113.' || (g % 250), 'bench', timestamp '2026-01-01' + g * interval '100 milliseconds'
      FROM generate_series(${seeded + 1}, ${size}) g;
      ANALYZE;`);
    seeded = size;
    const middle = Math.floor(size / 2);
    // The middle row's keyset, as the list would have put it in its cursor (times are UTC).
    const middleRow = (table: string) =>
      db.sql.query<{ v: string; id: string }>(
        `SELECT to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS v, id FROM ${table} ORDER BY created_at DESC, id DESC OFFSET ${middle - 1} LIMIT 1`,
      );
    const uCursor = encodeCursor((await middleRow("users"))[0]!);
    const aCursor = encodeCursor((await middleRow("audit_logs"))[0]!);
    const input = (cursor?: string) => AdminUsersListInput.parse({ limit: PAGE, ...(cursor ? { cursor } : {}) });
    const f = {
      size,
      usersFirst: await ms(() => listUsers(db.prisma, input())),
      usersMiddle: await ms(() => listUsers(db.prisma, input(uCursor))),
      usersOffset: await ms(() => db.prisma.user.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: middle, take: PAGE + 1, select: adminUserRowSelect }), 5),
      auditFirst: await ms(() => listAudit(db.prisma, { limit: PAGE })),
      auditMiddle: await ms(() => listAudit(db.prisma, { limit: PAGE, cursor: aCursor })),
      auditOffset: await ms(() => db.prisma.auditLog.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: middle, take: PAGE + 1, select: { id: true } }), 5),
    };
    // The middle page must really be the middle: its first row follows the cursor's row.
    const check = await listUsers(db.prisma, input(uCursor));
    if (check.users.length !== PAGE) throw new Error("middle page of users is short");
    figures.push(f);
    console.log(`${size.toLocaleString("en")} users and audit rows, ${PAGE} per page  ${loadLine()}`);
    console.log(`  users list  keyset page 1 ${f.usersFirst.toFixed(2).padStart(7)} ms, middle page ${f.usersMiddle.toFixed(2).padStart(7)} ms   baseline OFFSET middle ${f.usersOffset.toFixed(2).padStart(8)} ms`);
    console.log(`  audit list  keyset page 1 ${f.auditFirst.toFixed(2).padStart(7)} ms, middle page ${f.auditMiddle.toFixed(2).padStart(7)} ms   baseline OFFSET middle ${f.auditOffset.toFixed(2).padStart(8)} ms`);
  }
  if (figures.length > 1) {
    const lo = figures[0]!;
    const hi = figures.at(-1)!;
    const r = (k: keyof typeof lo) => (hi[k] / lo[k]).toFixed(2);
    console.log(`${hi.size.toLocaleString("en")} vs ${lo.size.toLocaleString("en")} rows (flat = about 1×):`);
    console.log(`  users list page 1 ${r("usersFirst")}×, middle page ${r("usersMiddle")}×   (OFFSET: ${r("usersOffset")}×)`);
    console.log(`  audit list page 1 ${r("auditFirst")}×, middle page ${r("auditMiddle")}×   (OFFSET: ${r("auditOffset")}×)`);
  }
  if (!EXPORT) {
    await db.close();
    return;
  }

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
  console.log(`audit CSV export (${loadLine()}): ${lines - 1} rows, ${(bytes / 1e6).toFixed(0)} MB in ${secs.toFixed(1)} s`);
  console.log(`  heap before ${(heapBefore / 1e6).toFixed(0)} MB, peak ${(peakHeap / 1e6).toFixed(0)} MB${global.gc ? "" : " (run with node --expose-gc for a truer heap figure)"}`);
  console.log(`  RSS before ${(rssBefore / 1e6).toFixed(0)} MB, peak during export ${(peak / 1e6).toFixed(0)} MB (+${((peak - rssBefore) / 1e6).toFixed(0)} MB for ${(bytes / 1e6).toFixed(0)} MB of output)`);
  await db.close();
});
