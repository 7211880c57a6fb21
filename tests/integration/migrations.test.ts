// The migration runner (server/db/migrate.ts) against fresh databases: PGlite and a real
// PostgreSQL, where Prisma's own adapter-pg migrate path would split files on every `;`.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { MIGRATIONS_DIR, migrate, type MigrateResult } from "../../server/db/migrate.ts";
import {
  createPostgresDatabaseUrl,
  createTestDatabase,
  describeEachDbKind,
  describeRealPostgres,
  type Database,
} from "../helpers/db.ts";
import { openDatabase } from "../../server/db/client.ts";

// Read independently of migrate.ts, so a bug there cannot hide here.
const MIGRATION_FILES = fs
  .readdirSync(MIGRATIONS_DIR)
  .filter((name) => fs.existsSync(path.join(MIGRATIONS_DIR, name, "migration.sql")))
  .sort()
  .map((name) => {
    const text = fs.readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"));
    return { name, sha256: crypto.createHash("sha256").update(text).digest("hex") };
  });
const MIGRATION_NAMES = MIGRATION_FILES.map((m) => m.name);

const SCHEMA_TABLES = [
  "users",
  "profiles",
  "instructor_profiles",
  "company_profiles",
  "admin_profiles",
  "accounts",
  "sessions",
  "verification_tokens",
  "password_reset_tokens",
  "audit_logs",
  "chat_sessions",
  "chat_messages",
  "call_sessions",
  "call_transcripts",
  "assessments",
  "evaluations",
  "user_progress",
  "certificates",
  "content",
  "job_postings",
  "candidate_views",
];

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-migrations-test-"));
  tempDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function writeMigration(dir: string, name: string, sql: string): void {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
}

