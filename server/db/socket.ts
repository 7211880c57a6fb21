// While the app holds the embedded database, it serves it on a Unix socket inside DATA_DIR
// so that the operator commands (seed, admin:create, users:list, user:suspend) can work
// through it (pg + @prisma/adapter-pg, the same path as DATABASE_URL). Never a TCP port:
// the socket sits in a 0700 folder and is itself 0600, so only the app's own OS user can
// connect (PGlite asks for no password).
//
// PGlite is ONE session shared by the app and every socket client. pglite-socket 0.2.17
// queues socket messages and runs each one under `db.runExclusive` (PGlite's query mutex)
// only, one protocol message at a time. The app's Prisma adapter (pglite-prisma-adapter)
// runs `query()` and `transaction()` under PGlite's *transaction* mutex, and releases the
// query mutex between the statements of a transaction. So, as shipped, a socket message can
// run inside an app transaction, and an app query can run inside an operator's BEGIN … COMMIT
// (or between its Parse and Sync, clobbering the unnamed statement). TransactionQueue below
// replaces the library's queue: a socket client takes PGlite's transaction mutex at its first
// message and keeps it until it is idle again (after a Sync or simple Query, outside a
// transaction block). The app and the socket clients therefore take turns at transaction
// boundaries, as they would on a single PostgreSQL connection. An operator transaction that
// stays idle for HOLD_TIMEOUT_MS is rolled back and its connection dropped, so a stuck
// command cannot stall the app.
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/** Folder (inside DATA_DIR) that holds the socket; a pg `host`. */
export function socketDir(dataDir: string): string {
  return path.join(dataDir, "run");
}

/** The socket file itself, named as PostgreSQL names it so `pg` finds it from `host`. */
export function socketPath(dataDir: string): string {
  return path.join(socketDir(dataDir), ".s.PGSQL.5432");
}

/** Unix socket paths are limited to 107 bytes on Linux (sun_path). */
const MAX_SOCKET_PATH = 107;
const HOLD_TIMEOUT_MS = 30_000;

// Frontend messages of an extended-query cycle that is not finished until Sync.
const PARSE = 0x50, BIND = 0x42, DESCRIBE = 0x44, EXECUTE = 0x45, CLOSE = 0x43, FLUSH = 0x48;
const MID_CYCLE = new Set([PARSE, BIND, DESCRIBE, EXECUTE, CLOSE, FLUSH]);

function simpleQuery(sql: string): Uint8Array {
  const body = Buffer.from(`${sql}\0`, "utf8");
  const msg = Buffer.alloc(5 + body.length);
  msg.write("Q", 0, "latin1");
  msg.writeInt32BE(4 + body.length, 1);
  body.copy(msg, 5);
  return new Uint8Array(msg);
}
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/** Drop-in for pglite-socket's QueryQueueManager (enqueue, clearQueueForHandler, clearTransactionIfNeeded). */
export class TransactionQueue {
  private owner: number | null = null;
  private release: (() => void) | null = null;
  private midCycle = false;
  private holdTimer: NodeJS.Timeout | undefined;
  private readonly chains = new Map<number, Promise<unknown>>();
  private readonly closed = new Set<number>();

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    // One handler's messages run in order; other handlers wait for the transaction mutex.
    const prev = this.chains.get(handlerId) ?? Promise.resolve();
    const next = prev.catch(() => {}).then(() => this.run(handlerId, message, onData));
    this.chains.set(handlerId, next);
    return next;
  }

  private async run(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (this.closed.has(handlerId)) throw new Error("connection closed by the app (idle in transaction too long)");
    if (this.owner !== handlerId) {
      await new Promise<void>((acquired) => {
        void this.db._runExclusiveTransaction(
          () =>
            new Promise<void>((release) => {
              this.release = release;
              acquired();
            }),
        );
      });
      this.owner = handlerId;
      if (this.closed.has(handlerId)) {
        this.releaseOwner();
        throw new Error("connection closed");
      }
    }
    clearTimeout(this.holdTimer);
    let bytes = 0;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(message, {
          onRawData: (d) => {
            bytes += d.length;
            onData(d);
          },
        }),
      );
    } finally {
      const type = message[0]!;
      this.midCycle = MID_CYCLE.has(type);
      if (!this.midCycle && !this.db.isInTransaction()) this.releaseOwner();
      else this.holdTimer = setTimeout(() => void this.abandon(handlerId), HOLD_TIMEOUT_MS);
    }
    return bytes;
  }

  private releaseOwner(): void {
    clearTimeout(this.holdTimer);
    this.owner = null;
    const release = this.release;
    this.release = null;
    release?.();
  }

  /** Ends what the owner left open (an extended-query cycle, a transaction) and lets others in. */
  private async rollBackOwner(): Promise<void> {
    await this.db.runExclusive(async () => {
      if (this.midCycle) await this.db.execProtocolRawStream(SYNC, { onRawData: () => {} });
      if (this.db.isInTransaction()) await this.db.execProtocolRawStream(simpleQuery("ROLLBACK"), { onRawData: () => {} });
    });
    this.midCycle = false;
    this.releaseOwner();
  }

  private async abandon(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    this.closed.add(handlerId); // its next message is refused, which closes its socket
    await this.rollBackOwner();
  }

  clearQueueForHandler(handlerId: number): void {
    this.closed.add(handlerId);
  }

  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    this.closed.add(handlerId);
    await (this.chains.get(handlerId) ?? Promise.resolve()).catch(() => {});
    this.chains.delete(handlerId);
    if (this.owner === handlerId) await this.rollBackOwner();
  }

  getQueueLength(): number {
    return 0;
  }
}

/** pglite-socket's server (listening, connection limit, handlers) with TransactionQueue in place of its queue. */
class TransactionalSocketServer extends PGLiteSocketServer {
  constructor(options: ConstructorParameters<typeof PGLiteSocketServer>[0]) {
    super(options);
    const self = this as unknown as { queryQueue?: unknown };
    // Pinned to 0.2.17; tests/integration/operator-socket.test.ts fails if this stops holding.
    if (!("queryQueue" in self)) throw new Error("@electric-sql/pglite-socket changed: no queryQueue to replace");
    self.queryQueue = new TransactionQueue(options.db);
  }
}

export type OperatorSocket = { path: string; close(): Promise<void> };

/** Removes a socket file left by a process that died (the caller holds the data-folder lock). */
function removeStale(file: string): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    return;
  }
  if (!st.isSocket()) throw new Error(`${file} exists and is not a socket; remove it and start again`);
  fs.unlinkSync(file);
}

/**
 * Serves `db` on `<dataDir>/run/.s.PGSQL.5432`. The caller must hold the data-folder lock
 * (so any socket file already there is stale). Returns null, with a reason, when the path is
 * too long for a Unix socket.
 */
export async function serveOperatorSocket(db: PGlite, dataDir: string): Promise<OperatorSocket | { skipped: string }> {
  const dir = socketDir(dataDir);
  const file = socketPath(dataDir);
  if (Buffer.byteLength(file) > MAX_SOCKET_PATH) {
    return { skipped: `the socket path ${file} is longer than ${MAX_SOCKET_PATH} bytes` };
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  removeStale(file);
  const server = new TransactionalSocketServer({ db, path: file, maxConnections: 8 });
  await server.start();
  fs.chmodSync(file, 0o600);
  let closing: Promise<void> | undefined;
  return {
    path: file,
    close: () =>
      (closing ??= (async () => {
        await server.stop();
        fs.rmSync(file, { force: true });
      })()),
  };
}
