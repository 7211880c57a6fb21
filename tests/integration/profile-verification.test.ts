// An instructor's or company's own view of their verification (profile.get), asking for
// another review after a rejection (profile.requestVerification), the languages a person
// speaks as ISO 639 codes, and the migration that turns stored names into codes. Over
// HTTP, on PGlite and a real PostgreSQL.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { MIGRATIONS_DIR, migrate } from "../../server/db/migrate.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { createTestDatabase, describeEachDatabase, describeEachDbKind, type Database } from "../helpers/db.ts";
import { startTestApp, trpcError, type TestApp, type TestClient } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;
type Role = "TRAINEE" | "INSTRUCTOR" | "COMPANY" | "ADMIN";

describeEachDatabase("verification status and languages", (t) => {
  let app: TestApp;
  let hash: string;
  let admin: TestClient;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
    admin = (await signedIn("ADMIN", 1)).c;
  });
  afterAll(() => app?.close());

  async function signedIn(role: Role, level?: number) {
    const email = `${role.toLowerCase()}-${uniq()}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role, name: `${role} ${seq}`, ...(level ? { adminAccessLevel: level } : {}) });
    const c = app.client();
    await c.signIn(email, PASSWORD);
    return { id: u.id, email, c };
  }

  it("shows an instructor pending, then rejected with the admin's reason, then verified", async () => {
    const ins = await signedIn("INSTRUCTOR");
    const pending = await ins.c.trpc.profile.get.query();
    expect(pending.verification).toMatchObject({ kind: "instructor", status: "pending", reason: null });
    expect(pending.verification?.since).toBeInstanceOf(Date);

    await admin.trpc.admin.verification.decide.mutate({ userId: ins.id, approve: false, reason: "Certificates could not be checked" });
    const rejected = await ins.c.trpc.profile.get.query();
    expect(rejected.verification).toMatchObject({ kind: "instructor", status: "rejected", reason: "Certificates could not be checked" });

    await admin.trpc.admin.verification.decide.mutate({ userId: ins.id, approve: true });
    expect((await ins.c.trpc.profile.get.query()).verification).toMatchObject({ kind: "instructor", status: "verified", reason: null });
  });

  it("has no verification for trainees and admins", async () => {
    expect((await (await signedIn("TRAINEE")).c.trpc.profile.get.query()).verification).toBeNull();
    expect((await admin.trpc.profile.get.query()).verification).toBeNull();
  });

  it("lets a rejected company ask again: back in the queue, audited with the old reason; not twice", async () => {
    const co = await signedIn("COMPANY");
    await admin.trpc.admin.verification.decide.mutate({ userId: co.id, approve: false, reason: "Website does not match the company name" });
    expect((await admin.trpc.admin.verification.list.query()).items.map((i) => i.user.id)).not.toContain(co.id);

    const again = await co.c.trpc.profile.requestVerification.mutate();
    expect(again).toMatchObject({ kind: "company", status: "pending", reason: null });
    expect((await co.c.trpc.profile.get.query()).verification).toMatchObject({ status: "pending", reason: null });
    expect((await admin.trpc.admin.verification.list.query()).items.map((i) => i.user.id)).toContain(co.id);

    const log = await t.prisma.auditLog.findMany({ where: { userId: co.id, action: "VERIFICATION_REQUESTED" }, select: { targetUserId: true, details: true, ipAddress: true } });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ targetUserId: co.id, ipAddress: co.c.ip, details: { kind: "company", previousRejection: { reason: "Website does not match the company name" } } });

    // Already waiting: a second request changes nothing.
    const twice = await trpcError(co.c.trpc.profile.requestVerification.mutate());
    expect(twice.data).toMatchObject({ code: "CONFLICT", appCode: "VERIFICATION_PENDING" });
    expect(await t.prisma.auditLog.count({ where: { userId: co.id, action: "VERIFICATION_REQUESTED" } })).toBe(1);

    await admin.trpc.admin.verification.decide.mutate({ userId: co.id, approve: true });
    expect((await trpcError(co.c.trpc.profile.requestVerification.mutate())).data).toMatchObject({ code: "CONFLICT", appCode: "ALREADY_VERIFIED" });
  });

  it("reopens a rejection once when two requests race", async () => {
    const ins = await signedIn("INSTRUCTOR");
    await admin.trpc.admin.verification.decide.mutate({ userId: ins.id, approve: false, reason: "Too little detail" });
    const results = await Promise.allSettled([ins.c.trpc.profile.requestVerification.mutate(), ins.c.trpc.profile.requestVerification.mutate()]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.prisma.auditLog.count({ where: { userId: ins.id, action: "VERIFICATION_REQUESTED" } })).toBe(1);
  });

  it("refuses the request to trainees, admins and anonymous callers", async () => {
    const trainee = await signedIn("TRAINEE");
    expect((await trpcError(trainee.c.trpc.profile.requestVerification.mutate())).data?.code).toBe("FORBIDDEN");
    expect((await trpcError(admin.trpc.profile.requestVerification.mutate())).data?.code).toBe("FORBIDDEN");
    expect((await trpcError(app.client().trpc.profile.requestVerification.mutate())).data?.code).toBe("UNAUTHORIZED");
  });

  it("stores spoken languages as ISO 639 codes and refuses names and unknown codes", async () => {
    const u = await signedIn("TRAINEE");
    const saved = await u.c.trpc.profile.update.mutate({ languages: ["en", " ES ", "yue", "en"] });
    expect(saved.languages).toEqual(["en", "es", "yue"]);
    for (const bad of [["Spanish"], ["xx"], ["en-US"], ["iw"]]) {
      const e = await trpcError(u.c.trpc.profile.update.mutate({ languages: bad }));
      expect(e.data?.code).toBe("BAD_REQUEST");
      expect(e.data?.fieldErrors?.languages?.[0]).toMatch(/Choose languages from the list/);
    }
    expect((await u.c.trpc.profile.get.query()).languages).toEqual(["en", "es", "yue"]);
  });

  it("accepts only English as the interface language, and reads an old choice as English", async () => {
    const u = await signedIn("TRAINEE");
    const e = await trpcError(u.c.trpc.profile.update.mutate({ preferences: { language: "es" as "en" } }));
    expect(e.data?.code).toBe("BAD_REQUEST");
    expect(e.data?.fieldErrors?.["preferences.language"]?.[0]).toMatch(/English only/);
    expect((await u.c.trpc.profile.update.mutate({ preferences: { language: "en", theme: "dark" } })).preferences).toMatchObject({ language: "en", theme: "dark" });
    // A value stored before (the form offered "Español") reads as what the app shows, with the other preferences kept.
    await t.prisma.profile.update({ where: { userId: u.id }, data: { preferences: { language: "es", theme: "dark", emailNotifications: false } } });
    expect((await u.c.trpc.profile.get.query()).preferences).toMatchObject({ language: "en", theme: "dark", emailNotifications: false });
  });
});

describeEachDbKind("migration: profile languages to codes", (kind) => {
  const MIGRATION = "20261204153743_profile_languages_to_codes";
  let db: Database;
  let before: string;
  beforeAll(async () => {
    db = await createTestDatabase(kind, { migrated: false });
    // Every migration before this one, from a copy of the folder.
    before = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-mig-"));
    for (const name of fs.readdirSync(MIGRATIONS_DIR)) {
      if (name < MIGRATION && fs.statSync(path.join(MIGRATIONS_DIR, name)).isDirectory()) fs.cpSync(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
    }
    await migrate(db.sql, before);
  });
  afterAll(async () => {
    await db?.close();
    if (before) fs.rmSync(before, { recursive: true, force: true });
  });

  it("turns names into codes, keeps codes and order, drops what it cannot match, resets the interface language", async () => {
    const rows: [string, string[], object][] = [
      ["names", ["English", " spanish ", "Español", "Mandarin Chinese", "Cantonese", "Deutsch", "FARSI"], { language: "es", theme: "dark" }],
      ["codes", ["en", "ES", "pt_BR", "en-US"], { language: "en" }],
      ["unknown", ["Klingon", "French", "", "Elvish"], {}],
      ["empty", [], { theme: "light" }],
    ];
    for (const [id, languages, preferences] of rows) {
      await db.sql.query(`INSERT INTO users (id, email, role, status, updated_at) VALUES ($1, $2, 'TRAINEE', 'ACTIVE', now())`, [id, `${id}@example.com`]);
      await db.sql.query(`INSERT INTO profiles (id, user_id, languages, skills, preferences, updated_at) VALUES ($1, $1, $2, '{}', $3, now())`, [id, languages, JSON.stringify(preferences)]);
    }
    const result = await migrate(db.sql);
    expect(result.applied[0]).toBe(MIGRATION);
    const after = await db.sql.query<{ id: string; languages: string[]; preferences: Record<string, unknown> }>(`SELECT id, languages, preferences FROM profiles ORDER BY id`);
    const byId = Object.fromEntries(after.map((r) => [r.id, r]));
    expect(byId.names!.languages).toEqual(["en", "es", "zh", "yue", "de", "fa"]);
    expect(byId.names!.preferences).toEqual({ language: "en", theme: "dark" });
    expect(byId.codes!.languages).toEqual(["en", "es", "pt"]);
    expect(byId.unknown!.languages).toEqual(["fr"]);
    expect(byId.unknown!.preferences).toEqual({});
    expect(byId.empty!.languages).toEqual([]);
    expect(byId.empty!.preferences).toEqual({ theme: "light" });
  });
});
