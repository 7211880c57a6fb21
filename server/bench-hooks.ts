// Bench-only endpoints, registered by main.ts when HIREXP_BENCH_HOOKS=1 (never otherwise):
//   GET  /api/bench/ready       answers once the evaluation engine (harper) has loaded, so a
//                               bench does not measure the warm-up;
//   POST /api/bench/event-loop  the event-loop delay (perf_hooks) since the previous call, in ms.
// They expose no data, only timings of this process.
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
}
