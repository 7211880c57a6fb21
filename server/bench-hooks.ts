// Bench-only endpoints, registered by main.ts when HIREXP_BENCH_HOOKS=1 (never otherwise):
//   GET  /api/bench/ready       answers once the evaluation engine (harper) has loaded, so a
//                               bench does not measure the warm-up;
//   POST /api/bench/event-loop  the event-loop delay (perf_hooks) since the previous call, in ms,
//                               with the time each request spent in this process (received →
//                               answered, by route) and what the scheduler made each thread wait
//                               for a core (/proc/self/task/*/schedstat, Linux);
//   POST /api/bench/profile?action=start|stop  a V8 CPU profile (node:inspector) of a bench run,
//                               written to BENCH_PROFILE_DIR (only when that is set).
// They expose no data, only timings of this process.
import fs from "node:fs";
import path from "node:path";
import { Session } from "node:inspector/promises";
import { createHistogram, monitorEventLoopDelay, type RecordableHistogram } from "node:perf_hooks";
import type { FastifyInstance } from "fastify";
import { warmUp } from "./services/evaluation/index.ts";

export function benchHooksEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.HIREXP_BENCH_HOOKS === "1";
}

export function registerBenchHooks(app: FastifyInstance): void {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  // Per route (the tRPC path, or the URL without its query): received → answered, in µs.
  const inServer = new Map<string, RecordableHistogram>();
  const started = new WeakMap<object, bigint>();
  app.addHook("onRequest", async (req) => {
    started.set(req, process.hrtime.bigint());
  });
  app.addHook("onResponse", async (req) => {
    const t0 = started.get(req);
    if (t0 === undefined) return;
    const route = req.url.split("?")[0]!;
    let hist = inServer.get(route);
    if (!hist) inServer.set(route, (hist = createHistogram()));
    hist.record(Math.max(1, Number((process.hrtime.bigint() - t0) / 1000n)));
  });
  let runWaitBefore = threadRunWaits();
  app.get("/api/bench/ready", async () => {
    await warmUp();
    return { ready: true };
  });
  app.post("/api/bench/event-loop", async () => {
    const requests = Object.fromEntries(
      [...inServer].map(([route, hist]) => [
        route,
        { count: hist.count, p50: hist.percentile(50) / 1000, p99: hist.percentile(99) / 1000, max: hist.max / 1000 },
      ]),
    );
    inServer.clear();
    const runWait = threadRunWaits();
    const threads = [...runWait].map(([tid, t]) => {
      const before = runWaitBefore.get(tid);
      return {
        tid,
        name: t.name,
        nice: t.nice,
        cpuMs: t.cpuMs - (before?.cpuMs ?? 0),
        sysMs: t.sysMs - (before?.sysMs ?? 0),
        waitMs: t.waitMs - (before?.waitMs ?? 0),
        slices: t.slices - (before?.slices ?? 0),
      };
    });
    runWaitBefore = runWait;
    const r = { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), count: h.count, requests, threads };
    h.reset();
    return r;
  });
  const profileDir = process.env.BENCH_PROFILE_DIR;
  if (profileDir) {
    const session = new Session();
    session.connect();
    app.post<{ Querystring: { action?: string } }>("/api/bench/profile", async (req) => {
      if (req.query.action === "start") {
        await session.post("Profiler.enable");
        await session.post("Profiler.start");
        return { started: true };
      }
      const { profile } = await session.post("Profiler.stop");
      fs.mkdirSync(profileDir, { recursive: true });
      const file = path.join(profileDir, `hirexp-${Date.now()}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      return { file };
    });
  }
}

/** Each thread of this process: CPU time, time spent runnable but waiting for a core, timeslices (Linux). */
type ThreadTimes = { name: string; nice: number; cpuMs: number; waitMs: number; slices: number; sysMs: number };
function threadRunWaits(): Map<string, ThreadTimes> {
  const out = new Map<string, ThreadTimes>();
  let tids: string[] = [];
  try {
    tids = fs.readdirSync("/proc/self/task");
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const [run, wait, slices] = fs.readFileSync(`/proc/self/task/${tid}/schedstat`, "utf8").trim().split(" ").map(Number);
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const nice = Number(fields[16]);
      // utime and stime, in clock ticks (USER_HZ, 100 on Linux).
      out.set(tid, { name, nice, cpuMs: run! / 1e6, waitMs: wait! / 1e6, slices: slices!, sysMs: Number(fields[12]) * 10 });
    } catch {
      /* the thread ended */
    }
  }
  return out;
}
