// Databases for tests, each fresh and isolated:
//   - "pglite":   an in-memory PGlite loaded from the migrated dump made by global-setup.ts;
//   - "postgres": a new `test_<random>` database on the run's real PostgreSQL, migrated;
//                 close() drops it.
// describeEachDatabase() runs a suite once per kind; the real-PostgreSQL copy is reported
// as skipped (with the reason in its name) only when no server is available and
// REQUIRE_REAL_POSTGRES is not set (global-setup.ts fails the run in that case).
import crypto from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { openDatabase, type Database } from "../../server/db/client.ts";
import { migrate } from "../../server/db/migrate.ts";
import { setupAppRole } from "../../server/db/roles.ts";
import { TEST_APP_PASSWORD, TEST_APP_ROLE } from "./global-setup.ts";

export type { Database };
export type DbKind = "pglite" | "postgres";
export const ALL_DB_KINDS: readonly DbKind[] = ["pglite", "postgres"];

export type RealPostgresStatus = { available: true; adminUrl: string } | { available: false; reason: string };

export type CreateTestDatabaseOptions = {
  /** Apply every migration (default true). false gives an empty database, e.g. to test migrations. */
  migrated?: boolean;
  /**
   * "postgres": connect as the owner instead of the app role (row-level security then does
   * not apply), for tests that change the schema themselves. Default false.
   */
  owner?: boolean;
  /** Pool size for "postgres" (default 5). */
  poolSize?: number;
};

function provided<K extends "pgliteDumpPath" | "postgresAdminUrl" | "postgresSkipReason">(key: K) {
  const value = inject(key);
  if (value === undefined) {
    throw new Error(
      `tests/helpers/db.ts: "${key}" was not provided — tests/helpers/global-setup.ts did not run. ` +
        "Run the tests through the `node` project of vitest.config.ts.",
    );
  }
  return value;
}

/** Whether this run has a real PostgreSQL, and why not. */
export function realPostgresStatus(): RealPostgresStatus {
  const adminUrl = provided("postgresAdminUrl");
  if (adminUrl) return { available: true, adminUrl };
  return { available: false, reason: provided("postgresSkipReason") ?? "no real PostgreSQL" };
}

/** The kinds a test can use in this run: always "pglite", plus "postgres" when available. */
export function availableDbKinds(): DbKind[] {
  return realPostgresStatus().available ? ["pglite", "postgres"] : ["pglite"];
}

