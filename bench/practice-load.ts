// Issue 13, target 4: practice under load. On a throwaway PostgreSQL 15 (or BENCH_DATABASE_URL),
// the app in production mode with the embedded coach: BENCH_TRAINEES simulated trainees (200)
// each start a chat on a library scenario, then send a message every 2 s for BENCH_SECONDS (60)
// through practice.chat.send, each on its own keep-alive connection, starts spread over the first
// 2 s (an open loop: a slow answer does not delay the next send). Prints the p50/p95/p99 of
// practice.chat.send, errors, messages/s, and the server's CPU per message (from /proc, the app
// process only; PostgreSQL's CPU is extra). Then ends BENCH_EVALS sessions of 20 messages each
// way (40 messages) over HTTP, after a warm-up evaluation: practice.chat.end times.
// Run: node --import tsx bench/practice-load.ts   (BENCH_TRAINEES=200 BENCH_SECONDS=60 BENCH_EVALS=5)
import fs from "node:fs";
import path from "node:path";
import { Client } from "undici";
import { withPostgres } from "./postgres.ts";
import { migratedDatabase, makeSessions, makeUsers } from "./lib/setup.ts";
import { cpuMs, startApp } from "./lib/server.ts";
import { fmt, loadLine, percentile } from "./lib/stats.ts";
import { installLibrary } from "../server/services/content/library.ts";

