// server/threadpool.cjs, loaded first by `npm run serve` and the benchmarks: sizes libuv's
// thread pool to the cores + 4 and runs its threads at nice 19, so that bcrypt hashes during a
// login storm never take the CPU from the event loop (bench/login-storm.ts). Run in a child
// process, as the server runs it; Linux only (nice is per thread there).
import { execFileSync } from "node:child_process";
import os from "node:os";
import { describe, expect, it } from "vitest";

const probe = `
const fs = require("node:fs");
const nice = (tid) => { const s = fs.readFileSync("/proc/self/task/" + tid + "/stat", "utf8"); return Number(s.slice(s.lastIndexOf(")") + 2).split(" ")[16]); };
// Wait until the pool's first work (threadpool.cjs's probe) has run its callback: a second
// piece of pool work queued now completes after it.
fs.stat(__filename, () => fs.stat(__filename, () => {
  const tasks = fs.readdirSync("/proc/self/task").map(Number);
  console.log(JSON.stringify({ size: process.env.UV_THREADPOOL_SIZE, main: nice(process.pid), nices: tasks.filter((t) => t !== process.pid).map(nice) }));
}));
`;

function run(env: Record<string, string> = {}): { size: string; main: number; nices: number[] } {
  const out = execFileSync(process.execPath, ["--require", "./server/threadpool.cjs", "-e", probe], { env: { ...process.env, UV_THREADPOOL_SIZE: "", ...env }, encoding: "utf8" });
  return JSON.parse(out.trim()) as { size: string; main: number; nices: number[] };
}

describe.runIf(process.platform === "linux")("server/threadpool.cjs", () => {
  it("sizes the pool to the cores + 4 and runs exactly its threads at nice 19, the main thread at 0", () => {
    const r = run();
    expect(Number(r.size)).toBe(os.availableParallelism() + 4);
    expect(r.main).toBe(0);
    expect(r.nices.filter((n) => n === 19)).toHaveLength(os.availableParallelism() + 4);
    // V8's own threads (GC, compiler) keep the default priority.
    expect(r.nices.filter((n) => n === 0).length).toBeGreaterThan(0);
  });

  it("keeps an explicit UV_THREADPOOL_SIZE, and HIREXP_POOL_NICE=0 leaves the pool at the default priority", () => {
    const r = run({ UV_THREADPOOL_SIZE: "3", HIREXP_POOL_NICE: "0" });
    expect(r.size).toBe("3");
    expect(r.nices.every((n) => n === 0)).toBe(true);
  });
});
