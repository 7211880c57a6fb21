// Backups and restores of HireXp's database (npm run db:backup / db:restore, and the daily job).
//
// - Real PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore`.
// - Embedded PGlite: PGlite's own pg_dump (WebAssembly, @electric-sql/pglite-tools) writes a
//   plain SQL file of INSERTs, restored by executing it in a new PGlite data folder.
//
// The schema document excludes sessions and audit logs from backups. We exclude their *data*
// only (`--exclude-table-data`), never their structure: a restored copy must be a working app
// (the document's `--exclude-table` would drop the tables, and the app could not start).
// After a restore everyone signs in again, and the audit trail starts afresh on that copy.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { openDatabase } from "../db/client.ts";

const run = promisify(execFile);

/** Tables whose rows are not backed up (their structure is). */
export const DATA_EXCLUDED_TABLES = ["sessions", "audit_logs"] as const;

const excludeArgs = DATA_EXCLUDED_TABLES.map((t) => `--exclude-table-data=public.${t}`);

/** A custom-format dump starts with these bytes; a PGlite dump is SQL text. */
const CUSTOM_MAGIC = "PGDMP";

export type BackupKind = "postgres" | "pglite";

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

/** Where pg_dump / pg_restore live: PG_BIN_DIR, else PostgreSQL 15's folder, else the PATH. */
export function pgTool(name: "pg_dump" | "pg_restore"): string {
  const dirs = [process.env.PG_BIN_DIR, "/usr/lib/postgresql/15/bin"].filter((d): d is string => !!d);
  for (const dir of dirs) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return file;
  }
  return name;
}

/** The file name a backup gets in a folder: sortable by time, with the format in the extension. */
export function backupFileName(kind: BackupKind, at: Date = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `hirexp-${stamp}.${kind === "postgres" ? "dump" : "sql"}`;
}

/** pg_dump of a real PostgreSQL into `out` (custom format), sessions' and audit logs' data left out. */
export async function backupPostgres(databaseUrl: string, out: string): Promise<{ bytes: number }> {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const partial = `${out}.partial`;
  try {
    await run(pgTool("pg_dump"), ["--format=custom", "--no-owner", "--no-privileges", ...excludeArgs, `--file=${partial}`, `--dbname=${databaseUrl}`], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw new BackupError(`pg_dump failed: ${stderrOf(e)}`);
  }
  // Renamed only when complete, so a crash never leaves a file that looks like a backup.
  fs.renameSync(partial, out);
  return { bytes: fs.statSync(out).size };
}

/**
 * PGlite's pg_dump of the embedded database into `out` (SQL). It runs on the app's own
 * instance, so it holds PGlite's transaction and query locks for the whole dump: no app
 * statement or transaction can run in between (the dump itself runs synchronously inside the
 * WebAssembly module; the app's requests wait for it).
 */
export async function backupPglite(db: PGlite, out: string): Promise<{ bytes: number }> {
  const { pgDump } = await import("@electric-sql/pglite-tools/pg_dump");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const searchPath = (await db.query<{ search_path: string }>("SHOW search_path")).rows[0]?.search_path ?? "public";
  const locked = db as unknown as Locks;
  const file = await locked._runExclusiveTransaction(() =>
    locked._runExclusiveQuery(() => {
      // pgDump's own query()/exec() calls would wait for the locks held here: give it the same
      // calls without them (the wire protocol's simple query, as the socket server sends it).
      const unlocked = {
        query: async () => ({ rows: [{ search_path: searchPath }] }),
        exec: async (sql: string) => {
          await db.execProtocolRaw(simpleQuery(sql));
          return [];
        },
        execProtocolRawStream: db.execProtocolRawStream.bind(db),
      } as unknown as PGlite;
      return pgDump({ pg: unlocked, args: [...excludeArgs] });
    }),
  );
  // pg_dump empties the session's search path for its statements; the app's needs it back.
  const after = (await db.query<{ search_path: string }>("SHOW search_path")).rows[0]?.search_path;
  if (after !== searchPath) await db.exec(`SET search_path TO ${searchPath}`);
  const partial = `${out}.partial`;
  fs.writeFileSync(partial, Buffer.from(await file.arrayBuffer()), { mode: 0o600 });
  fs.renameSync(partial, out);
  return { bytes: fs.statSync(out).size };
}

type Locks = { _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>; _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T> };

/** A PostgreSQL simple-query message ('Q', length, text, NUL). */
function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, "utf8");
  const message = Buffer.alloc(5 + text.length);
  message.write("Q", 0, "latin1");
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
}

