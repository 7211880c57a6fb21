// What the app's main thread spends when it is idle, and per signed-in read at a steady 100 a
// second versus at saturation (issue 13, target 2's arithmetic; decision 021). Measured from
// outside the app (/proc/<pid>/task/*/schedstat and stat), so the measuring costs the app nothing:
//   1. idle: no requests at all, BENCH_IDLE_SECONDS (default 10);
//   2. reads at BENCH_READ_RATE a second (default 100) on up to 8 kept-alive connections, 10 s;
//   3. reads at saturation on 4 connections, 5 s;
//   4. reads at BENCH_READ_RATE again (JIT state after saturation).
// BENCH_TARGET=handwritten measures the hand-written Fastify + pg route instead (the baseline).
// Prints each thread's CPU (ms) per phase, and per read with the idle rate subtracted.
// BENCH_PROFILE_DIR=dir writes a V8 CPU profile of the app for each phase (the bench hooks').
// Linux only. Run: node --import tsx bench/quiet-cost.ts
import fs from "node:fs";
import { Pool } from "undici";
import { withPostgres } from "./postgres.ts";
import { migratedDatabase, makeSessions, makeUsers } from "./lib/setup.ts";
import { startApp, startHandwritten } from "./lib/server.ts";
import { runLoad, runOpenLoad } from "./lib/http-load.ts";
import { fmt, loadLine } from "./lib/stats.ts";

const IDLE_S = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_READ_RATE ?? 100);
const profiling = Boolean(process.env.BENCH_PROFILE_DIR);

type T = { name: string; cpuMs: number; userMs: number; sysMs: number; slices: number };
function threads(pid: number): Map<string, T> {
  const out = new Map<string, T>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const [run, , slices] = fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").trim().split(" ").map(Number);
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(tid, { name, cpuMs: run! / 1e6, userMs: Number(f[11]) * 10, sysMs: Number(f[12]) * 10, slices: slices! });
    } catch {
      /* ended */
    }
  }
  return out;
}
function diff(a: Map<string, T>, b: Map<string, T>): Map<string, T> {
  const out = new Map<string, T>();
  for (const [tid, t] of b) {
    const p = a.get(tid);
    out.set(tid, { name: t.name, cpuMs: t.cpuMs - (p?.cpuMs ?? 0), userMs: t.userMs - (p?.userMs ?? 0), sysMs: t.sysMs - (p?.sysMs ?? 0), slices: t.slices - (p?.slices ?? 0) });
  }
  return out;
}

await withPostgres(async (url) => {
  const db = await migratedDatabase(url);
  const readers = await makeUsers(db, 8, "reader");
  const tokens = await makeSessions(db, readers.map((u) => u.id));
  await db.close();
  const handwritten = process.env.BENCH_TARGET === "handwritten"; // the baseline route (bench/lib/handwritten-server.ts)
  const app = handwritten ? await startHandwritten(url) : await startApp(url, { TRUST_PROXY: "127.0.0.1" });
  const read = (c: number) => ({ path: "/api/trpc/auth.me", headers: { cookie: `hirexp_session=${tokens[c % tokens.length]}` } });
  const check = (b: string) => (b.includes('"email"') ? null : `not signed in: ${b.slice(0, 120)}`);
  const prof = async (action: "start" | "stop", label = "") => {
    if (!profiling || handwritten) return;
    const r = await (await fetch(`${app.url}/api/bench/profile?action=${action}`, { method: "POST" })).text();
    if (action === "stop") console.log(`  profile (${label}): ${r}`);
  };
  try {
    console.log(`quiet cost, NODE_ENV=production, PostgreSQL 15 — ${new Date().toISOString()}  ${loadLine()}`);
    await runLoad({ url: app.url, connections: 4, durationMs: 3000, request: read, check });
    const pool = new Pool(app.url, { connections: 8, pipelining: 1, keepAliveTimeout: 60_000 });
    const phase = async (label: string, fn: () => Promise<number>) => {
      await prof("start");
      const a = threads(app.pid);
      const t0 = performance.now();
      const n = await fn();
      const s = (performance.now() - t0) / 1000;
      const d = diff(a, threads(app.pid));
      await prof("stop", label);
      return { label, n, s, d };
    };
    const idle = await phase("idle", async () => {
      await new Promise((r) => setTimeout(r, IDLE_S * 1000));
      return 0;
    });
    const quiet = await phase(`${RATE}/s`, async () => (await runOpenLoad({ url: app.url, rate: RATE, connections: 8, durationMs: 10_000, request: read, check, pool })).requests);
    const sat = await phase("saturation", async () => (await runLoad({ url: app.url, connections: 4, durationMs: 5000, request: read, check })).requests);
    const again = await phase(`${RATE}/s again`, async () => (await runOpenLoad({ url: app.url, rate: RATE, connections: 8, durationMs: 10_000, request: read, check, pool })).requests);
    await pool.close();
    const main = String(app.pid);
    const idleMainPerS = idle.d.get(main)!.cpuMs / idle.s;
    for (const p of [idle, quiet, sat, again]) {
      const m = p.d.get(main)!;
      console.log(
        `${p.label.padEnd(13)} ${fmt(p.s, 1)} s, ${p.n} reads: main thread ${fmt(m.cpuMs, 0)} ms CPU (${fmt(m.cpuMs / p.s, 1)} ms/s; user ${m.userMs}, sys ${m.sysMs} ms), ${m.slices} slices` +
          (p.n ? `; per read ${fmt(m.cpuMs / p.n, 3)} ms, idle rate subtracted ${fmt((m.cpuMs - idleMainPerS * p.s) / p.n, 3)} ms` : ""),
      );
      for (const [tid, t] of p.d) if (tid !== main && t.cpuMs > 5) console.log(`    ${t.name.padEnd(16)} ${fmt(t.cpuMs, 0)} ms, ${t.slices} slices`);
    }
    console.log(loadLine());
  } finally {
    await app.stop();
  }
});
