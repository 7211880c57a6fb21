// What one password sign-in and one signed-in read cost, without a storm (issue 13, target 2's
// arithmetic: the share of the machine left to bcrypt in bench/login-storm.ts): CPU of the app's
// main thread (its event loop, /proc/<pid>/task/<pid>/stat), of all PostgreSQL processes and of
// this process (the load generator), per request, over sign-ins on 2 connections for 10 s and
// auth.me reads on 4 connections for 5 s, on a throwaway PostgreSQL 15, NODE_ENV=production.
// Linux only (/proc). Run: node --import tsx bench/request-cost.ts
import fs from "node:fs";
import { withPostgres } from "./postgres.ts";
import { BENCH_PASSWORD, migratedDatabase, makeSessions, makeUsers } from "./lib/setup.ts";
import { startApp } from "./lib/server.ts";
import { runLoad } from "./lib/http-load.ts";
import { loadLine } from "./lib/stats.ts";

const HZ = 100;
const threadCpu = (pid: number, tid: number) => { const s = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8"); const f = s.slice(s.lastIndexOf(")") + 2).split(" "); return (Number(f[11]) + Number(f[12])) * 1000 / HZ; };
const pgCpu = () => { let t = 0; for (const p of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) { try { if (!fs.readFileSync(`/proc/${p}/cmdline`, "utf8").startsWith("postgres")) continue; const s = fs.readFileSync(`/proc/${p}/stat`, "utf8"); const f = s.slice(s.lastIndexOf(")") + 2).split(" "); t += (Number(f[11]) + Number(f[12])) * 1000 / HZ; } catch {} } return t; };
const selfCpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

await withPostgres(async (url) => {
  const db = await migratedDatabase(url);
  const users = await makeUsers(db, 60, "s");
  const readers = await makeUsers(db, 8, "r");
  const tokens = await makeSessions(db, readers.map((u) => u.id));
  await db.close();
  const app = await startApp(url, { TRUST_PROXY: "127.0.0.1" });
  let ip = 0;
  const signIn = (c: number) => { ip++; return { path: "/api/trpc/auth.signIn", method: "POST" as const, headers: { "content-type": "application/json", origin: app.url, "x-forwarded-for": `10.1.${(ip >> 8) & 255}.${ip & 255}` }, body: JSON.stringify({ json: { email: users[ip % 60]!.email, password: BENCH_PASSWORD } }) }; };
  const read = (c: number) => ({ path: "/api/trpc/auth.me", headers: { cookie: `hirexp_session=${tokens[c % tokens.length]}` } });
  try {
    console.log(`request cost, NODE_ENV=production, PostgreSQL 15 — ${new Date().toISOString()}  ${loadLine()}`);
    await runLoad({ url: app.url, connections: 2, durationMs: 3000, request: signIn, check: (b) => (b.includes('"userId"') ? null : b.slice(0, 200)) });
    await runLoad({ url: app.url, connections: 4, durationMs: 2000, request: read, check: (b) => (b.includes('"email"') ? null : b.slice(0, 200)) });
    for (const [name, req, ms, conns] of [["sign-in", signIn, 10000, 2], ["read (auth.me)", read, 5000, 4]] as const) {
      const m0 = threadCpu(app.pid, app.pid), p0 = pgCpu(), s0 = selfCpu();
      const r = await runLoad({ url: app.url, connections: conns, durationMs: ms, request: req as never, check: () => null });
      const n = r.requests;
      console.log(`${name.padEnd(15)} ${n} requests, ${r.errors} errors; app main thread ${((threadCpu(app.pid, app.pid) - m0) / n).toFixed(2)} ms, postgres ${((pgCpu() - p0) / n).toFixed(2)} ms, load generator ${((selfCpu() - s0) / n).toFixed(2)} ms per request`);
    }
  } finally { await app.stop(); }
});