/** Which kind of backup a file is, from its first bytes. */
export function backupKindOf(file: string): BackupKind {
  const fd = fs.openSync(file, "r");
  try {
    const head = Buffer.alloc(CUSTOM_MAGIC.length);
    fs.readSync(fd, head, 0, head.length, 0);
    return head.toString("latin1") === CUSTOM_MAGIC ? "postgres" : "pglite";
  } finally {
    fs.closeSync(fd);
  }
}

/** The tables of the public schema that hold rows or structure (an empty database has none). */
async function postgresTables(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    return r.rows.map((row) => row.name);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Restores a custom-format backup into the database at `databaseUrl`. It must be empty unless
 * `force` (then the public schema is dropped and created again first).
 */
export async function restorePostgres(file: string, databaseUrl: string, { force = false } = {}): Promise<{ tables: number }> {
  if (backupKindOf(file) !== "postgres") {
    throw new BackupError(`${file} is a backup of the embedded database (SQL); restore it with DATA_DIR set and DATABASE_URL unset.`);
  }
  const existing = await postgresTables(databaseUrl);
  if (existing.length > 0) {
    if (!force) throw new BackupError(`The target database is not empty (${existing.length} tables). Restore into an empty database, or add --force to replace everything in it.`);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    } finally {
      await client.end().catch(() => {});
    }
  }
  try {
    await run(pgTool("pg_restore"), ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", `--dbname=${databaseUrl}`, file], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (e) {
    throw new BackupError(`pg_restore failed: ${stderrOf(e)}`);
  }
  return { tables: (await postgresTables(databaseUrl)).length };
}

/**
 * Restores a PGlite backup into a new embedded database in `dataDir` (its pgdata folder must
 * not exist unless `force`, which removes it). Runs the dump in one transaction: a failure
 * leaves nothing half-restored.
 */
export async function restorePglite(file: string, dataDir: string, { force = false } = {}): Promise<{ tables: number }> {
  if (backupKindOf(file) !== "pglite") {
    throw new BackupError(`${file} is a PostgreSQL backup (custom format); restore it with DATABASE_URL set.`);
  }
  const pgdata = path.join(dataDir, "pgdata");
  if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) {
    if (!force) throw new BackupError(`${dataDir} already holds a database. Restore into a new DATA_DIR, or add --force to replace it.`);
    fs.rmSync(pgdata, { recursive: true, force: true });
  }
  // Opened like the app opens it (same extensions, and the data folder's lock: a running app's
  // folder is refused).
  const database = await openDatabase({ dataDir });
  const db = database.pglite!;
  try {
    const searchPath = (await db.query<{ search_path: string }>("SHOW search_path")).rows[0]?.search_path ?? "public";
    await db.transaction(async (tx) => {
      await tx.exec(fs.readFileSync(file, "utf8"));
    });
    // The dump empties the search path for its own statements; give the session its own back.
    await db.exec(`SET search_path TO ${searchPath}`);
    const r = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
    await database.close();
    return { tables: r.rows[0]?.n ?? 0 };
  } catch (e) {
    await database.close().catch(() => {});
    fs.rmSync(pgdata, { recursive: true, force: true });
    throw new BackupError(`The backup could not be restored: ${(e as Error).message}`);
  }
}

/** Keeps the `keep` newest backups in `dir` (by name, which sorts by time) and deletes the rest. */
export function pruneBackups(dir: string, keep: number): string[] {
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^hirexp-\d{8}T\d{6}Z\.(dump|sql)$/.test(f))
    .sort();
  const removed = files.slice(0, Math.max(0, files.length - keep));
  for (const f of removed) fs.rmSync(path.join(dir, f), { force: true });
  return removed;
}

function stderrOf(e: unknown): string {
  const err = e as { stderr?: string; message?: string };
  return (err.stderr || err.message || String(e)).trim().split("\n").slice(-3).join(" ");
}
