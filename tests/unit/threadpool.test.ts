// server/threadpool.cjs, loaded first by `npm start`, `npm run serve` and the benchmarks: sizes
// libuv's thread pool to the cores + 4 (bcrypt runs on threads of its own:
// tests/unit/bcrypt-threads.test.ts). Run in a child process, as the server runs it.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const preload = path.resolve("server/threadpool.cjs");
const probe = `
const fs = require("node:fs");
const nice = (tid) => { const s = fs.readFileSync("/proc/self/task/" + tid + "/stat", "utf8"); return Number(s.slice(s.lastIndexOf(")") + 2).split(" ")[16]); };
require("node:crypto").pbkdf2("", "", 1, 1, "sha1", () => {
  const tasks = fs.readdirSync("/proc/self/task").map(Number);
  console.log(JSON.stringify({ size: process.env.UV_THREADPOOL_SIZE, main: nice(process.pid), nices: tasks.filter((t) => t !== process.pid).map(nice) }));
});
`;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function run(opts: { env?: Record<string, string>; dotenv?: string } = {}): { size: string; main: number; nices: number[]; stderr: string } {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-threadpool-"));
  dirs.push(cwd);
  if (opts.dotenv) fs.writeFileSync(path.join(cwd, ".env"), opts.dotenv);
  const args = ["--require", preload, "-e", probe];
  const errFile = path.join(cwd, "stderr");
  const fd = fs.openSync(errFile, "w");
  const out = execFileSync(process.execPath, args, { cwd, env: { ...process.env, UV_THREADPOOL_SIZE: "", ...opts.env }, encoding: "utf8", stdio: ["ignore", "pipe", fd] });
  fs.closeSync(fd);
  return { ...(JSON.parse(out.trim()) as { size: string; main: number; nices: number[] }), stderr: fs.readFileSync(errFile, "utf8") };
}

describe("server/threadpool.cjs", () => {
  it("sizes the pool to the cores + 4, keeps an explicit UV_THREADPOOL_SIZE, and leaves every thread's priority alone", () => {
    const mine = os.getPriority();
    const r = run();
    expect(Number(r.size)).toBe(os.availableParallelism() + 4);
    if (process.platform === "linux") expect([r.main, ...r.nices].every((n) => n === mine)).toBe(true);
    expect(run({ env: { UV_THREADPOOL_SIZE: "3" } }).size).toBe("3");
  });

  it("reads UV_THREADPOOL_SIZE from .env, as the app does (the environment wins)", () => {
    expect(run({ dotenv: "UV_THREADPOOL_SIZE=5\n" }).size).toBe("5");
    expect(run({ dotenv: "UV_THREADPOOL_SIZE=5\n", env: { UV_THREADPOOL_SIZE: "7" } }).size).toBe("7");
  });
});
