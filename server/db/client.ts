// Opens the database: embedded PGlite in a data folder by default, a real PostgreSQL
// through a pg Pool when DATABASE_URL is set. Same Prisma client and migrations for both.
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";
import type { SqlRunner } from "./migrate.ts";
import { currentDataContext, SYSTEM_CONTEXT, type DataContext } from "./context.ts";

export type Db = PrismaClient;

export type Database = {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  /** Raw multi-statement SQL access, used by the migration runner and operators. */
  sql: SqlRunner;
  /** The embedded instance (kind "pglite"), e.g. to serve it on the operator socket. */
  pglite?: PGlite;
  /**
   * PostgreSQL only: runs one statement on the pg pool directly, as a named prepared statement
   * (parsed and planned once per connection), for hot paths such as the per-request session
   * check (auth/session.ts). Timestamps come back as UTC Dates, as Prisma reads them.
   */
  preparedQuery?: <T>(name: string, text: string, values: unknown[]) => Promise<T[]>;
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
   * The data context of work that runs outside any (server/db/context.ts): "deny" (no user, no
   * path: row-level security returns nothing; the app) or "system" (tests' fixtures, tools).
   * Default "system".
   */
  contextless?: "deny" | "system";
  /** false: a plain pg Pool that sets no data context (bench/rls-cost.ts's "RLS off"). Default true. */
  dataContext?: boolean;
  /**
   * PostgreSQL: the longest wait for a pooled connection, or for a new one to open, in ms
   * (pg's connectionTimeoutMillis); then the query fails and the request gets a 503
   * (server/db/unavailable.ts). Default 5000.
   */
  poolTimeoutMs?: number;
  /** pg's allowExitOnIdle: idle pooled connections do not keep the process alive. Default true; the server passes false. */
  allowExitOnIdle?: boolean;
};

/** The error listener of a checked-out pooled connection (openDatabase): the error is handled by whoever holds it. */
function checkedOutClientError(): void {}

const DENY_CONTEXT: Readonly<DataContext> = Object.freeze({ userId: null, path: "" as DataContext["path"] });
const SET_CONTEXT_SQL = "SELECT set_config('app.user_id', $1, false), set_config('app.path', $2, false)";
const contextKey = Symbol("hirexp.dataContext");
type Tagged = pg.PoolClient & { [contextKey]?: string };

/**
 * A pg Pool that hands the caller's data context (server/db/context.ts) to PostgreSQL on every
 * checkout: `app.user_id` and `app.path`, set for the connection's session with set_config
 * when they differ from what that connection last had (one round trip, skipped when equal).
 * The context is read when connect() is called — in the caller's async context, not when a
 * busy pool later hands over a released connection.
 */
export class ContextPool extends pg.Pool {
  contextless: Readonly<DataContext>;
  constructor(config: pg.PoolConfig, contextless: "deny" | "system") {
    super(config);
    this.contextless = contextless === "deny" ? DENY_CONTEXT : SYSTEM_CONTEXT;
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    const ctx = currentDataContext() ?? this.contextless;
    const userId = ctx.userId ?? "";
    const key = `${ctx.path}\u0000${userId}`;
    const checkedOut = this.#checkout().then(async (client: Tagged) => {
      if (client[contextKey] === key) return client;
      try {
        await client.query(SET_CONTEXT_SQL, [userId, ctx.path]);
      } catch (e) {
        client.release(e as Error);
        throw e;
      }
      client[contextKey] = key;
      return client;
    });
    if (!callback) return checkedOut;
    checkedOut.then(
      (client) => callback(undefined, client, (release?: unknown) => client.release(release as Error | boolean | undefined)),
      (err: Error) => callback(err, undefined, () => {}),
    );
  }

  /**
   * A pooled connection, waiting at most what is left of the request's budget (runAsOneRequest)
   * — pg-pool's connectionTimeoutMillis bounds each wait on its own, and a request checks out
   * a connection several times (session check, then each query or transaction).
   */
  #checkout(): Promise<pg.PoolClient> {
    const limit = this.options.connectionTimeoutMillis ?? 0;
    const budget = poolWaits.getStore();
    if (!budget || limit <= 0) return super.connect();
    const now = performance.now();
    const left = limit - budget.waitedMs - (budget.waiting > 0 ? now - budget.since : 0);
    if (left <= 0) return Promise.reject(new Error(POOL_TIMEOUT_MESSAGE));
    if (budget.waiting++ === 0) budget.since = now;
    const done = (err?: Error) => {
      if (--budget.waiting === 0) budget.waitedMs += performance.now() - budget.since;
      // pg-pool's own timer may fire a fraction of a millisecond short of the measured limit.
      if (err?.message === POOL_TIMEOUT_MESSAGE) budget.waitedMs = Math.max(budget.waitedMs, limit);
    };
    const connecting = super.connect();
    if (left >= limit) {
      connecting.then(() => done(), done);
      return connecting;
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        done(new Error(POOL_TIMEOUT_MESSAGE));
        // Still queued in pg-pool: a connection it hands over later goes straight back.
        connecting.then((client) => client.release(), () => {});
        reject(new Error(POOL_TIMEOUT_MESSAGE));
      }, left);
      connecting.then(
        (client) => {
          clearTimeout(timer);
          done();
          resolve(client);
        },
        (err: Error) => {
          clearTimeout(timer);
          done(err);
          reject(err);
        },
      );
    });
  }
}

