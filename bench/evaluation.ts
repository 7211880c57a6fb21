// A whole evaluation of a 40-message chat (20 coach turns, 20 trainee answers taken from the
// calibration transcripts) after warm-up, next to baselines measured in the same run on the
// same text: harper's lint alone (the grammar checker every evaluation must run) and the retext
// plugins alone. Target: under 300 ms per evaluation.
// Run: npx tsx bench/evaluation.ts   (BENCH_N changes the number of timed evaluations)
import fs from "node:fs";
import path from "node:path";
import { evaluateSession, warmUp } from "../server/services/evaluation/index.ts";
import { lintTexts } from "../server/services/evaluation/harper.ts";
import { retextFindingsOf } from "../server/services/evaluation/retext.ts";
import type { CoachScenario } from "../server/services/coach/types.ts";
import type { TranscriptTurn } from "../server/services/evaluation/types.ts";

const N = Number(process.env.BENCH_N ?? 20);
const dir = path.join(import.meta.dirname, "../tests/fixtures/evaluation");

const answers: string[] = [];
for (const f of fs.readdirSync(dir).sort()) {
  if (!f.endsWith(".json") || f === "orderings.json") continue;
  const fx = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as { turns: TranscriptTurn[] };
  for (const t of fx.turns) if (t.role === "trainee" && t.text.split(" ").length > 12) answers.push(t.text);
}
const item = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../prisma/library/chat-scenarios/tell-me-about-yourself.json"), "utf8")).item;
const scenario: CoachScenario = { type: "CHAT_SCENARIO", title: item.title, data: item.data };
const turns: TranscriptTurn[] = [];
for (let i = 0; i < 20; i++) {
  turns.push({ role: "coach", text: scenario.data.steps[i % scenario.data.steps.length]!.say });
  turns.push({ role: "trainee", text: answers[(i * 7) % answers.length]! });
}
const traineeTexts = turns.filter((t) => t.role === "trainee").map((t) => t.text);
const chars = traineeTexts.reduce((n, t) => n + t.length, 0);

async function time(label: string, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await fn(); // warm-up of this path
  const runs: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await fn();
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  const median = runs[Math.floor(runs.length / 2)]!;
  const p90 = runs[Math.min(runs.length - 1, Math.floor(runs.length * 0.9))]!;
  console.log(`${label.padEnd(46)} median ${median.toFixed(1).padStart(7)} ms   p90 ${p90.toFixed(1).padStart(7)} ms`);
  return median;
}

const t0 = performance.now();
await warmUp();
console.log(`warm-up (harper setup, once per process): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(`40-message chat: 20 trainee answers, ${chars} characters; ${N} timed runs each`);
const harper = await time("baseline: harper lint of the trainee text", () => lintTexts(traineeTexts));
const retext = await time("baseline: retext plugins on the trainee text", () => retextFindingsOf(traineeTexts));
const whole = await time("evaluateSession (whole evaluation)", () => evaluateSession({ scenario, turns }));
console.log(`ratio: evaluation / harper ${(whole / harper).toFixed(2)}×, evaluation / (harper + retext) ${(whole / (harper + retext)).toFixed(2)}×; target < 300 ms: ${whole < 300 ? "met" : "NOT met"}`);
