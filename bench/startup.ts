// Start-up time to ready: the server compiled ahead of time (`npm run build:server` →
// dist-server/main.js, what `npm start` runs: one file, packages bundled, no source maps at run
// time — docs/decisions/028-one-file-server.md) next to two baselines, alternately in the same
// run, on the embedded database with an existing data folder (migrated and seeded with the
// library by a first start):
// - "external": the build before decision 028 (packages left in node_modules, run with
//   --enable-source-maps), built here into node_modules/.cache/;
// - "tsx": the same source run through tsx (what `npm start` ran before decision 020).
//
// Run: npx tsx bench/startup.ts   (BENCH_ROUNDS=5 by default)
// Each start: spawn → the "HireXp is running" log line (its startupMs: from the process's start
// to listening) and the first 200 from /readyz (wall time from spawn, as an operator sees it).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const root = path.resolve(import.meta.dirname, "..");

const externalDir = path.join("node_modules", ".cache", "hirexp-startup-bench");
const variants = {
  compiled: [process.execPath, "--require", "./server/threadpool.cjs", "dist-server/main.js"],
  external: [process.execPath, "--require", "./server/threadpool.cjs", "--enable-source-maps", `${externalDir}/main.js`],
  tsx: [process.execPath, "--require", "./server/threadpool.cjs", "--import", "tsx", "server/main.ts"],
} as const;
type Variant = keyof typeof variants;

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

type Start = { startupMs: number; readyWallMs: number };

async function start(variant: Variant, dataDir: string): Promise<Start> {
  const port = await freePort();
  const [cmd, ...args] = variants[variant];
  // The embedded database: no DATABASE_URL.
  const { DATABASE_URL: _, ...env } = process.env;
  const t0 = performance.now();
  const child = spawn(cmd, args, {
    cwd: root,
    env: { ...env, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", APP_URL: `http://localhost:${port}`, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  try {
    const startupMs = await new Promise<number>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`${variant} exited (${code}) before it was ready:\n${stderr}`)));
      readline.createInterface({ input: child.stdout }).on("line", (line) => {
        if (!line.startsWith("{")) return;
        const entry = JSON.parse(line) as { msg?: string; startupMs?: number };
        if (entry.msg?.startsWith("HireXp is running") && typeof entry.startupMs === "number") resolve(entry.startupMs);
      });
    });
    // Listening means /readyz answers at once; this is the same moment seen from outside.
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    const readyWallMs = performance.now() - t0;
    if (!res.ok) throw new Error(`${variant}: /readyz answered ${res.status}`);
    return { startupMs, readyWallMs };
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const build = spawnSync("npm", ["run", "--silent", "build:server"], { cwd: root, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);
// The build before decision 028, for comparison.
const external = spawnSync(
  "node_modules/.bin/esbuild",
  ["server/main.ts", "server/services/evaluation/harper-worker.ts", "--bundle", "--platform=node", "--format=esm", "--target=node20", "--packages=external", "--sourcemap", `--outdir=${externalDir}`, "--entry-names=[name]", "--log-level=warning"],
  { cwd: root, stdio: "inherit" },
);
if (external.status !== 0) process.exit(external.status ?? 1);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-startup-"));
try {
  // A first start creates and migrates the data folder and installs the content library.
  const first = await start("compiled", dataDir);
  console.log(`first start (empty data folder: create, migrate, install the library): ${first.startupMs} ms`);
  const results: Record<Variant, Start[]> = { compiled: [], external: [], tsx: [] };
  for (let i = 0; i < ROUNDS; i++) {
    // Rotate the order so no variant always follows the same one.
    const all: Variant[] = ["compiled", "external", "tsx"];
    const order = [...all.slice(i % 3), ...all.slice(0, i % 3)];
    for (const v of order) results[v].push(await start(v, dataDir));
  }
  const labels: Record<Variant, string> = {
    tsx: "baseline: node --import tsx server/main.ts",
    external: "baseline: packages external + source maps",
    compiled: "node dist-server/main.js (npm start)",
  };
  console.log(`\nstart-up to ready, embedded database with an existing data folder, ${ROUNDS} starts each (median):`);
  for (const v of ["tsx", "external", "compiled"] as const) {
    const r = results[v];
    console.log(
      `  ${labels[v].padEnd(44)} ` +
        `startupMs ${median(r.map((x) => x.startupMs)).toFixed(0).padStart(6)}   spawn→/readyz ${median(r.map((x) => x.readyWallMs)).toFixed(0).padStart(6)} ms` +
        `   (startupMs each: ${r.map((x) => x.startupMs).join(", ")})`,
    );
  }
  const m = (v: Variant) => median(results[v].map((x) => x.startupMs));
  console.log(`  compiled / tsx: ${(m("compiled") / m("tsx")).toFixed(2)}×   compiled / external: ${(m("compiled") / m("external")).toFixed(2)}×   target: < 2000 ms compiled`);
  console.log(`  load: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} (1/5/15 min) on ${os.cpus().length} CPUs`);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
