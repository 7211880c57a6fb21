// Vitest global setup for the `node` project, run once per `vitest run` in the main process.
//
// 1. Migrates a fresh in-memory PGlite once and dumps its data folder to a file under
//    os.tmpdir(); each test file then starts its own PGlite from that dump (well under a
//    second) instead of booting and migrating one (seconds).
// 2. Finds a real PostgreSQL for the integration tests: TEST_DATABASE_URL (an admin URL to
//    an existing server), or else a throwaway cluster started here from the PostgreSQL
//    binaries on 127.0.0.1 and a free port, stopped and removed at teardown. If neither is
//    possible the real-PostgreSQL suites are skipped with the reason printed, unless
//    REQUIRE_REAL_POSTGRES=1, which fails the run instead.
//
// Test files read the results with inject(); tests/helpers/db.ts wraps that.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate, type SqlRunner } from "../../server/db/migrate.ts";
import { setupAppRole } from "../../server/db/roles.ts";

/** The role the app connects as in the real-PostgreSQL runs: not the owner, no BYPASSRLS (row-level security on). */
export const TEST_APP_ROLE = "hirexp_app_test";
export const TEST_APP_PASSWORD = "hirexp_app_test";

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of a PGlite data-folder dump (tar) with every migration applied. */
    pgliteDumpPath: string;
    /** Admin URL (may CREATE DATABASE) of a real PostgreSQL for this run; null when unavailable. */
    postgresAdminUrl: string | null;
    /** Why the real-PostgreSQL suites are skipped; null when postgresAdminUrl is set. */
    postgresSkipReason: string | null;
  }
}

const execFileP = promisify(execFile);
const TMP_PREFIX = "hirexp-test-";
const PG_VERSION_PREFERRED = "15";