const TRAINEES = Number(process.env.BENCH_TRAINEES ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const EVALS = Number(process.env.BENCH_EVALS ?? 5);
const EVERY_MS = 2000;

// Real trainee answers (the evaluation fixtures), so the coach and the goal matcher do real work.
const fixtures = path.join(import.meta.dirname, "../tests/fixtures/evaluation");
const answers: string[] = [];
for (const f of fs.readdirSync(fixtures).sort()) {
  if (!f.endsWith(".json") || f === "orderings.json") continue;
  const fx = JSON.parse(fs.readFileSync(path.join(fixtures, f), "utf8")) as { turns?: { role: string; text: string }[] };
  for (const t of fx.turns ?? []) if (t.role === "trainee" && t.text.length > 20 && t.text.length < 1500) answers.push(t.text);
}

await withPostgres(async (url) => {
  const db = await migratedDatabase(url);
  await installLibrary(db.prisma);
  const scenario = await db.prisma.content.findFirst({ where: { type: "CHAT_SCENARIO", isPublished: true }, select: { id: true, title: true }, orderBy: { id: "asc" } });
  if (!scenario) throw new Error("no published chat scenario in the library");
  const users = await makeUsers(db, TRAINEES + EVALS, "trainee");
  const tokens = await makeSessions(db, users.map((u) => u.id));
  await db.close();
  const app = await startApp(url);
  const clients = tokens.map(() => new Client(app.url, { pipelining: 1, keepAliveTimeout: 120_000 }));
  const call = async (c: number, proc: string, json: unknown) => {
    const res = await clients[c]!.request({
      path: `/api/trpc/${proc}`,
      method: "POST",
      headers: { "content-type": "application/json", origin: app.url, cookie: `hirexp_session=${tokens[c]}` },
      body: JSON.stringify({ json }),
    });
    const body = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${proc}: HTTP ${res.statusCode} ${body.slice(0, 300)}`);
    return JSON.parse(body).result.data.json;
  };
  try {
    // Every trainee starts a chat (not timed).
    const sessions: string[] = [];
    for (let c = 0; c < TRAINEES + EVALS; c++) sessions.push((await call(c, "practice.chat.start", { contentId: scenario.id })).sessionId);
    // Warm-up: a few exchanges from the evaluation trainees (JIT, pool connections).
    const sent = new Map<number, number>();
    for (let i = 0; i < 20; i++) {
      const c = TRAINEES + (i % EVALS);
      await call(c, "practice.chat.send", { sessionId: sessions[c], content: answers[i % answers.length] });
      sent.set(c, (sent.get(c) ?? 0) + 1);
    }

    console.log(`${TRAINEES} trainees, a message every ${EVERY_MS / 1000} s for ${SECONDS} s, scenario "${scenario.title}"  ${loadLine()}`);
    const latencies: number[] = [];
    let errors = 0;
    let firstError: string | undefined;
    const profiling = Boolean(process.env.BENCH_PROFILE_DIR);
    if (profiling) await fetch(`${app.url}/api/bench/profile?action=start`, { method: "POST" });
    const cpu0 = cpuMs(app.pid);
    const t0 = performance.now();
    const perTrainee = Math.floor((SECONDS * 1000) / EVERY_MS);
    await Promise.all(
      Array.from({ length: TRAINEES }, async (_, c) => {
        const offset = (c / TRAINEES) * EVERY_MS;
        const sends: Promise<void>[] = [];
        for (let k = 0; k < perTrainee; k++) {
          const at = t0 + offset + k * EVERY_MS;
          const wait = at - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          sends.push(
            (async () => {
              const s = performance.now();
              try {
                const r = await call(c, "practice.chat.send", { sessionId: sessions[c], content: answers[(c * 31 + k) % answers.length] });
                if (!r?.reply?.content) throw new Error(`no reply: ${JSON.stringify(r).slice(0, 200)}`);
              } catch (e) {
                errors++;
                firstError ??= String(e);
              }
              latencies.push(performance.now() - s);
            })(),
          );
        }
        await Promise.all(sends);
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuMs(app.pid) - cpu0;
    if (profiling) console.log("profile:", await (await fetch(`${app.url}/api/bench/profile?action=stop`, { method: "POST" })).text());
    const loadDuring = loadLine();
    const p95 = percentile(latencies, 95);
    console.log(`\npractice.chat.send under load, NODE_ENV=production, PostgreSQL 15, embedded coach — ${new Date().toISOString()}`);
    console.log(`  ${latencies.length} messages in ${fmt(seconds)} s (${fmt(latencies.length / seconds)}/s), errors ${errors}${firstError ? ` (first: ${firstError})` : ""}`);
    console.log(`  latency p50 ${fmt(percentile(latencies, 50))} ms, p95 ${fmt(p95)} ms, p99 ${fmt(percentile(latencies, 99))} ms, max ${fmt(Math.max(...latencies))} ms   (target p95 < 150 ms, 0 errors: ${p95 < 150 && errors === 0 ? "met" : "MISSED"})`);
    console.log(`  server CPU ${fmt(cpu / latencies.length, 2)} ms per message (app process; ${fmt(cpu / 1000 / seconds, 2)} cores busy on average)`);
    console.log(`  ${loadDuring} (at the end of the run)`);

    // Evaluations of 40-message chats over HTTP (practice.chat.end), after one warm-up.
    const evalTimes: number[] = [];
    for (let e = 0; e < EVALS; e++) {
      const c = TRAINEES + e;
      // 20 trainee answers and 20 coach replies (plus the opening), warm-up exchanges included.
      for (let k = sent.get(c) ?? 0; k < 20; k++) await call(c, "practice.chat.send", { sessionId: sessions[c], content: answers[(e * 13 + k) % answers.length] });
      const s = performance.now();
      const r = await call(c, "practice.chat.end", { sessionId: sessions[c] });
      if (!r?.evaluation) throw new Error("no evaluation");
      evalTimes.push(performance.now() - s);
    }
    const warm = evalTimes.slice(1);
    console.log(`  practice.chat.end (evaluation of a 40-message chat, harper loaded at start): first ${fmt(evalTimes[0]!)} ms, then p50 ${fmt(percentile(warm, 50))} ms, max ${fmt(Math.max(...warm))} ms   (target < 300 ms: ${Math.max(...warm) < 300 ? "met" : "MISSED"})  ${loadLine()}`);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await app.stop();
  }
});
