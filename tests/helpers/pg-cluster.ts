// A throwaway PostgreSQL cluster of a test's own, for tests that stop and start the server
// (the run's shared cluster from global-setup.ts must stay up for every other file):
// initdb into a temporary folder, pg_ctl start on 127.0.0.1 and a free port, stop/start at
// will, remove it all at the end. As root, PostgreSQL's tools run as `postgres` (runuser).
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const execFileP = promisify(execFile);

export type PgCluster = {
  /** Superuser URL of the `postgres` database. */
  adminUrl: string;
  port: number;
  /** Stops the server (`fast`: sessions are terminated, as on a normal restart; `immediate`: like a crash). */
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Stops the server if it runs and removes the folder. */
  remove(): Promise<void>;
};

export function pgBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  let versions: string[] = [];
  try {
    versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v));
  } catch {
    return null;
  }
  versions.sort((a, b) => (a === "15" ? -1 : b === "15" ? 1 : Number(b) - Number(a)));
  for (const v of versions) {
    const dir = path.join(root, v, "bin");
    if (fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  return null;
}

function freePort(): Promise<number> {
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

export async function startPgCluster(): Promise<PgCluster> {
  const bin = pgBinDir();
  if (!bin) throw new Error("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin");
  const asRoot = process.getuid?.() === 0;
  const run = async (tool: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
    try {
      await execFileP(cmd, argv, { cwd: base, timeout: 120_000 });
    } catch (e) {
      const err = e as Error & { stderr?: string };
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-2000) : "";
      throw new Error(`${tool} ${args.at(-1)} failed: ${(err.stderr || err.message).trim()}\n${log}`);
    }
  };
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `hirexp-test-pg-${process.pid}-`));
  const data = path.join(base, "data");
  const logFile = path.join(base, "postgres.log");
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    fs.chownSync(base, uid, gid);
  }
  const stopNow = () => {
    // An abrupt end of the test process: leave no server running.
    if (fs.existsSync(path.join(data, "postmaster.pid"))) {
      try {
        const argv = ["-D", data, "-m", "immediate", "-w", "stop"];
        if (asRoot) execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, "pg_ctl"), ...argv], { stdio: "ignore", timeout: 30_000 });
        else execFileSync(path.join(bin, "pg_ctl"), argv, { stdio: "ignore", timeout: 30_000 });
      } catch {
        /* best effort */
      }
    }
    fs.rmSync(base, { recursive: true, force: true });
  };
  process.once("exit", stopNow);
  try {
    await run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
    const port = await freePort();
    // Durable settings (fsync on, the default): these tests break things on purpose.
    const options = [`-p ${port}`, `-k '${base}'`, "-c listen_addresses=127.0.0.1", "-c max_connections=100"].join(" ");
    const start = () => run("pg_ctl", ["-D", data, "-l", logFile, "-w", "-t", "60", "-o", options, "start"]);
    await start();
    return {
      adminUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      port,
      stop: (mode = "fast") => run("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]),
      start,
      async remove() {
        process.removeListener("exit", stopNow);
        stopNow();
      },
    };
  } catch (e) {
    process.removeListener("exit", stopNow);
    stopNow();
    throw e;
  }
}
