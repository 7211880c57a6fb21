// Issue 13, target 2: sign-ins under a storm ≥ 0.95× the bcrypt bound, with p99 of concurrent
// signed-in reads < 25 ms, and the server's event-loop delay (p99) during the storm.
// On a throwaway PostgreSQL 15 (or BENCH_DATABASE_URL), the app in production mode
// (`node --require ./server/threadpool.cjs`, TRUST_PROXY=127.0.0.1):
//   1. bound: cost-12 bcrypt verifies per second with one verify per core running at once,
//      measured in this process (same library, same hash) just before and just after the storm;
//   2. storm: 60 users sign in over and over through auth.signIn, each attempt from its own
//      address (X-Forwarded-For), for BENCH_SECONDS; meanwhile signed-in auth.me reads arrive
//      on schedule, BENCH_READ_RATE a second (an open loop over up to BENCH_READERS connections,
//      opened before the storm and kept alive, as a browser that has been on the site keeps its
//      connection; the storm's 60 users all connect at its first instant);
//   3. prints sign-ins/s, the ratio to the bound, read latencies (p50/p99) and the event-loop
//      delay of the server during the storm (perf_hooks, bench hooks), with the load average.
//   4. and where the reads' time went: how late the load generator sent them, their time inside
//      the server (received → answered), and how long the server's threads waited for a core.
// Run: node --import tsx bench/login-storm.ts   (BENCH_SECONDS=20 BENCH_USERS=60 BENCH_READERS=8 BENCH_READ_RATE=100)
//   BENCH_DUMP=file.json writes each storm read's latency and send delay, in order;
//   BENCH_PROFILE_DIR=dir writes a V8 CPU profile of the server during the storm.
import os from "node:os";
import { verify } from "@node-rs/bcrypt";
import { withPostgres } from "./postgres.ts";
import { BENCH_PASSWORD, migratedDatabase, makeSessions, makeUsers } from "./lib/setup.ts";
import { eventLoopDelay, startApp } from "./lib/server.ts";
import { runLoad, runOpenLoad } from "./lib/http-load.ts";
import { fmt, loadLine, percentile } from "./lib/stats.ts";
import { Pool } from "undici";
import { cpuBreakdown, cpuSnapshot } from "./lib/cpu.ts";
import { hashPassword } from "../server/auth/password.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const USERS = Number(process.env.BENCH_USERS ?? 60);
const READERS = Number(process.env.BENCH_READERS ?? 8);
/** Signed-in reads per second during the storm (an open loop: users reading pages, not a saturating load). */
const READ_RATE = Number(process.env.BENCH_READ_RATE ?? 100);
const CORES = os.availableParallelism();

