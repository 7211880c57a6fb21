// Starts the real server (server/main.ts, as `npm run serve` does: threadpool.cjs first, then
// tsx) as a child process on a free port against the bench's PostgreSQL, in production mode,
// with the bench hooks on (server/bench-hooks.ts: event-loop delay, warm-up). Also starts
// bench/lib/handwritten-server.ts, the baseline route.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export type RunningServer = { url: string; pid: number; stop(): Promise<void> };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, output: () => string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${output()}`);
}

function start(args: string[], env: Record<string, string>, readyPath: string, port: number): Promise<RunningServer> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-8000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  return waitFor(`${url}${readyPath}`, child, () => out).then(() => ({
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 10_000).unref();
      }),
  }));
}

/**
 * The app, NODE_ENV=production, on `databaseUrl`; `env` adds or overrides variables.
 * BENCH_NODE_ARGS adds node flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
 */
export async function startApp(databaseUrl: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-bench-app-"));
  const server = await start(
    [...nodeArgs, ...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "--require", "./server/threadpool.cjs", "--import", "tsx", "server/main.ts"],
    {
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      HIREXP_BENCH_HOOKS: "1",
      ...env,
    },
    "/api/bench/ready",
    port,
  );
  return {
    ...server,
    stop: async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The hand-written Fastify + pg route (bench/lib/handwritten-server.ts). */
export async function startHandwritten(databaseUrl: string): Promise<RunningServer> {
  const port = await freePort();
  return start(["--import", "tsx", "bench/lib/handwritten-server.ts"], { NODE_ENV: "production", DATABASE_URL: databaseUrl, PORT: String(port) }, "/healthz", port);
}

/** Event-loop delay of the app since the last call (bench hooks), in ms. */
export type ServerTimings = {
  /** Event-loop delay, ms. */
  p50: number;
  p99: number;
  max: number;
  /** Per route: received → answered inside the server, ms. */
  requests: Record<string, { count: number; p50: number; p99: number; max: number }>;
  /** Per thread: CPU time (of which in the kernel), time runnable but waiting for a core (ms), timeslices, nice. */
  threads: { tid: string; name: string; nice: number; cpuMs: number; sysMs: number; waitMs: number; slices: number }[];
};

/** The server's event-loop delay, request times and threads' scheduler waits since the previous call. */
export async function eventLoopDelay(url: string): Promise<ServerTimings> {
  const r = await fetch(`${url}/api/bench/event-loop`, { method: "POST" });
  return (await r.json()) as ServerTimings;
}

/** CPU time (user + system, ms) the process has used so far, from /proc (Linux). */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}
