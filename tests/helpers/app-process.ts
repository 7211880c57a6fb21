// A real HireXp server process for tests: `node --import tsx server/main.ts` from the
// checkout, on 127.0.0.1 and a free port, with the environment the test gives. Its JSON log
// lines are kept; with `memoryProbe` it answers memory() with its memory after GC
// (tests/helpers/memory-probe.mjs). stop() sends SIGTERM and waits for the exit.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type LogLine = { level: number; time: number; msg?: string; [k: string]: unknown };
export type MemorySample = { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number; gc: boolean };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export type AppProcess = {
  url: string;
  port: number;
  pid: number;
  /** The JSON log lines so far. */
  logs(): LogLine[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Memory after GC (needs memoryProbe). */
  memory(): Promise<MemorySample>;
  /** SIGTERM, then the exit code (SIGKILL after `boundMs`). */
  stop(boundMs?: number): Promise<number | null>;
  /** SIGKILL if still running (for cleanup hooks). */
  kill(): void;
};

export async function startAppProcess(opts: { env: NodeJS.ProcessEnv; port?: number; memoryProbe?: boolean; readyTimeoutMs?: number; readyWhen?: RegExp }): Promise<AppProcess> {
  const port = opts.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "info", ...opts.env };
  // vitest's own variables must not leak into the app (NODE_ENV=test silences its log).
  for (const k of Object.keys(env)) if (k.startsWith("VITEST")) delete env[k];
  const args = [...(opts.memoryProbe ? ["--expose-gc", "--import", path.join(REPO_ROOT, "tests/helpers/memory-probe.mjs")] : []), "--import", "tsx", "server/main.ts"];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: LogLine[] = [];
  let err = "";
  let partial = "";
  const probeWaiters: ((m: MemorySample) => void)[] = [];
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    partial += chunk;
    const parts = partial.split("\n");
    partial = parts.pop()!;
    for (const l of parts) {
      if (!l.startsWith("{")) continue;
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(l) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (o.memprobe) probeWaiters.shift()?.(o.memprobe as MemorySample);
      else lines.push(o as LogLine);
    }
  });
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + (opts.readyTimeoutMs ?? 180_000);
  const readyWhen = opts.readyWhen;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited early (${child.exitCode}):\n${err.slice(-3000)}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready && (!readyWhen || lines.some((l) => readyWhen.test(l.msg ?? "")))) break;
    if (Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error(`app not ready in time:\n${err.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 100)); // poll interval while the app starts
  }
  return {
    url,
    port,
    pid: child.pid!,
    logs: () => lines,
    stderr: () => err,
    memory: () =>
      new Promise<MemorySample>((resolve, reject) => {
        if (!opts.memoryProbe) return reject(new Error("started without memoryProbe"));
        probeWaiters.push(resolve);
        child.kill("SIGUSR2");
      }),
    async stop(boundMs = 30_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), boundMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}
