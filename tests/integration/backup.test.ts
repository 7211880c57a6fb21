// Backups that restore: realistic data (users with sessions and audit rows, the starter
// library, a finished practice chat with its evaluation, progress, views) → db:backup's
// functions → restore into a fresh, empty database → every table's row count and a checksum
// of its contents match, sessions and audit logs are empty (their data is left out, their
// tables kept), nothing is left for migrations to do, and the app serves a sign-in on the copy.
// On PGlite (its own pg_dump) and on the real PostgreSQL (pg_dump / pg_restore). Also: the
// restore refuses a non-empty target without --force, the daily job claims one run a day, and
// pruning keeps the newest BACKUP_KEEP files.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { openDatabase, type Database } from "../../server/db/client.ts";
import { migrate } from "../../server/db/migrate.ts";
import { BACKUP_JOB, claimBackupRun, runBackup } from "../../server/jobs/backup.ts";
import { BackupError, backupKindOf, backupPglite, backupPostgres, pruneBackups, restorePglite, restorePostgres } from "../../server/ops/backup.ts";
import { installLibrary } from "../../server/services/content/library.ts";
import { warmUp } from "../../server/services/evaluation/index.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { DEMO_USERS, seedDemo, seedPracticeHistory } from "../../prisma/seed-data.ts";
import { createPostgresDatabaseUrl, realPostgresStatus, type DbKind } from "../helpers/db.ts";
import { startTestApp } from "../helpers/app.ts";

const run = promisify(execFile);
const PASSWORD = "correct horse battery staple";
const TSX = path.resolve("node_modules/.bin/tsx");
/** Users after populate(): admin, instructor, trainee, the starter library's author, and the demo accounts. */
const USERS = 4 + DEMO_USERS.length;

beforeAll(() => warmUp(), 240_000);

type Table = { count: number; checksum: string };
/** Row count and an md5 of every row's text, per table of the public schema. */
async function snapshot(db: Database): Promise<Record<string, Table>> {
  const tables = await db.sql.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
  const out: Record<string, Table> = {};
  for (const { name } of tables) {
    const [row] = await db.sql.query<{ count: number; checksum: string }>(
      `SELECT count(*)::int AS count, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS checksum FROM public."${name}" t`,
    );
    out[name] = row!;
  }
  return out;
}

/** A realistic little HireXp: admin, trainee, instructor, sessions, audit rows, a finished chat. */
async function populate(db: Database) {
  await installLibrary(db.prisma);
  const hash = await hashPassword(PASSWORD);
  await createUser(db.prisma, { email: "admin@backup.test", passwordHash: hash, role: "ADMIN", adminAccessLevel: 3, name: "Ada Admin" });
  await createUser(db.prisma, { email: "coach@backup.test", passwordHash: hash, role: "INSTRUCTOR", name: "Ian Instructor" });
  await createUser(db.prisma, {
    email: "tara@backup.test",
    passwordHash: hash,
    role: "TRAINEE",
    name: "Tara Trainee",
    profile: { bio: "Support agent.", languages: ["en", "es"], skills: ["customer service"], location: "Madrid", timezone: "Europe/Madrid" },
  });
  const app = await startTestApp(db);
  try {
    const c = app.client();
    await c.signIn("tara@backup.test", PASSWORD);
    const admin = app.client();
    await admin.signIn("admin@backup.test", PASSWORD);
    await admin.trpc.admin.users.list.query({});
    const { id: chatId } = (await db.prisma.content.findFirstOrThrow({ where: { libraryKey: "tell-me-about-yourself" }, select: { id: true } }));
    await c.trpc.catalog.get.query({ id: chatId });
    const { sessionId } = await c.trpc.practice.chat.start.mutate({ contentId: chatId });
    for (const text of [
      "I worked in customer support for three years at a busy online shop.",
      "My main strength is patience, for example I calmed down angry customers every day.",
      "I want to grow into team leadership, which is why this role interests me.",
      "Could you tell me what a typical day looks like for the team?",
    ]) {
      await c.trpc.practice.chat.send.mutate({ sessionId, content: text });
    }
    await c.trpc.practice.chat.end.mutate({ sessionId });
    // The demo accounts of every role, and a trainee's fuller history (calls with transcripts,
    // assessments, a certificate, a company's view and interest, a job application, ratings).
    const demo = await seedDemo(db.prisma, hash);
    const byEmail = Object.fromEntries(demo.map((u) => [u.email, u.id]));
    await seedPracticeHistory(db.prisma, { userId: byEmail["trainee@demo.hirexp.test"]!, chats: 5, calls: 3, assessments: 4, companyUserId: byEmail["company@demo.hirexp.test"]!, contentId: chatId });
    return { sessionId };
  } finally {
    await app.close();
  }
}

