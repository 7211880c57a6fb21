// bcrypt on threads of its own, at the lowest CPU priority. A cost-12 hash is ~0.25 s of CPU;
// in a login storm one per core keeps every core busy. On libuv's pool (where @node-rs/bcrypt's
// async API runs them) they would compete as equals with the event loop, and lowering the whole
// pool's priority would also starve what else runs there (log writes, static files) whenever
// the machine is busy. So each hash runs on one of these worker threads, which lower their own
// priority first (nice 19; Linux, where nice is per thread): the event loop and everything else
// at normal priority go first, and the hashes get every cycle left (bench/login-storm.ts).
// server/auth/password.ts lets at most one hash per thread run at once; threads start on first
// use (not at start-up) and never keep the process alive. BCRYPT_NICE=0 leaves them at normal
// priority; any other 1–19 sets it.
import { createRequire } from "node:module";
import os from "node:os";
import { Worker } from "node:worker_threads";

const WORKER_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
if (workerData.nice > 0) {
  try { require("node:os").setPriority(0, workerData.nice); } catch { /* not permitted: normal priority */ }
}
const { hashSync, verifySync } = require(workerData.bcrypt);
parentPort.on("message", (m) => {
  try {
    parentPort.postMessage({ id: m.id, value: m.op === "hash" ? hashSync(m.password, m.arg) : verifySync(m.password, m.arg) });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) });
  }
});
`;

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type Slot = { worker: Worker; pending: Map<number, Pending>; busy: number };

export function bcryptNice(value = process.env.BCRYPT_NICE): number {
  const v = (value ?? "").trim().toLowerCase();
  if (["0", "off", "false"].includes(v)) return 0;
  const n = Number(v);
  return v !== "" && Number.isInteger(n) && n >= 1 && n <= 19 ? n : 19;
}

const require = createRequire(import.meta.url);
let bcryptPath: string | undefined;
const slots: Slot[] = [];
let nextId = 1;

function startSlot(): Slot {
  bcryptPath ??= require.resolve("@node-rs/bcrypt");
  const worker = new Worker(WORKER_CODE, { eval: true, workerData: { bcrypt: bcryptPath, nice: bcryptNice() } });
  worker.unref();
  const slot: Slot = { worker, pending: new Map(), busy: 0 };
  worker.on("message", (m: { id: number; value?: unknown; error?: string }) => {
    const p = slot.pending.get(m.id);
    if (!p) return;
    slot.pending.delete(m.id);
    slot.busy--;
    if (slot.pending.size === 0) worker.unref();
    if (m.error !== undefined) p.reject(new Error(m.error));
    else p.resolve(m.value);
  });
  const fail = (e: Error) => {
    const at = slots.indexOf(slot);
    if (at !== -1) slots.splice(at, 1);
    for (const p of slot.pending.values()) p.reject(e);
    slot.pending.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`bcrypt thread exited (${code})`)));
  slots.push(slot);
  return slot;
}

/** Runs one hash or verify on the least busy thread (a new one while fewer than `max` run). */
function run<T>(op: "hash" | "verify", password: string, arg: string | number, max: number): Promise<T> {
  let slot = slots.reduce<Slot | undefined>((best, s) => (!best || s.busy < best.busy ? s : best), undefined);
  if (!slot || (slot.busy > 0 && slots.length < max)) slot = startSlot();
  const id = nextId++;
  slot.busy++;
  slot.worker.ref();
  return new Promise<T>((resolve, reject) => {
    slot.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    slot.worker.postMessage({ id, op, password, arg });
  });
}

export const BCRYPT_THREADS = Math.max(1, typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length);

export function hashOnThread(password: string, cost: number): Promise<string> {
  return run<string>("hash", password, cost, BCRYPT_THREADS);
}

export function verifyOnThread(password: string, hash: string): Promise<boolean> {
  return run<boolean>("verify", password, hash, BCRYPT_THREADS);
}

/** How many bcrypt threads are running (tests). */
export function bcryptThreadCount(): number {
  return slots.length;
}
