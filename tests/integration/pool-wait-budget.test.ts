// A request's waits for pooled connections add up against the pool's timeout
// (DATABASE_POOL_TIMEOUT_MS; server/db/client.ts runAsOneRequest, decision 024): once a request
// has waited that long in all, its next checkout fails at once — a 503 DATABASE_BUSY — even
// with a connection free, instead of waiting the full timeout once more per query. Work outside
// a request (jobs, tools) keeps the per-checkout bound. Real PostgreSQL only (PGlite has no pool).
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, runAsOneRequest, type Database } from "../../server/db/client.ts";
import { databaseUnavailable } from "../../server/db/unavailable.ts";
import { createPostgresDatabaseUrl, describeRealPostgres } from "../helpers/db.ts";

const TIMEOUT_MS = 300;

describeRealPostgres("pool waits per request", () => {
  let db: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await createPostgresDatabaseUrl();
    drop = created.drop;
    db = await openDatabase({ databaseUrl: created.url, poolSize: 1, poolTimeoutMs: TIMEOUT_MS });
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  /** Holds the pool's only connection until the returned function is called. */
  async function holdTheConnection(): Promise<() => Promise<void>> {
    let release!: () => void;
    let held!: () => void;
    const isHeld = new Promise<void>((r) => (held = r));
    const done = db.sql.transaction(async (tx) => {
      await tx.query("SELECT 1");
      held();
      await new Promise<void>((r) => (release = r));
    });
    await isHeld;
    return async () => {
      release();
      await done;
    };
  }

  it("a request that used up its wait fails its next checkout at once, though a connection is free", async () => {
    await runAsOneRequest(async () => {
      const release = await holdTheConnection();
      // Outside the holder's transaction, in this request: waits the full timeout, then busy.
      const first = await db.sql.query("SELECT 1").catch((e: unknown) => e);
      expect(databaseUnavailable(first)?.appCode).toBe("DATABASE_BUSY");
      await release();
      // The connection is free now, but this request has waited its DATABASE_POOL_TIMEOUT_MS.
      const second = await db.sql.query("SELECT 1").catch((e: unknown) => e);
      expect(databaseUnavailable(second)?.appCode).toBe("DATABASE_BUSY");
    });
    // Another request (or work outside any) gets the free connection.
    await expect(runAsOneRequest(() => db.sql.query<{ one: number }>("SELECT 1 AS one"))).resolves.toEqual([{ one: 1 }]);
    await expect(db.sql.query<{ one: number }>("SELECT 1 AS one")).resolves.toEqual([{ one: 1 }]);
  });

  it("checkouts that do not wait use none of the budget, and a connection that comes within it is used", async () => {
    await runAsOneRequest(async () => {
      for (let i = 0; i < 20; i++) expect(await db.sql.query<{ i: number }>("SELECT $1::int AS i", [i])).toEqual([{ i }]);
      // Wait for the holder to give the connection back (well within the timeout): served.
      const release = await holdTheConnection();
      const waiting = db.sql.query<{ one: number }>("SELECT 1 AS one");
      await release();
      expect(await waiting).toEqual([{ one: 1 }]);
    });
  });
});
