// Opens the database: embedded PGlite in a data folder by default, a real PostgreSQL
// through a pg Pool when DATABASE_URL is set. Same Prisma client and migrations for both.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
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
  /** Folder for the embedded database; "memory://" for a throwaway one. */
  dataDir?: string;
  /** A PGlite data folder dump to start from (tests). */
  loadDataDir?: Blob | File;
  poolSize?: number;
};

function pgliteDir(dataDir: string): string {
  return dataDir.startsWith("memory://") ? dataDir : path.join(dataDir, "pgdata");
}

/** PGlite's folder may be opened by one process at a time; a lock file says who holds it. */
function takeDataDirLock(dataDir: string): () => void {
  if (dataDir.startsWith("memory://")) return () => {};
  fs.mkdirSync(dataDir, { recursive: true });
  const lock = path.join(dataDir, "hirexp.lock");
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
  } catch {
    const holder = Number(fs.readFileSync(lock, "utf8"));
    let alive = false;
    try {
      if (holder && holder !== process.pid) {
        process.kill(holder, 0);
        alive = true;
      }
    } catch {
      alive = false;
    }
    if (alive) throw new DataDirBusyError(dataDir);
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
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 20,
      allowExitOnIdle: true,
    });
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
    client = new PGlite(pgliteDir(dataDir), opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
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
    async close() {
      await prisma.$disconnect();
      await client.close();
      release();
    },
  };
}
