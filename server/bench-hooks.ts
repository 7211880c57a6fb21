// Bench-only endpoints, registered by main.ts when HIREXP_BENCH_HOOKS=1 (never otherwise):
//   GET  /api/bench/ready       answers once the evaluation engine (harper) has loaded, so a
//                               bench does not measure the warm-up;
//   POST /api/bench/event-loop  the event-loop delay (perf_hooks) since the previous call, in ms;
//   POST /api/bench/profile?action=start|stop  a V8 CPU profile (node:inspector) of a bench run,
//                               written to BENCH_PROFILE_DIR (only when that is set).
// They expose no data, only timings of this process.
import fs from "node:fs";
import path from "node:path";
import { Session } from "node:inspector/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { FastifyInstance } from "fastify";
import { warmUp } from "./services/evaluation/index.ts";

export function benchHooksEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.HIREXP_BENCH_HOOKS === "1";
}

export function registerBenchHooks(app: FastifyInstance): void {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  app.get("/api/bench/ready", async () => {
    await warmUp();
    return { ready: true };
  });
  app.post("/api/bench/event-loop", async () => {
    const r = { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), count: h.count };
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
