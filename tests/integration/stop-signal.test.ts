// `npm run serve` as a process manager or `docker stop` runs it: SIGTERM goes to the npm
// process only (not to its process group). The app must stop cleanly: npm exits, the port
// is closed, the data-folder lock and the operator socket are gone, and the folder opens again.
// The same start checks the production warning about undelivered mail (no SMTP_URL).
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { openDatabase } from "../../server/db/client.ts";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, "127.0.0.1");
    c.once("connect", () => {
      c.destroy();
      resolve(true);
    });
    c.once("error", () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-stop-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("npm run serve", () => {
  it("in production without SMTP_URL, warns loudly at start; stops cleanly on SIGTERM to the npm process", { timeout: 420_000 }, async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", APP_URL: `http://localhost:${port}`, NODE_ENV: "production", LOG_LEVEL: "info" };
    delete env.SMTP_URL;
    delete env.DATABASE_URL;
    // detached: its own process group, so the signal below reaches npm alone, as from a process manager.
    const npm = spawn("npm", ["run", "serve"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    npm.stdout!.on("data", (d) => (stdout += d));
    npm.stderr!.on("data", (d) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => npm.once("exit", (code, signal) => resolve({ code, signal })));
    let appPid = 0;
    try {
      const until = Date.now() + 240_000;
      for (;;) {
        if (npm.exitCode !== null) throw new Error(`npm exited early (${npm.exitCode}):\n${stdout}\n${stderr}`);
        const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
        if (ok) break;
        if (Date.now() > until) throw new Error(`not ready in time:\n${stdout}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 200)); // poll interval while the app starts
      }
      appPid = Number(fs.readFileSync(path.join(dataDir, "hirexp.lock"), "utf8"));
      expect(appPid).toBeGreaterThan(0);
      expect(appPid).not.toBe(npm.pid);
      expect(fs.existsSync(path.join(dataDir, "run", ".s.PGSQL.5432"))).toBe(true);

      // The warning: on stderr for a person, and a warn-level (40) line in the JSON log.
      expect(stderr).toMatch(/WARNING: SMTP_URL is not set: mail is NOT being delivered/);
      const warnLine = stdout
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { level: number; msg: string })
        .find((l) => /SMTP_URL is not set/.test(l.msg));
      expect(warnLine?.level).toBe(40);
    } catch (e) {
      process.kill(-npm.pid!, "SIGKILL");
      throw e;
    }

    // Whatever the outcome, nothing of this test outlives it (an app left running holds the folder).
    onTestFinished(() => {
      try {
        process.kill(-npm.pid!, "SIGKILL");
      } catch {
        /* the group is gone: the normal case */
      }
    });
    const t0 = Date.now();
    process.kill(npm.pid!, "SIGTERM");
    const stopBound = 60_000; // generous for a loaded 2-core machine; it takes ~2 s when idle
    const result = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), stopBound))]);
    expect(result).not.toBe("timeout");
    expect(Date.now() - t0).toBeLessThan(stopBound);
    expect(result).toEqual({ code: 0, signal: null });
    expect(stdout).toMatch(/SIGTERM: shutting down/);

    // Nothing left behind: no app process, a closed port, no lock, no socket.
    expect(alive(appPid)).toBe(false);
    expect(await connects(port)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "hirexp.lock"))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "run", ".s.PGSQL.5432"))).toBe(false);
    const again = await openDatabase({ dataDir });
    await again.close();
  });
});
