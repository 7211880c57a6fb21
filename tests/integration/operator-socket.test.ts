// The operator socket (server/db/socket.ts) shares the app's one PGlite session with the
// app's own Prisma client. These tests use both at once, through the real parts: the app's
// Prisma on PGlite, and pg + @prisma/adapter-pg through the Unix socket (what the operator
// commands use), and check that neither side's queries run inside the other's transaction.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../server/db/client.ts";
import { serveOperatorSocket, socketDir, socketPath, type OperatorSocket } from "../../server/db/socket.ts";
import { createTestDatabase } from "../helpers/db.ts";

let app: Database;
let dir: string;
let socket: OperatorSocket;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves to "pending" if `p` has not settled by the time the event loop has turned a few times. */
async function stillPending(p: Promise<unknown>, ms = 300): Promise<boolean> {
  const marker = Symbol();
  const r = await Promise.race([p, new Promise((res) => setTimeout(() => res(marker), ms))]); // bounded look, not a wait for a condition
  return r === marker;
}

async function operatorClient(): Promise<pg.Client> {
  const c = new pg.Client({ host: socketDir(dir), port: 5432, user: "postgres", database: "postgres" });
  await c.connect();
  return c;
}

async function count(): Promise<number> {
  const rows = await app.prisma.$queryRawUnsafe<{ n: number }[]>("SELECT count(*)::int AS n FROM socket_probe");
  return rows[0]!.n;
}

beforeAll(async () => {
  app = await createTestDatabase("pglite");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-sock-"));
  const served = await serveOperatorSocket(app.pglite!, dir);
  if ("skipped" in served) throw new Error(served.skipped);
  socket = served;
  await app.prisma.$executeRawUnsafe("CREATE TABLE socket_probe (n int)");
}, 120_000);

afterAll(async () => {
  await socket?.close();
  await app?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await app.prisma.$executeRawUnsafe("DELETE FROM socket_probe");
});

describe("operator socket beside the app", () => {
  it("is a 0600 socket in a 0700 folder, and removed at close", async () => {
    expect(fs.lstatSync(socketPath(dir)).isSocket()).toBe(true);
    expect(fs.statSync(socketPath(dir)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(socketDir(dir)).mode & 0o777).toBe(0o700);
  });

  it("an operator query waits for the app's open transaction and never sees its uncommitted rows", async () => {
    const op = await operatorClient();
    try {
      const inside = deferred();
      const finish = deferred();
      const appTx = app.prisma
        .$transaction(async (tx) => {
          await tx.$executeRawUnsafe("INSERT INTO socket_probe VALUES (1)");
          inside.resolve();
          await finish.promise;
          throw new Error("app rolls back");
        }, { timeout: 60_000 })
        .catch((e: Error) => e.message);
      await inside.promise;
      const seen = op.query<{ n: number }>("SELECT count(*)::int AS n FROM socket_probe");
      expect(await stillPending(seen)).toBe(true); // it waits for the app's transaction to end
      finish.resolve();
      expect(await appTx).toBe("app rolls back");
      expect((await seen).rows[0]!.n).toBe(0); // ran after the rollback, not inside the transaction
    } finally {
      await op.end();
    }
  });

  it("an app query waits for an operator's open transaction and does not run inside it", async () => {
    const op = await operatorClient();
    try {
      await op.query("BEGIN");
      await op.query("INSERT INTO socket_probe VALUES (2)");
      const appCount = count();
      expect(await stillPending(appCount)).toBe(true);
      await op.query("ROLLBACK");
      expect(await appCount).toBe(0);
      // And the operator's own work commits when it says so.
      await op.query("BEGIN");
      await op.query("INSERT INTO socket_probe VALUES ($1)", [3]);
      await op.query("COMMIT");
      expect(await count()).toBe(1);
    } finally {
      await op.end();
    }
  });

  it("an operator that disconnects mid-transaction is rolled back and the app carries on", async () => {
    const op = await operatorClient();
    op.on("error", () => {}); // its connection is cut below, on purpose
    await op.query("BEGIN");
    await op.query("INSERT INTO socket_probe VALUES (4)");
    const appCount = count();
    expect(await stillPending(appCount)).toBe(true);
    (op as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect(await appCount).toBe(0);
    expect(app.pglite!.isInTransaction()).toBe(false);
  });

  it("concurrent app and operator transactions (Prisma on both sides) keep every row and lose none", { timeout: 120_000 }, async () => {
    const op = await openDatabase({ socketDir: socketDir(dir), poolSize: 3 });
    try {
      const rounds = 15;
      // Each transaction reads the current maximum and inserts max+1: interleaving would duplicate values.
      const step = (db: Database["prisma"]) =>
        db.$transaction(async (tx) => {
          const [r] = await tx.$queryRawUnsafe<{ m: number }[]>("SELECT coalesce(max(n), 0)::int AS m FROM socket_probe");
          await tx.$executeRawUnsafe("INSERT INTO socket_probe VALUES ($1)", r!.m + 1);
        }, { timeout: 60_000, maxWait: 60_000 });
      await Promise.all(Array.from({ length: rounds }, () => [step(app.prisma), step(op.prisma), step(op.prisma)]).flat());
      const rows = await app.prisma.$queryRawUnsafe<{ n: number }[]>("SELECT n FROM socket_probe ORDER BY n");
      expect(rows.map((r) => r.n)).toEqual(Array.from({ length: rounds * 3 }, (_, i) => i + 1));
    } finally {
      await op.close();
    }
  });
});

describe("operator socket start", () => {
  it("replaces a stale socket file, and refuses to remove something that is not a socket", async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-sock2-"));
    try {
      fs.mkdirSync(socketDir(other), { recursive: true });
      fs.writeFileSync(socketPath(other), "not a socket");
      await expect(serveOperatorSocket(app.pglite!, other)).rejects.toThrow(/is not a socket/);
      fs.rmSync(socketPath(other));

      // What a killed app leaves behind: a socket file nobody listens on.
      const made = spawnSync(process.execPath, ["-e", `require("net").createServer().listen(${JSON.stringify(socketPath(other))}, () => process.exit(0))`]);
      expect(made.status).toBe(0);
      expect(fs.lstatSync(socketPath(other)).isSocket()).toBe(true);
      const second = await serveOperatorSocket(app.pglite!, other);
      if ("skipped" in second) throw new Error(second.skipped);
      try {
        const c = new pg.Client({ host: socketDir(other), port: 5432, user: "postgres", database: "postgres" });
        await c.connect();
        expect((await c.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
        await c.end();
      } finally {
        await second.close();
      }
      expect(fs.existsSync(socketPath(other))).toBe(false);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
