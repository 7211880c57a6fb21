// bcrypt on threads of its own at nice 19 (server/auth/bcrypt-threads.ts): the hashes are right,
// at most one thread per core is started, those threads (and only those) run at the lowest
// priority on Linux, and BCRYPT_NICE=0 leaves them at normal priority.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { BCRYPT_THREADS, bcryptNice, bcryptThreadCount, hashOnThread, verifyOnThread } from "../../server/auth/bcrypt-threads.ts";
import { hashPassword, verifyPassword } from "../../server/auth/password.ts";

const niceOf = (tid: string) => {
  const s = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
  return Number(s.slice(s.lastIndexOf(")") + 2).split(" ")[16]);
};

describe("bcrypt threads", () => {
  it("hash and verify on the threads, never more threads than cores, and answers every caller", async () => {
    const hash = await hashOnThread("correct horse", 4);
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    const results = await Promise.all(Array.from({ length: BCRYPT_THREADS * 3 }, (_, i) => verifyOnThread(i % 2 ? "correct horse" : "wrong", hash)));
    expect(results).toEqual(Array.from({ length: BCRYPT_THREADS * 3 }, (_, i) => i % 2 === 1));
    expect(bcryptThreadCount()).toBeGreaterThan(0);
    expect(bcryptThreadCount()).toBeLessThanOrEqual(BCRYPT_THREADS);
    // Through password.ts, as sign-in uses it (a malformed hash is a refusal, not an error).
    const stored = await hashPassword("a long enough passphrase", 4);
    expect(await verifyPassword("a long enough passphrase", stored)).toBe(true);
    expect(await verifyPassword("a long enough passphrase", "not a hash")).toBe(false);
  });

  it.runIf(process.platform === "linux")("runs those threads at nice 19 and leaves the rest of the process alone", async () => {
    const mine = os.getPriority();
    await verifyOnThread("x", await hashOnThread("x", 4));
    const nices = fs.readdirSync("/proc/self/task").map(niceOf);
    if (mine < 19) {
      expect(nices.filter((n) => n === 19)).toHaveLength(bcryptThreadCount());
      expect(nices.filter((n) => n === mine).length).toBe(nices.length - bcryptThreadCount());
    } else {
      expect(nices.every((n) => n === 19)).toBe(true);
    }
  });

  it.runIf(process.platform === "linux")("BCRYPT_NICE=0 leaves them at normal priority (a fresh process)", () => {
    const code = `
      const fs = require("node:fs");
      import("${new URL("../../server/auth/bcrypt-threads.ts", import.meta.url).pathname}").then(async (t) => {
        await t.verifyOnThread("x", await t.hashOnThread("x", 4));
        const nices = fs.readdirSync("/proc/self/task").map((tid) => { const s = fs.readFileSync("/proc/self/task/" + tid + "/stat", "utf8"); return Number(s.slice(s.lastIndexOf(")") + 2).split(" ")[16]); });
        console.log(JSON.stringify({ threads: t.bcryptThreadCount(), nices }));
      });`;
    const out = execFileSync(process.execPath, ["--import", "tsx", "-e", code], { env: { ...process.env, BCRYPT_NICE: "0" }, encoding: "utf8" });
    const r = JSON.parse(out.trim().split("\n").at(-1)!) as { threads: number; nices: number[] };
    expect(r.threads).toBeGreaterThan(0);
    expect(r.nices.every((n) => n === os.getPriority())).toBe(true);
  });

  it("reads BCRYPT_NICE: 0/off/false for normal priority, 1–19 as given, anything else the default 19", () => {
    expect([undefined, "", "0", "off", "FALSE", "5", "19", "20", "-3", "abc"].map((v) => bcryptNice(v))).toEqual([19, 19, 0, 0, 0, 5, 19, 19, 19, 19]);
  });
});
