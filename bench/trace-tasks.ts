// The long main-thread tasks of a Lighthouse trace (bench/lighthouse.ts with BENCH_TRACE=1):
// each top-level task of the page's main thread that took `min` ms or more (default 12.5: 50 ms
// at the mobile preset's 4× CPU slowdown, the part Lighthouse counts as blocking), with its time
// from navigation and what it spent that time on (scripts by URL, style, layout, parsing, GC).
// With V8's sampling profiler in the trace (BENCH_TRACE=profile), each task also lists where its
// script time went: the source files (through the build's source maps, when `vite build --sourcemap`
// wrote them to dist/client/assets) and the functions with the most time of their own.
// Run: npx tsx bench/trace-tasks.ts tmp/lighthouse/company-mobile.trace.json [min]
import fs from "node:fs";
import path from "node:path";
import { SourceMapConsumer } from "source-map-js";

type Ev = { name: string; cat: string; ph: string; ts: number; dur?: number; pid: number; tid: number; id?: string; args?: any };
const file = process.argv[2];
if (!file) throw new Error("usage: trace-tasks.ts <trace.json> [min ms]");
const min = Number(process.argv[3] ?? 12.5);
const trace = JSON.parse(fs.readFileSync(file, "utf8")) as { traceEvents: Ev[] };
const events = trace.traceEvents;
// The page's main thread: the renderer thread with the navigation's navigationStart.
const nav = events.find((e) => e.name === "navigationStart" && e.args?.data?.isLoadingMainFrame && e.args?.data?.documentLoaderURL?.startsWith("http"));
if (!nav) throw new Error("no navigationStart");
const main = events.filter((e) => e.pid === nav.pid && e.tid === nav.tid && e.ph === "X").sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
const tasks = main.filter((e) => e.name === "RunTask");
const ms = (us: number) => (us / 1000).toFixed(1);
const shortUrl = (u: string | undefined) => (u ? u.replace(/^https?:\/\/[^/]+/, "") : "?");
const KINDS: Record<string, string> = {
  EvaluateScript: "eval", "v8.compileModule": "compile", "v8.evaluateModule": "eval-module", FunctionCall: "call", TimerFire: "timer",
  FireAnimationFrame: "raf", EventDispatch: "event", RunMicrotasks: "microtasks", ParseHTML: "parse-html", ParseAuthorStyleSheet: "parse-css",
  UpdateLayoutTree: "style", Layout: "layout", Paint: "paint", PrePaint: "prepaint", Layerize: "layerize", MajorGC: "gc", MinorGC: "gc",
  "V8.GC_SCAVENGER": "gc", HitTest: "hit-test", "XHRReadyStateChange": "xhr", "ResourceReceivedData": "data",
};
// The sampling profile: node id → call frame and parent, and each sample's time.
type Frame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
const nodes = new Map<number, { callFrame: Frame; parent?: number }>();
const samples: { ts: number; node: number }[] = [];
const profile = events.find((e) => e.name === "Profile" && e.pid === nav.pid);
if (profile) {
  let ts = profile.args.data.startTime as number;
  for (const chunk of events.filter((e) => e.name === "ProfileChunk" && e.pid === nav.pid && e.id === profile.id)) {
    const cp = chunk.args.data.cpuProfile ?? {};
    for (const n of cp.nodes ?? []) nodes.set(n.id, { callFrame: n.callFrame, parent: n.parent });
    const deltas: number[] = chunk.args.data.timeDeltas ?? [];
    (cp.samples ?? []).forEach((node: number, i: number) => {
      ts += deltas[i] ?? 0;
      samples.push({ ts, node });
    });
  }
}
const maps = new Map<string, SourceMapConsumer | null>();
const assets = path.resolve(import.meta.dirname, "../dist/client");
function where(f: Frame): string {
  if (!f.url) return f.functionName || "(native)";
  const file = f.url.replace(/^https?:\/\/[^/]+/, "");
  if (!maps.has(file)) {
    const mapFile = path.join(assets, `${file}.map`);
    maps.set(file, fs.existsSync(mapFile) ? new SourceMapConsumer(JSON.parse(fs.readFileSync(mapFile, "utf8"))) : null);
  }
  const map = maps.get(file);
  if (!map) return `${file}:${f.lineNumber + 1}:${f.columnNumber + 1} ${f.functionName}`;
  const pos = map.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber });
  return `${(pos.source ?? file).replace(/^(\.\.\/)+/, "").replace(/^node_modules\/\.pnpm\/[^/]+\/node_modules\//, "")}:${pos.line} ${pos.name ?? f.functionName}`;
}
const fileOf = (w: string) => w.replace(/:\d+.*$/, "").replace(/^node_modules\//, "nm/");
function profileOf(start: number, end: number): string {
  const inTask = samples.filter((s) => s.ts >= start && s.ts < end);
  if (inTask.length === 0) return "";
  const self = new Map<string, number>();
  const files = new Map<string, number>();
  for (let i = 0; i < inTask.length; i++) {
    const s = inTask[i]!;
    const dt = ((inTask[i + 1]?.ts ?? end) - s.ts) / 1000;
    const frame = nodes.get(s.node)?.callFrame;
    if (!frame) continue;
    const w = where(frame);
    self.set(w, (self.get(w) ?? 0) + dt);
    files.set(fileOf(w), (files.get(fileOf(w)) ?? 0) + dt);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).filter(([, v]) => v >= 0.5).map(([k, v]) => `${v.toFixed(1)} ${k}`);
  return `\n      files: ${top(files, 8).join(" | ")}\n      self:  ${top(self, 8).join(" | ")}`;
}
let total = 0;
let blocking = 0;
for (const task of tasks) {
  const dur = (task.dur ?? 0) / 1000;
  if (dur < min) continue;
  total++;
  blocking += Math.max(0, dur * 4 - 50);
  const end = task.ts + (task.dur ?? 0);
  const inside = main.filter((e) => e !== task && e.ts >= task.ts && e.ts < end);
  // Time per kind, counting only outermost events of a known kind.
  const parts = new Map<string, number>();
  let coveredUntil = 0;
  for (const e of inside) {
    const kind = KINDS[e.name];
    if (!kind || e.ts < coveredUntil) continue;
    const what = ["eval", "eval-module", "call", "compile", "timer"].includes(kind)
      ? `${kind} ${shortUrl(e.args?.data?.url ?? e.args?.data?.scriptName ?? e.args?.fileName)}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : ""}`
      : kind;
    parts.set(what, (parts.get(what) ?? 0) + (e.dur ?? 0) / 1000);
    if (["eval", "eval-module", "call", "timer", "raf", "event", "microtasks", "parse-html"].includes(kind)) coveredUntil = e.ts + (e.dur ?? 0);
  }
  // Style and layout inside scripts are counted within them above; list them too.
  const nested = (name: string) => inside.filter((e) => e.name === name).reduce((s, e) => s + (e.dur ?? 0) / 1000, 0);
  const detail = [...parts].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(1)}`).join("; ");
  console.log(`${ms(task.ts - nav.ts).padStart(7)} ms  ${dur.toFixed(1).padStart(6)} ms (×4 ${(dur * 4).toFixed(0).padStart(4)})  ${detail}  [style ${nested("UpdateLayoutTree").toFixed(1)}, layout ${nested("Layout").toFixed(1)}, gc ${(nested("MinorGC") + nested("MajorGC")).toFixed(1)}]${profileOf(task.ts, end)}`);
}
console.log(`${total} tasks of ${min} ms or more; blocking time if all counted at 4×: ${blocking.toFixed(0)} ms`);
