// Start-up time to ready: the server compiled ahead of time (`npm run build:server` →
// dist-server/main.js, what `npm start` runs) next to the same source run through tsx (what
// `npm start` used to run), alternately in the same run, on the embedded database with an
// existing data folder (migrated and seeded with the library by a first start).
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

const variants = {
  compiled: [process.execPath, "--enable-source-maps", "dist-server/main.js"],
  tsx: [process.execPath, "--import", "tsx", "server/main.ts"],
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

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-startup-"));
try {
  // A first start creates and migrates the data folder and installs the content library.
  const first = await start("compiled", dataDir);
  console.log(`first start (empty data folder: create, migrate, install the library): ${first.startupMs} ms`);
  const results: Record<Variant, Start[]> = { compiled: [], tsx: [] };
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate the order so neither variant always follows the other.
    const order: Variant[] = i % 2 ? ["tsx", "compiled"] : ["compiled", "tsx"];
    for (const v of order) results[v].push(await start(v, dataDir));
  }
  console.log(`\nstart-up to ready, embedded database with an existing data folder, ${ROUNDS} starts each (median):`);
  for (const v of ["tsx", "compiled"] as const) {
    const r = results[v];
    console.log(
      `  ${(v === "tsx" ? "baseline: node --import tsx server/main.ts" : "node dist-server/main.js (npm start)").padEnd(44)} ` +
        `startupMs ${median(r.map((x) => x.startupMs)).toFixed(0).padStart(6)}   spawn→/readyz ${median(r.map((x) => x.readyWallMs)).toFixed(0).padStart(6)} ms` +
        `   (startupMs each: ${r.map((x) => x.startupMs).join(", ")})`,
    );
  }
  const ratio = median(results.compiled.map((x) => x.startupMs)) / median(results.tsx.map((x) => x.startupMs));
  console.log(`  compiled / tsx: ${ratio.toFixed(2)}×   target: < 2000 ms compiled`);
  console.log(`  load: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} (1/5/15 min) on ${os.cpus().length} CPUs`);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
