// server/threadpool.cjs, loaded first by `npm start`, `npm run serve` and the benchmarks: sizes
// libuv's thread pool to the cores + 4 and runs its threads at nice 19, so that bcrypt hashes
// during a login storm never take the CPU from the event loop (bench/login-storm.ts). Run in a
// child process, as the server runs it; Linux only (nice is per thread there).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const preload = path.resolve("server/threadpool.cjs");
const probe = `
const fs = require("node:fs");
const nice = (tid) => { const s = fs.readFileSync("/proc/self/task/" + tid + "/stat", "utf8"); return Number(s.slice(s.lastIndexOf(")") + 2).split(" ")[16]); };
// Queued after threadpool.cjs's own first pool work: its callback has run when this one runs.
require("node:crypto").pbkdf2("", "", 1, 1, "sha1", () => {
  const tasks = fs.readdirSync("/proc/self/task").map(Number);
  console.log(JSON.stringify({ size: process.env.UV_THREADPOOL_SIZE, main: nice(process.pid), nices: tasks.filter((t) => t !== process.pid).map(nice) }));
});
`;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function run(opts: { env?: Record<string, string>; dotenv?: string; before?: string } = {}): { size: string; main: number; nices: number[]; stderr: string } {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-threadpool-"));
  dirs.push(cwd);
  if (opts.dotenv) fs.writeFileSync(path.join(cwd, ".env"), opts.dotenv);
  const args = ["--require", preload, "-e", probe];
  if (opts.before) {
    fs.writeFileSync(path.join(cwd, "before.cjs"), opts.before);
    args.unshift("--require", path.join(cwd, "before.cjs"));
  }
  const errFile = path.join(cwd, "stderr");
  const fd = fs.openSync(errFile, "w");
  const out = execFileSync(process.execPath, args, { cwd, env: { ...process.env, UV_THREADPOOL_SIZE: "", HIREXP_POOL_NICE: "", ...opts.env }, encoding: "utf8", stdio: ["ignore", "pipe", fd] });
  fs.closeSync(fd);
  return { ...(JSON.parse(out.trim()) as { size: string; main: number; nices: number[] }), stderr: fs.readFileSync(errFile, "utf8") };
}

describe.runIf(process.platform === "linux")("server/threadpool.cjs", () => {
  const mine = os.getPriority();

  it("sizes the pool to the cores + 4 and runs exactly its threads at nice 19; the main thread and V8's keep the priority they had", () => {
    const r = run();
    expect(Number(r.size)).toBe(os.availableParallelism() + 4);
    expect(r.main).toBe(mine);
    expect(r.nices.filter((n) => n === 19)).toHaveLength(mine === 19 ? r.nices.length : os.availableParallelism() + 4);
    if (mine !== 19) expect(r.nices.filter((n) => n === mine).length).toBeGreaterThan(0);
    expect(r.stderr).toBe("");
  });

  it("keeps an explicit UV_THREADPOOL_SIZE; HIREXP_POOL_NICE=0 (or off) leaves the pool alone", () => {
    const r = run({ env: { UV_THREADPOOL_SIZE: "3", HIREXP_POOL_NICE: "0" } });
    expect(r.size).toBe("3");
    expect(r.nices.every((n) => n === mine)).toBe(true);
    expect(run({ env: { HIREXP_POOL_NICE: "off" } }).nices.every((n) => n === mine)).toBe(true);
  });

  it("reads both settings from .env, as the app does (the environment wins)", () => {
    const r = run({ dotenv: "UV_THREADPOOL_SIZE=5\nHIREXP_POOL_NICE=0\n" });
    expect(r.size).toBe("5");
    expect(r.nices.every((n) => n === mine)).toBe(true);
    expect(run({ dotenv: "UV_THREADPOOL_SIZE=5\n", env: { UV_THREADPOOL_SIZE: "7" } }).size).toBe("7");
  });

  it("changes nothing and says so when the pool was started before it ran", () => {
    const r = run({ before: `require("node:crypto").pbkdf2("", "", 1, 1, "sha1", () => {});` });
    expect(r.nices.every((n) => n === mine)).toBe(true);
    expect(r.stderr).toMatch(/libuv's pool keeps normal priority/);
  });
});