function copyMigrations(): string {
  const dir = tempDir();
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function relationExists(db: Database, name: string): Promise<boolean> {
  const [row] = await db.sql.query<{ oid: string | null }>("SELECT to_regclass($1)::text AS oid", [name]);
  return row?.oid != null;
}

async function migrationRows(db: Database) {
  return db.sql.query<{
    migration_name: string;
    checksum: string;
    finished_at: Date | string | null;
    rolled_back_at: Date | string | null;
    applied_steps_count: number;
  }>(`SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count
        FROM "_prisma_migrations" ORDER BY migration_name`);
}

it("finds the committed migrations, including the plpgsql one", () => {
  expect(MIGRATION_NAMES.length).toBeGreaterThanOrEqual(4);
  expect(MIGRATION_NAMES).toContain("20261127145700_evaluation_check_and_current_user_id");
});

describeEachDbKind("migrations on a fresh database", (kind) => {
  let db: Database;
  let tablesBefore: number;
  let hadMigrationTable: boolean;
  let first: MigrateResult;

  beforeAll(async () => {
    db = await createTestDatabase(kind, { migrated: false });
    const [row] = await db.sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
    );
    tablesBefore = row!.n;
    hadMigrationTable = await relationExists(db, "_prisma_migrations");
    first = await migrate(db.sql);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("applies every migration, in order, to an empty database", () => {
    expect(tablesBefore).toBe(0);
    expect(hadMigrationTable).toBe(false);
    expect(first).toEqual({ applied: MIGRATION_NAMES, alreadyApplied: 0 });
  });

  it("records each migration in _prisma_migrations with the sha256 of its file", async () => {
    const rows = await migrationRows(db);
    expect(rows.map((r) => r.migration_name)).toEqual(MIGRATION_NAMES);
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(MIGRATION_FILES[i]!.sha256);
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("applies nothing on a second run", async () => {
    const again = await migrate(db.sql);
    expect(again).toEqual({ applied: [], alreadyApplied: MIGRATION_NAMES.length });
    expect((await migrationRows(db)).map((r) => r.migration_name)).toEqual(MIGRATION_NAMES);
  });

  it("refuses a migration whose file changed after it was applied, and applies nothing of that run", async () => {
    const dir = copyMigrations();
    const edited = MIGRATION_NAMES.at(-1)!;
    fs.appendFileSync(path.join(dir, edited, "migration.sql"), "\n-- edited after it was applied\n");
    // A new migration that sorts before the edited one: applied first, then rolled back.
    const added = `${MIGRATION_NAMES.at(-2)}_then_added_meanwhile`;
    expect(added < edited && added > MIGRATION_NAMES.at(-2)!).toBe(true);
    writeMigration(dir, added, `CREATE TABLE "added_meanwhile" ("id" INTEGER PRIMARY KEY);`);

    await expect(migrate(db.sql, dir)).rejects.toThrow(
      `Migration ${edited} was changed after it was applied (checksum differs). Add a new migration instead.`,
    );
    expect(await relationExists(db, "added_meanwhile")).toBe(false);
    expect((await migrationRows(db)).map((r) => r.migration_name)).toEqual(MIGRATION_NAMES);
  });

  it("creates current_user_id() (a $$ plpgsql body) returning the per-transaction app.user_id", async () => {
    const [fn] = await db.sql.query<{ lang: string }>(
      `SELECT l.lanname AS lang FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.proname = 'current_user_id'`,
    );
    expect(fn?.lang).toBe("plpgsql");

    const inside = await db.sql.transaction(async (tx) => {
      await tx.query("SELECT set_config('app.user_id', $1, true)", ["user-123"]);
      const [row] = await tx.query<{ uid: string | null }>("SELECT current_user_id() AS uid");
      return row?.uid;
    });
    expect(inside).toBe("user-123");

    const empty = await db.sql.transaction(async (tx) => {
      await tx.query("SELECT set_config('app.user_id', '', true)");
      const [row] = await tx.query<{ uid: string | null }>("SELECT current_user_id() AS uid");
      return row?.uid;
    });
    expect(empty).toBeNull();

    // is_local = true: gone once the transaction ends.
    const [after] = await db.sql.query<{ uid: string | null }>("SELECT current_user_id() AS uid");
    expect(after?.uid).toBeNull();
  });

  it("adds the evaluations one-session check constraint", async () => {
    const rows = await db.sql.query<{ conname: string }>(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'evaluations'::regclass AND contype = 'c'`,
    );
    expect(rows.map((r) => r.conname)).toContain("evaluations_one_session_check");
  });

  it("creates every table of the schema document, with snake_case columns", async () => {
    const tables = await db.sql.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining([...SCHEMA_TABLES, "_prisma_migrations"]));

    const columns = await db.sql.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const notSnake = columns.filter((c) => !/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(c.column_name));
    expect(notSnake).toEqual([]);
    const has = (table: string, column: string) => columns.some((c) => c.table_name === table && c.column_name === column);
    expect(has("users", "failed_login_attempts")).toBe(true);
    expect(has("users", "email")).toBe(true);
    expect(has("sessions", "session_token")).toBe(true);
    expect(has("sessions", "user_id")).toBe(true);
    expect(has("sessions", "expires")).toBe(true);
    expect(has("sessions", "sessionToken")).toBe(false);

    const indexes = await db.sql.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = 'sessions'`);
    expect(indexes.some((i) => /\(expires\)$/.test(i.indexdef))).toBe(true);
    expect(indexes.some((i) => /UNIQUE INDEX .*\(session_token\)$/.test(i.indexdef))).toBe(true);
  });
});

describeEachDbKind("migration files with quoted ';' and $$ bodies", (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase(kind, { owner: true });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("applies each file whole, not split on every ';'", async () => {
    const dir = tempDir();
    writeMigration(
      dir,
      "20000101000000_semicolons",
      `-- a comment; with a semicolon
CREATE TABLE "semi_notes" ("id" SERIAL PRIMARY KEY, "body" TEXT NOT NULL DEFAULT 'x;y');
INSERT INTO "semi_notes" ("body") VALUES ('first; still the first'), ('it''s; quoted');
CREATE FUNCTION semi_count(p text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  n integer;
BEGIN
  SELECT count(*) INTO n FROM semi_notes WHERE strpos(body, p) > 0;
  RETURN n;
END;
$$;
CREATE FUNCTION semi_tagged() RETURNS text LANGUAGE sql AS $fn$ SELECT 'a;b'::text; $fn$;
DO $$ BEGIN INSERT INTO semi_notes (body) VALUES ('from a DO; block'); END $$;
`,
    );
    writeMigration(dir, "20000101000001_uses_the_first", `INSERT INTO "semi_notes" DEFAULT VALUES;`);

    const result = await migrate(db.sql, dir);
    expect(result.applied).toEqual(["20000101000000_semicolons", "20000101000001_uses_the_first"]);

    const bodies = await db.sql.query<{ body: string }>(`SELECT body FROM semi_notes ORDER BY id`);
    expect(bodies.map((b) => b.body)).toEqual(["first; still the first", "it's; quoted", "from a DO; block", "x;y"]);
    const [count] = await db.sql.query<{ n: number }>(`SELECT semi_count(';') AS n`);
    expect(count?.n).toBe(4);
    const [tagged] = await db.sql.query<{ t: string }>(`SELECT semi_tagged() AS t`);
    expect(tagged?.t).toBe("a;b");

    const rows = (await migrationRows(db)).filter((r) => r.migration_name.startsWith("2000"));
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(
      ["20000101000000_semicolons", "20000101000001_uses_the_first"].map((name) => [
        name,
        crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, name, "migration.sql"))).digest("hex"),
      ]),
    );
  });

  it("rolls back a failing migration file as a whole and names it", async () => {
    const dir = tempDir();
    writeMigration(dir, "20000102000000_half_good", `CREATE TABLE "half_good" ("id" INT); SELECT 1/0;`);
    await expect(migrate(db.sql, dir)).rejects.toThrow(/Migration 20000102000000_half_good failed: division by zero/);
    expect(await relationExists(db, "half_good")).toBe(false);
    const names = (await migrationRows(db)).map((r) => r.migration_name);
    expect(names).not.toContain("20000102000000_half_good");
  });
});

describeRealPostgres("concurrent migrate() on one database", () => {
  let target: { url: string; drop(): Promise<void> };
  const dbs: Database[] = [];
  beforeAll(async () => {
    target = await createPostgresDatabaseUrl();
    // Separate pools, as separate app servers starting at once would have.
    for (let i = 0; i < 3; i++) dbs.push(await openDatabase({ databaseUrl: target.url, poolSize: 2 }));
  });
  afterAll(async () => {
    await Promise.all(dbs.splice(0).map((d) => d.close()));
    await target?.drop();
  });

  it("lets every caller succeed and applies each migration exactly once", async () => {
    const results = await Promise.allSettled(dbs.map((d) => migrate(d.sql)));
    const failures = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
    expect(failures).toEqual([]);
    const applied = results.flatMap((r) => (r.status === "fulfilled" ? r.value.applied : []));
    expect([...applied].sort()).toEqual(MIGRATION_NAMES);
    // One caller did the work; the others waited on the lock and found everything applied.
    const counts = results.map((r) => (r.status === "fulfilled" ? r.value.alreadyApplied : -1)).sort();
    expect(counts).toEqual([0, ...Array(dbs.length - 1).fill(MIGRATION_NAMES.length)]);

    const rows = await dbs[0]!.sql.query<{ migration_name: string; n: number }>(
      `SELECT migration_name, count(*)::int AS n FROM "_prisma_migrations" GROUP BY migration_name ORDER BY migration_name`,
    );
    expect(rows).toEqual(MIGRATION_NAMES.map((migration_name) => ({ migration_name, n: 1 })));
  });
});
