// A throwaway PostgreSQL 15 for a benchmark (or BENCH_DATABASE_URL), removed afterwards.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export async function withPostgres<T>(fn: (url: string) => Promise<T>): Promise<T> {
  if (process.env.BENCH_DATABASE_URL) return fn(process.env.BENCH_DATABASE_URL);
  const bin = "/usr/lib/postgresql/15/bin";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-bench-pg-"));
  const asPg = process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
  if (asPg.length) execFileSync("chown", ["postgres", dir]);
  const run = (cmd: string, args: string[]) => execFileSync(asPg[0] ?? cmd, asPg.length ? [...asPg.slice(1), cmd, ...args] : args, { stdio: "ignore" });
  const port = 20000 + Math.floor(Math.random() * 20000);
  run(`${bin}/initdb`, ["-D", `${dir}/data`, "-A", "trust", "-U", "postgres"]);
  run(`${bin}/pg_ctl`, ["-D", `${dir}/data`, "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "-w", "start"]);
  try {
    return await fn(`postgresql://postgres@127.0.0.1:${port}/postgres`);
  } finally {
    run(`${bin}/pg_ctl`, ["-D", `${dir}/data`, "-m", "immediate", "stop"]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