let dumpBlob: Blob | undefined;
function pgliteDump(): Blob {
  dumpBlob ??= new Blob([fs.readFileSync(provided("pgliteDumpPath"))]);
  return dumpBlob;
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The URL of database `name` as the app role (not the owner, no BYPASSRLS): row-level security applies. */
export function appRoleUrl(adminUrl: string, name: string): string {
  const url = new URL(databaseUrl(adminUrl, name));
  url.username = TEST_APP_ROLE;
  url.password = TEST_APP_PASSWORD;
  return url.toString();
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * A fresh database of the given kind, isolated from every other test file. Close it (e.g. in
 * afterAll); for "postgres" close() also drops the database.
 */
export async function createTestDatabase(kind: DbKind, opts: CreateTestDatabaseOptions = {}): Promise<Database> {
  const migrated = opts.migrated ?? true;
  if (kind === "pglite") {
    return openDatabase(migrated ? { dataDir: "memory://", loadDataDir: pgliteDump() } : { dataDir: "memory://" });
  }

  const status = realPostgresStatus();
  if (!status.available) throw new Error(`No real PostgreSQL in this run: ${status.reason}`);
  const name = `test_${crypto.randomBytes(8).toString("hex")}`;
  await withAdmin(status.adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const drop = () => withAdmin(status.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  // Migrated as the owner; then the app connects as the app role, so the whole suite runs with
  // row-level security enforced (an unmigrated database stays the owner's, to migrate it).
  let db: Database;
  try {
    const ownerUrl = databaseUrl(status.adminUrl, name);
    if (migrated) {
      const owner = await openDatabase({ databaseUrl: ownerUrl, poolSize: 1 });
      try {
        await migrate(owner.sql);
      } finally {
        await owner.close();
      }
      await withAdmin(ownerUrl, (c) => setupAppRole(c, { role: TEST_APP_ROLE }));
    }
    db = await openDatabase({ databaseUrl: migrated && !opts.owner ? appRoleUrl(status.adminUrl, name) : ownerUrl, poolSize: opts.poolSize ?? 5 });
  } catch (e) {
    await drop().catch(() => {});
    throw e;
  }
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      try {
        await db.close();
      } finally {
        await drop();
      }
    })());
  return { ...db, close };
}

/** A connection URL for a new, empty database on the real PostgreSQL, plus a function that drops it. */
export async function createPostgresDatabaseUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const status = realPostgresStatus();
  if (!status.available) throw new Error(`No real PostgreSQL in this run: ${status.reason}`);
  const name = `test_${crypto.randomBytes(8).toString("hex")}`;
  await withAdmin(status.adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    url: databaseUrl(status.adminUrl, name),
    drop: () => withAdmin(status.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

/**
 * Runs `fn` inside `describe("<name> [<kind>]")` for each kind; the "postgres" copy is a
 * `describe.skip` whose name carries the reason when no real PostgreSQL is available.
 * `fn` registers its own tests and hooks (e.g. with createTestDatabase).
 */
export function describeEachDbKind(name: string, fn: (kind: DbKind) => void): void {
  for (const kind of ALL_DB_KINDS) {
    if (kind === "postgres") {
      const status = realPostgresStatus();
      if (!status.available) {
        describe.skip(`${name} [postgres] (skipped: ${status.reason})`, () => fn(kind));
        continue;
      }
    }
    describe(`${name} [${kind}]`, () => fn(kind));
  }
}

/** Like describe(), but only on a real PostgreSQL; skipped, with the reason in its name, when there is none. */
export function describeRealPostgres(name: string, fn: () => void): void {
  const status = realPostgresStatus();
  if (status.available) describe(`${name} [postgres]`, fn);
  else describe.skip(`${name} [postgres] (skipped: ${status.reason})`, fn);
}

/** The database of a describeEachDatabase/useTestDatabase block; valid inside tests and hooks. */
export type TestDatabase = {
  readonly kind: DbKind;
  readonly db: Database;
  readonly prisma: Database["prisma"];
  readonly sql: Database["sql"];
};

/**
 * Registers beforeAll/afterAll hooks in the current describe block that create a fresh
 * database of `kind` and close (and for "postgres" drop) it. Read it in tests via the handle.
 */
export function useTestDatabase(kind: DbKind, opts: CreateTestDatabaseOptions = {}): TestDatabase {
  let current: Database | undefined;
  beforeAll(async () => {
    current = await createTestDatabase(kind, opts);
  });
  afterAll(async () => {
    const db = current;
    current = undefined;
    await db?.close();
  });
  const get = (): Database => {
    if (!current) throw new Error("The test database is only available inside tests and hooks (after beforeAll).");
    return current;
  };
  return {
    kind,
    get db() {
      return get();
    },
    get prisma() {
      return get().prisma;
    },
    get sql() {
      return get().sql;
    },
  };
}

/**
 * Runs a suite once on PGlite and once on a real PostgreSQL, each against its own fresh
 * migrated database shared by the suite's tests:
 *
 *   describeEachDatabase("users", (t) => {
 *     it("creates a user", async () => {
 *       await t.prisma.user.create({ data: { email: "a@b.c" } });
 *     });
 *   });
 */
export function describeEachDatabase(name: string, fn: (t: TestDatabase) => void, opts: CreateTestDatabaseOptions = {}): void {
  describeEachDbKind(name, (kind) => {
    const t = useTestDatabase(kind, opts);
    fn(t);
  });
}
