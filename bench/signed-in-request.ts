// Issue 13, target 1: a signed-in request ≥ 0.7× the framework's floor.
// On a throwaway PostgreSQL 15 (or BENCH_DATABASE_URL), with the app started as in production
// (NODE_ENV=production, `node --require ./server/threadpool.cjs`), 32 keep-alive connections each:
//   - floor:     anonymous auth.me (tRPC + Fastify, no database work);
//   - signed in: auth.me with a session cookie (the session check + user), 32 users;
//   - baseline:  a hand-written Fastify + pg route doing the same session check
//                (bench/lib/handwritten-server.ts).
// Rounds alternate the three (floor, signed in, baseline) so drift in the machine's load hits
// each alike; the median round of each is printed with the ratios and the load average.
// Run: node --import tsx bench/signed-in-request.ts   (BENCH_SECONDS=8 BENCH_ROUNDS=3 BENCH_CONNECTIONS=32)
import { withPostgres } from "./postgres.ts";
import { migratedDatabase, makeSessions, makeUsers } from "./lib/setup.ts";
import { startApp, startHandwritten, cpuMs } from "./lib/server.ts";
import { runLoad, type LoadResult } from "./lib/http-load.ts";
import { fmt, loadLine, percentile } from "./lib/stats.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PATH = "/api/trpc/auth.me";

const median = (xs: number[]) => percentile(xs, 50);

await withPostgres(async (url) => {
  const db = await migratedDatabase(url);
  const users = await makeUsers(db, CONNECTIONS, "signed");
  const tokens = await makeSessions(db, users.map((u) => u.id));
  await db.close();
  const app = await startApp(url);
  const hand = await startHandwritten(url);
  try {
    const cookie = (c: number) => ({ cookie: `hirexp_session=${tokens[c % tokens.length]}` });
    const kinds = {
      floor: { url: app.url, pid: app.pid, request: () => ({ path: PATH }), check: (b: string) => (b.includes('"json":null') ? null : `not anonymous: ${b.slice(0, 120)}`) },
      signedIn: { url: app.url, pid: app.pid, request: (c: number) => ({ path: PATH, headers: cookie(c) }), check: (b: string) => (b.includes('"email"') ? null : `not signed in: ${b.slice(0, 120)}`) },
      baseline: { url: hand.url, pid: hand.pid, request: (c: number) => ({ path: PATH, headers: cookie(c) }), check: (b: string) => (b.includes('"email"') ? null : `not signed in: ${b.slice(0, 120)}`) },
    } as const;
    // Warm-up: JIT, prepared statements on every pool connection.
    for (const k of Object.values(kinds)) await runLoad({ url: k.url, connections: CONNECTIONS, durationMs: 3000, request: k.request, check: k.check });
    const results: Record<keyof typeof kinds, (LoadResult & { cpuMsPerReq: number; load: string })[]> = { floor: [], signedIn: [], baseline: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, k] of Object.entries(kinds) as [keyof typeof kinds, (typeof kinds)[keyof typeof kinds]][]) {
        const cpu0 = cpuMs(k.pid);
        const res = await runLoad({ url: k.url, connections: CONNECTIONS, durationMs: SECONDS * 1000, request: k.request, check: k.check });
        const cpu = cpuMs(k.pid) - cpu0;
        results[name].push({ ...res, cpuMsPerReq: cpu / res.requests, load: loadLine() });
        console.log(`  round ${r + 1} ${name.padEnd(9)} ${fmt(res.rps, 0).padStart(6)} req/s  p99 ${fmt(percentile(res.latenciesMs, 99))} ms  server CPU ${fmt(cpu / res.requests, 3)} ms/req  errors ${res.errors}  ${loadLine()}`);
        if (res.firstError) console.log(`    first error: ${res.firstError}`);
      }
    }
    const rps = (k: keyof typeof kinds) => median(results[k].map((x) => x.rps));
    const cpu = (k: keyof typeof kinds) => median(results[k].map((x) => x.cpuMsPerReq));
    const errors = Object.values(results).flat().reduce((n, x) => n + x.errors, 0);
    console.log(`\nauth.me, ${CONNECTIONS} connections, NODE_ENV=production, PostgreSQL 15, median of ${ROUNDS} rounds of ${SECONDS} s — ${new Date().toISOString()}`);
    console.log(`  floor (anonymous auth.me)        ${fmt(rps("floor"), 0).padStart(6)} req/s   server CPU ${fmt(cpu("floor"), 3)} ms/req`);
    console.log(`  signed-in auth.me                ${fmt(rps("signedIn"), 0).padStart(6)} req/s   server CPU ${fmt(cpu("signedIn"), 3)} ms/req`);
    console.log(`  hand-written Fastify + pg route  ${fmt(rps("baseline"), 0).padStart(6)} req/s   server CPU ${fmt(cpu("baseline"), 3)} ms/req`);
    const ratio = rps("signedIn") / rps("floor");
    console.log(`  signed-in / floor     ${fmt(ratio, 2)}×   (target ≥ 0.70: ${ratio >= 0.7 ? "met" : "MISSED"})`);
    console.log(`  signed-in / baseline  ${fmt(rps("signedIn") / rps("baseline"), 2)}×`);
    console.log(`  errors ${errors}; ${loadLine()}`);
  } finally {
    await app.stop();
    await hand.stop();
  }
});