function log(message: string): void {
  process.stdout.write(`[test setup] ${message}\n`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function isTruthyEnv(name: string): boolean {
  const v = process.env[name];
  return v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

// ---------------------------------------------------------------------------------------
// PGlite dump

function pgliteRunner(db: Pick<PGlite, "exec" | "query">, root: PGlite): SqlRunner {
  return {
    async exec(text) {
      await db.exec(text);
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await db.query<T>(text, params)).rows;
    },
    transaction: (fn) => root.transaction((tx) => fn(pgliteRunner(tx, root))),
  };
}

async function createPgliteDump(file: string): Promise<void> {
  const db = new PGlite("memory://", { extensions: { pg_trgm } });
  try {
    await db.waitReady;
    await migrate(pgliteRunner(db, db));
    // Uncompressed: a test file loads it ~30% faster than the gzip form, and it is read
    // from the page cache after the first file.
    const dump = await db.dumpDataDir("none");
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
}

// ---------------------------------------------------------------------------------------
// Real PostgreSQL

type RealPostgres = { adminUrl: string; describe: string; stop(): Promise<void> };

function findPgBinDir(): string | null {
  const hasTools = (dir: string) =>
    ["initdb", "pg_ctl"].every((tool) => {
      try {
        fs.accessSync(path.join(dir, tool), fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  const root = "/usr/lib/postgresql";
  const preferred = path.join(root, PG_VERSION_PREFERRED, "bin");
  if (hasTools(preferred)) return preferred;
  let versions: string[] = [];
  try {
    versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v));
  } catch {
    return null;
  }
  versions.sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const dir = path.join(root, v, "bin");
    if (hasTools(dir)) return dir;
  }
  return null;
}

/** The uid/gid of the `postgres` user, or null when there is none. */
function postgresUser(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/** PostgreSQL refuses to run as root: as root, run its tools as `postgres` through runuser. */
function pgCommand(runAsPostgres: boolean, bin: string, args: string[]): [string, string[]] {
  return runAsPostgres ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
}

async function runPgTool(runAsPostgres: boolean, bin: string, args: string[], cwd: string): Promise<void> {
  const [cmd, argv] = pgCommand(runAsPostgres, bin, args);
  try {
    await execFileP(cmd, argv, { cwd, timeout: 120_000, maxBuffer: 8 * 1024 * 1024 });
  } catch (e) {
    const err = e as Error & { stderr?: string; stdout?: string };
    const detail = (err.stderr || err.stdout || err.message).trim();
    throw new Error(`${path.basename(bin)} failed: ${detail}`);
  }
}

function stopClusterSync(runAsPostgres: boolean, binDir: string, dataDir: string, baseDir: string): void {
  if (fs.existsSync(path.join(dataDir, "postmaster.pid"))) {
    const [cmd, argv] = pgCommand(runAsPostgres, path.join(binDir, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
    spawnSync(cmd, argv, { cwd: baseDir, stdio: "ignore", timeout: 30_000 });
  }
  fs.rmSync(baseDir, { recursive: true, force: true });
}

/** Removes dumps and clusters left by earlier runs whose process died (killed, crashed). */
function removeStaleLeftovers(binDir: string | null, runAsPostgres: boolean): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(os.tmpdir());
  } catch {
    return;
  }
  for (const name of entries) {
    const m = /^hirexp-test-(pglite|pg)-(\d+)-/.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || processAlive(pid)) continue;
    const full = path.join(os.tmpdir(), name);
    try {
      if (m[1] === "pg" && binDir) stopClusterSync(runAsPostgres, binDir, path.join(full, "data"), full);
      else fs.rmSync(full, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function checkAdminUrl(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ ok: boolean }>(
      "SELECT (rolsuper OR rolcreatedb) AS ok FROM pg_roles WHERE rolname = current_user",
    );
    if (!rows[0]?.ok) throw new Error("its role may not CREATE DATABASE (needs CREATEDB or superuser)");
  } finally {
    await client.end().catch(() => {});
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}

async function startThrowawayCluster(binDir: string, runAsPostgres: boolean): Promise<RealPostgres> {
  const t0 = Date.now();
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), `${TMP_PREFIX}pg-${process.pid}-`));
  const dataDir = path.join(baseDir, "data");
  const logFile = path.join(baseDir, "postgres.log");
  const stopSync = () => stopClusterSync(runAsPostgres, binDir, dataDir, baseDir);
  // Also on an abrupt exit of the vitest process (teardown skipped): do not leave it running.
  process.once("exit", stopSync);
  let started = false;
  try {
    if (runAsPostgres) {
      const user = postgresUser();
      if (!user) throw new Error("running as root but there is no `postgres` user to run PostgreSQL as");
      fs.chownSync(baseDir, user.uid, user.gid);
    }
    await runPgTool(
      runAsPostgres,
      path.join(binDir, "initdb"),
      ["-D", dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
      baseDir,
    );
    let lastError: unknown;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const port = await freePort();
      const serverOptions = [
        `-p ${port}`,
        `-k '${baseDir}'`,
        "-c listen_addresses=127.0.0.1",
        "-c max_connections=200",
        // A throwaway cluster: durability buys nothing and costs time.
        "-c fsync=off",
        "-c synchronous_commit=off",
        "-c full_page_writes=off",
      ].join(" ");
      try {
        await runPgTool(
          runAsPostgres,
          path.join(binDir, "pg_ctl"),
          ["-D", dataDir, "-l", logFile, "-w", "-t", "60", "-o", serverOptions, "start"],
          baseDir,
        );
        started = true;
        const adminUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
        await checkAdminUrl(adminUrl);
        return {
          adminUrl,
          describe: `throwaway PostgreSQL cluster (${binDir}) on 127.0.0.1:${port}, started in ${seconds(Date.now() - t0)}`,
          async stop() {
            process.removeListener("exit", stopSync);
            try {
              await runPgTool(runAsPostgres, path.join(binDir, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"], baseDir);
            } finally {
              fs.rmSync(baseDir, { recursive: true, force: true });
            }
          },
        };
      } catch (e) {
        lastError = e;
        const logText = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : "";
        if (started || !/address already in use|could not bind/i.test(logText)) {
          throw new Error(`${(e as Error).message}${logText ? `\n--- postgres.log ---\n${logText.slice(-2000)}` : ""}`);
        }
        // Someone took the port between probing and binding: try another.
      }
    }
    throw lastError;
  } catch (e) {
    process.removeListener("exit", stopSync);
    stopSync();
    throw e;
  }
}

type PostgresOutcome = { ok: true; server: RealPostgres } | { ok: false; reason: string };

async function findRealPostgres(binDir: string | null, runAsPostgres: boolean): Promise<PostgresOutcome> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    try {
      await checkAdminUrl(url);
    } catch (e) {
      // Explicitly asked for: a wrong URL is an error, never a silent skip.
      throw new Error(`TEST_DATABASE_URL (${redact(url)}) is not usable: ${(e as Error).message}`);
    }
    return { ok: true, server: { adminUrl: url, describe: `TEST_DATABASE_URL ${redact(url)}`, async stop() {} } };
  }
  if (!binDir) {
    return {
      ok: false,
      reason:
        "TEST_DATABASE_URL is not set and no PostgreSQL binaries were found " +
        `(/usr/lib/postgresql/${PG_VERSION_PREFERRED}/bin/initdb and pg_ctl)`,
    };
  }
  try {
    return { ok: true, server: await startThrowawayCluster(binDir, runAsPostgres) };
  } catch (e) {
    return { ok: false, reason: `could not start a throwaway PostgreSQL cluster: ${(e as Error).message}` };
  }
}

// ---------------------------------------------------------------------------------------

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const required = isTruthyEnv("REQUIRE_REAL_POSTGRES");
  const binDir = findPgBinDir();
  const runAsPostgres = process.getuid?.() === 0;
  removeStaleLeftovers(binDir, runAsPostgres);

  const dumpPath = path.join(os.tmpdir(), `${TMP_PREFIX}pglite-${process.pid}-${Date.now().toString(36)}.tar`);
  const removeDump = () => fs.rmSync(dumpPath, { force: true });
  process.once("exit", removeDump);

  const tDump = Date.now();
  const [dumpResult, pgResult] = await Promise.allSettled([
    createPgliteDump(dumpPath).then(() => Date.now() - tDump),
    findRealPostgres(binDir, runAsPostgres),
  ]);

  const server = pgResult.status === "fulfilled" && pgResult.value.ok ? pgResult.value.server : null;
  const teardown = async () => {
    process.removeListener("exit", removeDump);
    removeDump();
    await server?.stop();
  };

  try {
    if (dumpResult.status === "rejected") {
      throw new Error(`Could not build the migrated PGlite dump: ${(dumpResult.reason as Error)?.message ?? dumpResult.reason}`, {
        cause: dumpResult.reason,
      });
    }
    if (pgResult.status === "rejected") throw pgResult.reason;
    const outcome = pgResult.value;
    if (!outcome.ok && required) {
      throw new Error(
        `REQUIRE_REAL_POSTGRES=1 but no real PostgreSQL is available for the integration tests: ${outcome.reason}. ` +
          "Set TEST_DATABASE_URL to an admin URL, or install the PostgreSQL server binaries (apt-get install postgresql-15).",
      );
    }
  } catch (e) {
    await teardown().catch(() => {});
    throw e;
  }

  const outcome = pgResult.value as PostgresOutcome;
  if (outcome.ok) {
    // The app's role for every test database (each test database then gets its grants).
    const client = new pg.Client({ connectionString: outcome.server.adminUrl });
    let failure: unknown;
    try {
      await client.connect();
      await setupAppRole(client, { role: TEST_APP_ROLE, password: TEST_APP_PASSWORD, roleOnly: true });
    } catch (e) {
      failure = e;
    }
    await client.end().catch(() => {});
    if (failure) {
      await teardown().catch(() => {});
      throw new Error(`Could not create the app role ${TEST_APP_ROLE}: ${(failure as Error).message}`, { cause: failure });
    }
  }
  log(`PGlite: migrated template dumped in ${seconds(dumpResult.value)} (${dumpPath})`);
  if (outcome.ok) {
    log(`real PostgreSQL: ${outcome.server.describe}; the app connects as ${TEST_APP_ROLE} (row-level security enforced)`);
  } else {
    log(`real PostgreSQL: SKIPPED — the real-PostgreSQL integration suites will be skipped because ${outcome.reason}.`);
    log("  (set TEST_DATABASE_URL, or REQUIRE_REAL_POSTGRES=1 to make this an error)");
  }

  project.provide("pgliteDumpPath", dumpPath);
  project.provide("postgresAdminUrl", outcome.ok ? outcome.server.adminUrl : null);
  project.provide("postgresSkipReason", outcome.ok ? null : outcome.reason);
  return teardown;
}
