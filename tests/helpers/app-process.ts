// A real HireXp server process for tests: `node --import tsx server/main.ts` from the
// checkout, on 127.0.0.1 and a free port, with the environment the test gives. Its JSON log
// lines are kept; with `memoryProbe` it answers memory() with its memory after GC
// (tests/helpers/memory-probe.mjs). stop() sends SIGTERM and waits for the exit.
// spawnApp is the process part alone, also under the fault tests' startApp
// (tests/helpers/fault-app.ts: its database preparation, tRPC client and process handle).
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** One JSON line of the app's log (pino: level, time, msg, and Fastify's request fields). */
export type LogLine = { level: number; time: number; msg?: string; reqId?: string; req?: { url?: string; method?: string }; res?: { statusCode?: number }; err?: unknown; [k: string]: unknown };
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

/**
 * The process itself, shared by startAppProcess (below) and tests/helpers/fault-app.ts's
 * startApp: `node [--expose-gc --import memory-probe] --import tsx server/main.ts` with
 * exactly the environment given, its JSON log lines parsed as they come, stdout and stderr
 * kept, its exit observed.
 */
export type SpawnedApp = {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The JSON log lines so far (memory-probe answers excluded). */
  logs(): LogLine[];
  /** Everything written to stdout / stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Memory after GC (needs memoryProbe). */
  memory(): Promise<MemorySample>;
  /**
   * Resolves once /readyz answers 200 (and, with `readyWhen`, a log line's msg matches);
   * rejects if the process exits first or after `timeoutMs`.
   */
  waitReady(opts?: { timeoutMs?: number; readyWhen?: RegExp }): Promise<void>;
};

export function spawnApp(opts: { env: NodeJS.ProcessEnv; port: number; memoryProbe?: boolean }): SpawnedApp {
  const { port } = opts;
  const args = [...(opts.memoryProbe ? ["--expose-gc", "--import", path.join(REPO_ROOT, "tests/helpers/memory-probe.mjs")] : []), "--import", "tsx", "server/main.ts"];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: REPO_ROOT, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: LogLine[] = [];
  let out = "";
  let err = "";
  let partial = "";
  const probeWaiters: ((m: MemorySample) => void)[] = [];
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    out += chunk;
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
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      done = true;
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    pid: child.pid!,
    child,
    exited,
    logs: () => lines,
    stdout: () => out,
    stderr: () => err,
    memory: () =>
      new Promise<MemorySample>((resolve, reject) => {
        if (!opts.memoryProbe) return reject(new Error("started without memoryProbe"));
        probeWaiters.push(resolve);
        child.kill("SIGUSR2");
      }),
    async waitReady({ timeoutMs = 180_000, readyWhen }: { timeoutMs?: number; readyWhen?: RegExp } = {}) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        if (done) throw new Error(`the app exited before it was ready (${child.exitCode ?? child.signalCode}):\n${out.slice(-3000)}\n${err.slice(-3000)}`);
        const ready = await fetch(`${url}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ready && (!readyWhen || lines.some((l) => readyWhen.test(l.msg ?? "")))) return;
        if (Date.now() > until) throw new Error(`the app was not ready in ${timeoutMs} ms:\n${out.slice(-3000)}\n${err.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 50)); // poll interval while the app starts
      }
    },
  };
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
  const app = spawnApp({ env, port, ...(opts.memoryProbe ? { memoryProbe: true } : {}) });
  const { child } = app;
  try {
    await app.waitReady({ timeoutMs: opts.readyTimeoutMs ?? 180_000, ...(opts.readyWhen ? { readyWhen: opts.readyWhen } : {}) });
  } catch (e) {
    if (child.exitCode === null) child.kill("SIGKILL");
    throw e;
  }
  return {
    url: app.url,
    port,
    pid: app.pid,
    logs: app.logs,
    stderr: app.stderr,
    memory: app.memory,
    async stop(boundMs = 30_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), boundMs);
      const { code } = await app.exited;
      clearTimeout(timer);
      return code;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}