/** Verifies per second with CORES at once, for `ms`. */
async function bcryptBound(hash: string, ms: number): Promise<number> {
  let n = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CORES }, async () => {
      while (performance.now() - t0 < ms) {
        if (!(await verify(BENCH_PASSWORD, hash))) throw new Error("bcrypt bound: wrong hash");
        n++;
      }
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

await withPostgres(async (url) => {
  const db = await migratedDatabase(url);
  const stormUsers = await makeUsers(db, USERS, "storm");
  const readers = await makeUsers(db, READERS, "reader");
  const tokens = await makeSessions(db, readers.map((u) => u.id));
  await db.close();
  const hash = await hashPassword(BENCH_PASSWORD);
  const app = await startApp(url, { TRUST_PROXY: "127.0.0.1" });
  try {
    // Warm-up: a few sign-ins and reads (JIT, pool connections, the dummy hash).
    let ip = 0;
    const nextIp = () => {
      ip++;
      return `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`;
    };
    const signIn = (c: number) => ({
      path: "/api/trpc/auth.signIn",
      method: "POST" as const,
      headers: { "content-type": "application/json", origin: app.url, "x-forwarded-for": nextIp() },
      body: JSON.stringify({ json: { email: stormUsers[c % USERS]!.email, password: BENCH_PASSWORD } }),
    });
    const checkSignIn = (b: string) => (b.includes('"userId"') ? null : `sign-in refused: ${b.slice(0, 200)}`);
    const read = (c: number) => ({ path: "/api/trpc/auth.me", headers: { cookie: `hirexp_session=${tokens[c % tokens.length]}` } });
    const checkRead = (b: string) => (b.includes('"email"') ? null : `not signed in: ${b.slice(0, 120)}`);
    await runLoad({ url: app.url, connections: 2, durationMs: 2000, request: signIn, check: checkSignIn });
    await runLoad({ url: app.url, connections: READERS, durationMs: 2000, request: read, check: checkRead });

    const before = await bcryptBound(hash, 6000);
    console.log(`bcrypt bound before: ${fmt(before, 2)} verifies/s (${CORES} at once)  ${loadLine()}`);
    // The readers' connections stay open from the quiet reads into the storm.
    const readerPool = new Pool(app.url, { connections: READERS, pipelining: 1, keepAliveTimeout: 60_000 });
    await eventLoopDelay(app.url); // reset
    const quiet = await runOpenLoad({ url: app.url, rate: READ_RATE, connections: READERS, durationMs: 4000, request: read, check: checkRead, pool: readerPool });
    const quietMain = (await eventLoopDelay(app.url)).threads.find((t) => t.tid === String(app.pid));
    console.log(
      `reads without a storm: p50 ${fmt(percentile(quiet.latenciesMs, 50))} ms, p99 ${fmt(percentile(quiet.latenciesMs, 99))} ms` +
        (quietMain ? `, the server's main thread ${fmt(quietMain.cpuMs / quiet.requests, 2)} ms of CPU per read (${fmt(quietMain.sysMs / quiet.requests, 2)} in the kernel)` : "") +
        `  ${loadLine()}`,
    );
    await eventLoopDelay(app.url); // reset
    const profiling = Boolean(process.env.BENCH_PROFILE_DIR); // a V8 CPU profile of the server during the storm
    if (profiling) await fetch(`${app.url}/api/bench/profile?action=start`, { method: "POST" });
    const cpu0 = cpuSnapshot(app.pid, url);
    const [storm, reads] = await Promise.all([
      runLoad({ url: app.url, connections: USERS, durationMs: SECONDS * 1000, request: signIn, check: checkSignIn }),
      runOpenLoad({ url: app.url, rate: READ_RATE, connections: READERS, durationMs: SECONDS * 1000, request: read, check: checkRead, pool: readerPool }),
    ]);
    const cpu1 = cpuSnapshot(app.pid, url);
    await readerPool.close();
    const loop = await eventLoopDelay(app.url);
    if (profiling) console.log("profile:", await (await fetch(`${app.url}/api/bench/profile?action=stop`, { method: "POST" })).text());
    if (process.env.BENCH_DUMP) (await import("node:fs")).writeFileSync(process.env.BENCH_DUMP, JSON.stringify({ lat: reads.latenciesMs, late: reads.sendLateMs }));
    const loadDuring = loadLine();
    const after = await bcryptBound(hash, 6000);
    console.log(`bcrypt bound after:  ${fmt(after, 2)} verifies/s  ${loadLine()}`);
    const bound = (before + after) / 2;
    const ok = storm.requests - storm.errors;
    // Sign-ins answered within the storm's SECONDS; the queue still in flight at the end is not counted.
    const rate = storm.okPerSecond;
    const p99 = percentile(reads.latenciesMs, 99);
    console.log(`\nlogin storm, ${USERS} users from distinct addresses, ${SECONDS} s, NODE_ENV=production, PostgreSQL 15 — ${new Date().toISOString()}`);
    console.log(`  sign-ins: ${ok} ok (in flight at the end included), ${storm.errors} errors; ${fmt(rate, 2)}/s answered within the ${SECONDS} s; bcrypt bound ${fmt(bound, 2)}/s (mean of before/after)`);
    if (storm.firstError) console.log(`  first sign-in error: ${storm.firstError}`);
    console.log(`  sign-ins / bound       ${fmt(rate / bound, 2)}×   (target ≥ 0.95: ${rate / bound >= 0.95 ? "met" : "MISSED"})`);
    console.log(`  signed-in reads during the storm (${READ_RATE}/s on schedule, up to ${READERS} connections): ${reads.requests} reads, ${reads.errors} errors, p50 ${fmt(percentile(reads.latenciesMs, 50))} ms, p99 ${fmt(p99)} ms   (target < 25 ms: ${p99 < 25 ? "met" : "MISSED"})`);
    console.log(`  event-loop delay during the storm: p50 ${loop.p50} ms, p99 ${loop.p99} ms, max ${loop.max} ms`);
    if (reads.sendLateMs) console.log(`  the reads' sending, late after their schedule (this process busy): p50 ${fmt(percentile(reads.sendLateMs, 50))} ms, p99 ${fmt(percentile(reads.sendLateMs, 99))} ms`);
    const me = loop.requests["/api/trpc/auth.me"];
    if (me) console.log(`  the reads inside the server (received → answered): p50 ${fmt(me.p50)} ms, p99 ${fmt(me.p99)} ms, max ${fmt(me.max)} ms`);
    const main = loop.threads.find((t) => t.tid === String(app.pid));
    if (main) console.log(`  the server's main thread: ${fmt(main.cpuMs, 0)} ms CPU (${fmt(main.sysMs, 0)} in the kernel), ${fmt(main.waitMs, 0)} ms waiting for a core over ${main.slices} timeslices (${fmt(main.waitMs / Math.max(1, main.slices), 2)} ms each)`);
    for (const t of loop.threads.filter((t) => t.cpuMs > 100 && t.tid !== String(app.pid))) {
      console.log(`    thread ${t.name} (nice ${t.nice}): ${fmt(t.cpuMs, 0)} ms CPU, ${fmt(t.waitMs, 0)} ms waiting, ${t.slices} slices`);
    }
    console.log(`  CPU during the storm: ${cpuBreakdown(cpu0, cpu1)}`);
    console.log(`  ${loadDuring} (during), UV_THREADPOOL_SIZE in the server: cores + 4`);
  } finally {
    await app.stop();
  }
});
