// Opens the database: embedded PGlite in a data folder by default, a real PostgreSQL
// through a pg Pool when DATABASE_URL is set. Same Prisma client and migrations for both.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";
import type { SqlRunner } from "./migrate.ts";

export type Db = PrismaClient;

export type Database = {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  /** Raw multi-statement SQL access, used by the migration runner and operators. */
  sql: SqlRunner;
  /** The embedded instance (kind "pglite"), e.g. to serve it on the operator socket. */
  pglite?: PGlite;
  close(): Promise<void>;
};

export class DataDirBusyError extends Error {
  constructor(dir: string) {
    super(
      `The embedded database in ${dir} is in use by another process (is the app running?). ` +
        `Stop the app first, or run this command against a real PostgreSQL with DATABASE_URL.`,
    );
    this.name = "DataDirBusyError";
  }
}

export type OpenOptions = {
  databaseUrl?: string | undefined;
  /**
   * A folder holding a PostgreSQL Unix socket (`.s.PGSQL.5432`): the running app's embedded
   * database, served by server/db/socket.ts. Opened like DATABASE_URL (pg + adapter-pg).
   */
  socketDir?: string;
  /** Folder for the embedded database; "memory://" for a throwaway one. */
  dataDir?: string;
  /** A PGlite data folder dump to start from (tests). */
  loadDataDir?: Blob | File;
  poolSize?: number;
  /**
   * PostgreSQL: the longest wait for a pooled connection, or for a new one to open, in ms
   * (pg's connectionTimeoutMillis); then the query fails and the request gets a 503
   * (server/db/unavailable.ts). Default 5000.
   */
  poolTimeoutMs?: number;
};

function pgliteDir(dataDir: string): string {
  return dataDir.startsWith("memory://") ? dataDir : path.join(dataDir, "pgdata");
}

function lockFile(dataDir: string): string {
  return path.join(dataDir, "hirexp.lock");
}

/** The pid of another live process that holds the data folder (the running app), or null. */
export function dataDirHolder(dataDir: string): number | null {
  if (dataDir.startsWith("memory://")) return null;
  let holder: number;
  try {
    holder = Number(fs.readFileSync(lockFile(dataDir), "utf8"));
  } catch {
    return null;
  }
  if (!holder || holder === process.pid) return null;
  try {
    process.kill(holder, 0);
    return holder;
  } catch (e) {
    // EPERM: alive, owned by someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM" ? holder : null;
  }
}

/** PGlite's folder may be opened by one process at a time; a lock file says who holds it. */
function takeDataDirLock(dataDir: string): () => void {
  if (dataDir.startsWith("memory://")) return () => {};
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = lockFile(dataDir);
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
  } catch {
    if (dataDirHolder(dataDir) !== null) throw new DataDirBusyError(dataDir);
    fs.writeFileSync(lock, String(process.pid));
  }
  return () => {
    try {
      if (fs.readFileSync(lock, "utf8") === String(process.pid)) fs.unlinkSync(lock);
    } catch {
      /* already gone */
    }
  };
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl || opts.socketDir) {
    const pool = new pg.Pool({
      ...(opts.databaseUrl ? { connectionString: opts.databaseUrl } : { host: opts.socketDir, port: 5432, user: "postgres", database: "postgres" }),
      max: opts.poolSize ?? 20,
      connectionTimeoutMillis: opts.poolTimeoutMs ?? 5000,
      allowExitOnIdle: true,
    });
    // An idle pooled connection that the server drops (a PostgreSQL restart) emits "error" on
    // the pool, and an unhandled "error" event would end the process. pg-pool has already
    // removed that connection; the next query opens a new one.
    pool.on("error", () => {});
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    const sql: SqlRunner = {
      async exec(text) {
        await pool.query(text);
      },
      async query<T>(text: string, params: unknown[] = []) {
        return (await pool.query(text, params)).rows as T[];
      },
      async transaction(fn) {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          const tx: SqlRunner = {
            exec: async (t) => void (await client.query(t)),
            query: async <T,>(t: string, p: unknown[] = []) => (await client.query(t, p)).rows as T[],
            transaction: () => Promise.reject(new Error("nested transaction")),
          };
          const result = await fn(tx);
          await client.query("COMMIT");
          return result;
        } catch (e) {
          await client.query("ROLLBACK").catch(() => {});
          throw e;
        } finally {
          client.release();
        }
      },
    };
    return {
      kind: "postgres",
      prisma,
      sql,
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }

  const dataDir = opts.dataDir ?? "memory://";
  const release = takeDataDirLock(dataDir);
  let client: PGlite;
  try {
    // pg_trgm: the candidate search's trigram indexes (migration ..._candidate_search).
    client = new PGlite(pgliteDir(dataDir), { extensions: { pg_trgm }, ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) });
    await client.waitReady;
  } catch (e) {
    release();
    throw e;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  const runner = (c: Pick<PGlite, "exec" | "query">): SqlRunner => ({
    async exec(text) {
      await c.exec(text);
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await c.query<T>(text, params)).rows;
    },
    transaction: (fn) => client.transaction((tx) => fn(runner(tx))),
  });
  return {
    kind: "pglite",
    prisma,
    sql: runner(client),
    pglite: client,
    async close() {
      await prisma.$disconnect();
      await client.close();
      release();
    },
  };
}