/** pg-pool's message when the wait for a connection timed out (server/db/unavailable.ts maps it to DATABASE_BUSY). */
const POOL_TIMEOUT_MESSAGE = "timeout exceeded when trying to connect";
type PoolWaits = { waitedMs: number; waiting: number; since: number };
const poolWaits = new AsyncLocalStorage<PoolWaits>();

/**
 * Runs `fn` as one request (app.ts, for every HTTP request): the time it spends waiting for
 * pooled connections, all checkouts together (overlapping waits counted once), is bounded by
 * the pool's timeout (DATABASE_POOL_TIMEOUT_MS); past it the next checkout fails at once, and
 * the request answers 503 DATABASE_BUSY after about that long, not a multiple of it.
 */
export function runAsOneRequest<T>(fn: () => T): T {
  return poolWaits.run({ waitedMs: 0, waiting: 0, since: 0 }, fn);
}

/**
 * Prisma batches findUnique calls made in the same tick into one query, run in the async
 * context of the first caller: two requests of two users would share one data context.
 * Outside transactions each request goes alone, in its own context.
 */
function unbatchAcrossContexts(prisma: PrismaClient): void {
  const loader = (prisma as unknown as { _requestHandler?: { dataloader?: { options?: { batchBy?: (r: { transaction?: { id?: unknown } }) => string | undefined } } } })._requestHandler?.dataloader?.options;
  const batchBy = loader?.batchBy;
  if (!loader || !batchBy) throw new Error("Prisma's request batching changed: review unbatchAcrossContexts (server/db/client.ts)");
  loader.batchBy = (r) => (r.transaction?.id ? batchBy(r) : undefined);
}
// Prisma writes `timestamp(3)` columns (no time zone) in UTC; pg would read them as local time.
const TIMESTAMP_OID = 1114;
const UTC_TYPES = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP_OID) return (v: string) => new Date(`${v.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format as "text");
  },
} as pg.CustomTypesConfig;

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
    const poolConfig: pg.PoolConfig = {
      ...(opts.databaseUrl ? { connectionString: opts.databaseUrl } : { host: opts.socketDir, port: 5432, user: "postgres", database: "postgres" }),
      max: opts.poolSize ?? 20,
      // The bound applies to a real PostgreSQL. Through the embedded database's operator socket
      // (socketDir: seed, admin:create while the app runs) one client is served at a time and a
      // command may wait for the app's own work: no bound there.
      connectionTimeoutMillis: opts.databaseUrl ? (opts.poolTimeoutMs ?? 5000) : 0,
      // Commands and tests may end without closing; the server closes its pool when it stops
      // (allowExitOnIdle costs a socket ref/unref on every checkout of the hot path).
      allowExitOnIdle: opts.allowExitOnIdle ?? true,
    };
    const withContext = opts.dataContext ?? true;
    const pool = withContext ? new ContextPool(poolConfig, opts.contextless ?? "system") : new pg.Pool(poolConfig);
    // An idle pooled connection that the server drops (a PostgreSQL restart) emits "error" on
    // the pool, and an unhandled "error" event would end the process. pg-pool has already
    // removed that connection; the next query opens a new one.
    pool.on("error", () => {});
    // The same while a connection is checked out: pg-pool listens for errors on idle clients
    // only, and a checked-out client that is between queries (a periodic job's lock
    // transaction while the job runs, an interactive transaction between statements) emits an
    // "error" event of its own when the server ends the connection (57P01 on a restart):
    // unhandled, it ended the process (tests/integration/fault-pg-restart.test.ts). The query
    // in flight, if any, gets the error itself; the next one fails at once as "not queryable"
    // (a 503); pg-pool drops the client when it comes back.
    pool.on("acquire", (client) => void client.on("error", checkedOutClientError));
    pool.on("release", (_err, client) => void client.removeListener("error", checkedOutClientError));
    // An interactive transaction waits for its connection as long as any query does
    // (DATABASE_POOL_TIMEOUT_MS), not Prisma's own 2 s; past it, a 503 DATABASE_BUSY (unavailable.ts).
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool), ...(opts.databaseUrl ? { transactionOptions: { maxWait: opts.poolTimeoutMs ?? 5000 } } : {}) });
    if (withContext) unbatchAcrossContexts(prisma);
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
      async preparedQuery<T>(name: string, text: string, values: unknown[]) {
        return (await pool.query({ name, text, values, types: UTC_TYPES })).rows as T[];
      },
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