function expectSameExceptExcluded(before: Record<string, Table>, after: Record<string, Table>) {
  expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
  expect(before.sessions!.count).toBeGreaterThan(0);
  expect(before.audit_logs!.count).toBeGreaterThan(0);
  expect(after.sessions!.count).toBe(0);
  expect(after.audit_logs!.count).toBe(0);
  for (const name of Object.keys(before)) {
    if (name === "sessions" || name === "audit_logs") continue;
    expect({ name, ...after[name] }).toEqual({ name, ...before[name] });
  }
  // The data that makes it realistic is really there.
  for (const name of ["users", "profiles", "content", "chat_sessions", "chat_messages", "call_sessions", "call_transcripts", "evaluations", "assessments", "user_progress", "certificates", "candidate_views", "job_postings", "job_applications", "content_ratings", "content_completions", "_prisma_migrations"]) {
    expect(before[name]?.count, name).toBeGreaterThan(0);
  }
}

/** The restored copy works as an app: no migration left to apply, and people sign in. */
async function expectWorkingApp(db: Database, sessionId: string) {
  expect((await migrate(db.sql)).applied).toEqual([]);
  const app = await startTestApp(db);
  try {
    const c = app.client();
    await c.signIn("tara@backup.test", PASSWORD);
    const report = await c.trpc.practice.sessions.get.query({ sessionId });
    expect(report.evaluation?.overallScore).toBeGreaterThan(0);
    const admin = app.client();
    await admin.signIn("admin@backup.test", PASSWORD);
    // The audit trail starts afresh on the copy: the sign-ins above are in it.
    expect(await db.prisma.auditLog.count({ where: { action: "SIGN_IN" } })).toBe(2);
  } finally {
    await app.close();
  }
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-backup-test-"));

describe("backup and restore [pglite]", () => {
  let dir: string;
  beforeAll(() => {
    dir = tmp();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("restores a backup into a fresh data folder with every table's rows intact (sessions and audit logs empty)", { timeout: 300_000 }, async () => {
    const source = await openDatabase({ dataDir: path.join(dir, "source") });
    await migrate(source.sql);
    let before: Record<string, Table>;
    let sessionId: string;
    const file = path.join(dir, "backup.sql");
    try {
      ({ sessionId } = await populate(source));
      before = await snapshot(source);
      await backupPglite(source.pglite!, file);
      // The app's connection still works after the dump (its search path was given back).
      expect(await source.prisma.user.count()).toBe(USERS); // three people, the library's author and the demo accounts
    } finally {
      await source.close();
    }
    expect(backupKindOf(file)).toBe("pglite");
    expect(fs.readFileSync(file, "utf8")).not.toMatch(/INSERT INTO public\.(sessions|audit_logs)\b/);

    const target = path.join(dir, "restored");
    await restorePglite(file, target);
    const restored = await openDatabase({ dataDir: target });
    try {
      expectSameExceptExcluded(before, await snapshot(restored));
      await expectWorkingApp(restored, sessionId);
    } finally {
      await restored.close();
    }
    // A folder that holds a database is refused, unless --force.
    await expect(restorePglite(file, target)).rejects.toThrow(/already holds a database/);
    await restorePglite(file, target, { force: true });
    const again = await openDatabase({ dataDir: target });
    try {
      expect(await again.prisma.auditLog.count()).toBe(0);
      expect(await again.prisma.user.count()).toBe(USERS);
    } finally {
      await again.close();
    }
    // A PostgreSQL backup is not taken for an embedded one, and the reverse.
    await expect(restorePostgres(file, "postgresql://127.0.0.1:1/none")).rejects.toBeInstanceOf(BackupError);
  });

  it("npm run db:backup and db:restore do the same from the command line, and refuse a running app's folder", { timeout: 300_000 }, async () => {
    const source = path.join(dir, "cli-source");
    const seeded = await openDatabase({ dataDir: source });
    try {
      await migrate(seeded.sql);
      await createUser(seeded.prisma, { email: "cli@backup.test", password: PASSWORD, role: "TRAINEE", name: "Cli" });
    } finally {
      await seeded.close();
    }
    const env = (dataDir: string) => {
      const { DATABASE_URL: _u, DATABASE_ADMIN_URL: _a, BACKUP_DIR: _b, ...rest } = process.env;
      return { ...rest, DATA_DIR: dataDir, NODE_ENV: "test" };
    };
    const out = path.join(dir, "cli.sql");
    const b = await run(TSX, ["server/cli/db-backup.ts", "--out", out], { env: env(source) });
    expect(b.stdout).toMatch(/Backed up the embedded database/);
    const target = path.join(dir, "cli-restored");
    const r = await run(TSX, ["server/cli/db-restore.ts", out], { env: env(target) });
    expect(r.stdout).toMatch(/Restored .* \(\d+ tables\)/);
    const refused = await run(TSX, ["server/cli/db-restore.ts", out], { env: env(target) }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toMatch(/already holds a database.*--force/);
    const check = await openDatabase({ dataDir: target });
    try {
      expect(await check.prisma.user.findUnique({ where: { email: "cli@backup.test" }, select: { role: true } })).toEqual({ role: "TRAINEE" });
      // While a process holds the folder, the backup command says what to do instead of hanging.
      const busy = await run(TSX, ["server/cli/db-backup.ts", "--out", path.join(dir, "busy.sql")], { env: env(target) }).catch((e: { code: number; stderr: string }) => e);
      expect(busy).toMatchObject({ code: 2 });
      expect((busy as { stderr: string }).stderr).toMatch(/BACKUP_DIR/);
    } finally {
      await check.close();
    }
  });

  it("the daily job claims one backup a day, writes it and keeps the newest BACKUP_KEEP", { timeout: 120_000 }, async () => {
    const db = await openDatabase({ dataDir: "memory://" });
    const backups = path.join(dir, "daily");
    try {
      await migrate(db.sql);
      expect(await claimBackupRun(db)).toBe(true);
      // Two servers asking at the same moment: neither gets a second run today.
      expect(await Promise.all([claimBackupRun(db), claimBackupRun(db)])).toEqual([false, false]);
      await db.prisma.jobRun.update({ where: { name: BACKUP_JOB }, data: { lastRunAt: new Date(Date.now() - 25 * 3600_000) } });
      expect(await claimBackupRun(db)).toBe(true);

      for (let day = 1; day <= 4; day++) {
        const r = await runBackup(db, { dir: backups, keep: 3, databaseAdminUrl: undefined, now: () => new Date(Date.UTC(2026, 11, day, 3)) });
        expect(r.bytes).toBeGreaterThan(1000);
      }
      expect(fs.readdirSync(backups).sort()).toEqual(["hirexp-20261202T030000Z.sql", "hirexp-20261203T030000Z.sql", "hirexp-20261204T030000Z.sql"]);
      expect(pruneBackups(backups, 1)).toEqual(["hirexp-20261202T030000Z.sql", "hirexp-20261203T030000Z.sql"]);
    } finally {
      await db.close();
    }
  });
});

const pgStatus = realPostgresStatus();
(pgStatus.available ? describe : describe.skip)(`backup and restore [postgres]${pgStatus.available ? "" : ` (skipped: ${pgStatus.reason})`}`, () => {
  const kind: DbKind = "postgres";
  let dir: string;
  beforeAll(() => {
    dir = tmp();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`restores a pg_dump into an empty database with every table's rows intact (sessions and audit logs empty) [${kind}]`, { timeout: 300_000 }, async () => {
    const src = await createPostgresDatabaseUrl();
    const dst = await createPostgresDatabaseUrl();
    try {
      const source = await openDatabase({ databaseUrl: src.url, poolSize: 4 });
      let before: Record<string, Table>;
      let sessionId: string;
      const file = path.join(dir, "backup.dump");
      try {
        await migrate(source.sql);
        ({ sessionId } = await populate(source));
        before = await snapshot(source);
        await backupPostgres(src.url, file);
      } finally {
        await source.close();
      }
      expect(backupKindOf(file)).toBe("postgres");
      // The table of contents has the two tables but no data for them.
      const toc = (await run("/usr/lib/postgresql/15/bin/pg_restore", ["--list", file])).stdout;
      expect(toc).toMatch(/TABLE public sessions/);
      expect(toc).toMatch(/TABLE public audit_logs/);
      expect(toc).not.toMatch(/TABLE DATA public (sessions|audit_logs)\b/);
      expect(toc).toMatch(/TABLE DATA public users\b/);

      await restorePostgres(file, dst.url);
      const restored = await openDatabase({ databaseUrl: dst.url, poolSize: 4 });
      try {
        expectSameExceptExcluded(before, await snapshot(restored));
        await expectWorkingApp(restored, sessionId);
      } finally {
        await restored.close();
      }
      await expect(restorePostgres(file, dst.url)).rejects.toThrow(/not empty.*--force/);
      await restorePostgres(file, dst.url, { force: true });
      const again = await openDatabase({ databaseUrl: dst.url, poolSize: 2 });
      try {
        expect(await again.prisma.user.count()).toBe(USERS);
        expect(await again.prisma.auditLog.count()).toBe(0);
      } finally {
        await again.close();
      }
    } finally {
      await src.drop();
      await dst.drop();
    }
  });
});
