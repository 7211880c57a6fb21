// Your data, over HTTP on PGlite and a real PostgreSQL: account.export gives a heavy user
// everything HireXp holds about them (and nothing of anyone else's, no secrets), audited;
// account.delete (password, or a recent sign-in for an account without one) removes the user
// and everything they own, keeps the audit rows without the person, removes their files from
// storage and sends a final mail; the admin's deletion does the same.
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_USERS, seedDemo, seedPracticeHistory } from "../../prisma/seed-data.ts";
import { hashPassword } from "../../server/auth/password.ts";
import { createSession, sessionCookieName } from "../../server/auth/session.ts";
import { imageStorage } from "../../server/services/images/images.ts";
import { recordingKey, recordingStorage } from "../../server/services/practice/recording.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import type { AccountExport } from "../../server/services/account/export.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { latestMail, startTestApp, trpcError, type TestApp } from "../helpers/app.ts";

const PASSWORD = "practice makes progress";
let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;

/** Every table with a column pointing at a user, and that column. */
const USER_COLUMNS: [table: string, column: string][] = [
  ["profiles", "user_id"],
  ["instructor_profiles", "user_id"],
  ["company_profiles", "user_id"],
  ["admin_profiles", "user_id"],
  ["accounts", "user_id"],
  ["sessions", "user_id"],
  ["known_devices", "user_id"],
  ["verification_tokens", "user_id"],
  ["password_reset_tokens", "user_id"],
  ["chat_sessions", "user_id"],
  ["call_sessions", "user_id"],
  ["assessments", "user_id"],
  ["assessment_attempts", "user_id"],
  ["evaluations", "user_id"],
  ["user_progress", "user_id"],
  ["certificates", "user_id"],
  ["content", "creator_id"],
  ["content_ratings", "user_id"],
  ["content_views", "user_id"],
  ["content_completions", "user_id"],
  ["candidate_views", "candidate_id"],
  ["candidate_views", "company_user_id"],
  ["candidate_stats", "user_id"],
  ["company_quota_usage", "company_user_id"],
  ["job_applications", "user_id"],
  ["audit_logs", "user_id"],
  ["audit_logs", "target_user_id"],
];

describeEachDatabase("your data: export and deletion", (t) => {
  let app: TestApp;
  let hash: string;
  let ids: Record<string, string>;
  let contentId: string;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
    const seeded = await seedDemo(t.prisma, hash);
    ids = Object.fromEntries(seeded.map((u) => [u.email, u.id]));
    expect(seeded.map((u) => u.email)).toEqual(DEMO_USERS.map((u) => u.email));
    const instructor = ids["instructor@demo.hirexp.test"]!;
    contentId = (await t.prisma.content.create({ data: { creatorId: instructor, title: "Escalation call", type: "CALL_SCENARIO", category: "customer-service", difficulty: "intermediate", data: {} }, select: { id: true } })).id;
  }, 120_000);
  afterAll(() => app?.close());

  /** A trainee with a history; `heavy` = hundreds of sessions and thousands of messages. */
  async function trainee(heavy = false) {
    const email = `trainee-${uniq()}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role: "TRAINEE", name: "Heavy Harriet", profile: { bio: "Support lead.", languages: ["en"], skills: ["escalations"], phone: "+44 7000 000000" } });
    const history = await seedPracticeHistory(t.prisma, {
      userId: u.id,
      chats: heavy ? 300 : 3,
      messagesPerChat: heavy ? 20 : 6,
      calls: heavy ? 40 : 2,
      linesPerCall: heavy ? 30 : 4,
      assessments: heavy ? 60 : 2,
      companyUserId: ids["company@demo.hirexp.test"]!,
      contentId,
    });
    const c = app.client();
    await c.signIn(email, PASSWORD);
    return { id: u.id, email, c, history };
  }

  async function ownedRows(userId: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [table, column] of USER_COLUMNS) {
      const [row] = await t.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE "${column}" = $1`, [userId]);
      out[`${table}.${column}`] = row!.n;
    }
    return out;
  }

  it("exports everything held about a heavy user as JSON, audited, with nothing of anyone else's and no secrets", { timeout: 300_000 }, async () => {
    const h = await trainee(true);
    const other = await trainee(false); // someone else's rows must not appear
    // A provider link with tokens: the link is theirs, the tokens are not exported.
    await t.prisma.account.create({ data: { userId: h.id, type: "oauth", provider: "google", providerAccountId: `g-${h.id}`, access_token: "ya29.SECRET-ACCESS", refresh_token: "1//SECRET-REFRESH" }, select: { id: true } });

    const started = performance.now();
    const r = await h.c.trpc.account.export.mutate();
    const ms = performance.now() - started;
    console.log(`[account.export ${t.kind}] ${h.history.messages} messages, ${h.history.transcriptLines} transcript lines: ${r.bytes} bytes in ${ms.toFixed(0)} ms`);
    expect(r.fileName).toMatch(/^hirexp-data-\d{4}-\d{2}-\d{2}\.json$/);
    expect(Buffer.byteLength(r.json)).toBe(r.bytes);
    const doc = JSON.parse(r.json) as AccountExport;

    expect(doc.format).toBe("hirexp-export/1");
    expect(doc.account).toMatchObject({ id: h.id, email: h.email, role: "TRAINEE", status: "ACTIVE" });
    expect(doc.profile).toMatchObject({ name: "Heavy Harriet", bio: "Support lead.", phone: "+44 7000 000000" });
    expect(doc.practice.chatSessions).toHaveLength(300);
    expect(doc.practice.chatSessions.reduce((n, s) => n + s.messages.length, 0)).toBe(300 * 20);
    expect(doc.practice.chatSessions[0]!.messages[1]).toMatchObject({ role: "USER", content: expect.any(String) });
    expect(doc.practice.callSessions).toHaveLength(40);
    expect(doc.practice.callSessions.reduce((n, s) => n + s.transcript.length, 0)).toBe(40 * 30);
    expect(doc.evaluations).toHaveLength(340);
    expect(doc.assessments).toHaveLength(60);
    expect(doc.progress).toMatchObject({ level: "intermediate", badges: ["first-session", "streak-7"] });
    expect(doc.certificates).toEqual([expect.objectContaining({ certificateCode: h.history.certificateCode })]);
    expect(doc.content.ratings).toEqual([expect.objectContaining({ contentId, stars: 5, comment: "Very realistic." })]);
    expect(doc.content.completions).toHaveLength(1);
    expect(doc.companiesThatViewedYou).toEqual([expect.objectContaining({ company: "Northwind Hiring", isInterested: true, interestResponse: "ACCEPTED" })]);
    expect(doc.jobApplications).toEqual([expect.objectContaining({ jobTitle: "Customer support specialist", company: "Northwind Hiring", contactEmail: h.email })]);
    expect(doc.signInMethods).toEqual([{ provider: "google", type: "oauth", providerAccountId: `g-${h.id}`, scope: null }]);
    expect(doc.signedInSessions.length).toBeGreaterThanOrEqual(1);
    expect(doc.securityEvents.map((e) => e.action)).toContain("SIGN_IN");

    // No secrets, nothing of anyone else's, not the company's private notes.
    const passwordHash = (await t.prisma.user.findUniqueOrThrow({ where: { id: h.id }, select: { password: true } })).password!;
    for (const secret of [passwordHash, "SECRET-ACCESS", "SECRET-REFRESH", h.c.cookies.get(sessionCookieName(false))!, "Strong on escalations", other.id, other.email]) {
      expect(r.json.includes(secret), secret.slice(0, 12)).toBe(false);
    }
    const sessionTokens = await t.prisma.session.findMany({ where: { userId: h.id }, select: { sessionToken: true } });
    for (const s of sessionTokens) expect(r.json.includes(s.sessionToken)).toBe(false);

    // On record, once per export.
    const rows = await t.prisma.auditLog.findMany({ where: { action: "DATA_EXPORTED", userId: h.id }, select: { targetUserId: true, details: true } });
    expect(rows).toEqual([{ targetUserId: h.id, details: { bytes: r.bytes, chatSessions: 300, callSessions: 40 } }]);
    // The next export lists the previous one among the security events.
    const again = JSON.parse((await h.c.trpc.account.export.mutate()).json) as AccountExport;
    expect(again.securityEvents.filter((e) => e.action === "DATA_EXPORTED")).toHaveLength(1);

    const anon = app.client();
    expect((await trpcError(anon.trpc.account.export.mutate())).data?.code).toBe("UNAUTHORIZED");
  });

  it("deletes the account with its password: every owned row, its files and its sessions go; audit rows stay without the person; a final mail is sent", { timeout: 120_000 }, async () => {
    const h = await trainee(false);
    // Their files outside the database: the call recordings and an avatar.
    const recordings = recordingStorage(app.config.dataDir);
    const images = imageStorage(app.config.dataDir);
    for (const sid of h.history.callSessionIds) await recordings.put(recordingKey(sid), Buffer.from("RIFF....WAVEfmt "), "audio/wav");
    const avatarKey = `avatar-${h.id.toLowerCase()}-${"a".repeat(16)}`;
    await images.put(avatarKey, Buffer.from("\x89PNG"), "image/png");
    const before = await ownedRows(h.id);
    expect(before["chat_sessions.user_id"]).toBe(3);
    expect(before["candidate_views.candidate_id"]).toBe(1);
    expect(before["job_applications.user_id"]).toBe(1);
    const auditBefore = before["audit_logs.target_user_id"]!;
    expect(auditBefore).toBeGreaterThan(0);
    const messagesBefore = await t.prisma.chatMessage.count({ where: { sessionId: { in: h.history.chatSessionIds } } });
    expect(messagesBefore).toBe(18);

    // A wrong password deletes nothing (and counts toward the lockout).
    const wrong = await trpcError(h.c.trpc.account.delete.mutate({ password: "not my password" }));
    expect(wrong.data?.appCode).toBe("INVALID_CREDENTIALS");
    expect(await t.prisma.user.count({ where: { id: h.id } })).toBe(1);

    expect(await h.c.trpc.account.delete.mutate({ password: PASSWORD })).toEqual({ deleted: true });
    expect(h.c.cookies.has(sessionCookieName(false))).toBe(false); // the session cookie is cleared

    const after = await ownedRows(h.id);
    expect(Object.values(after).every((n) => n === 0), JSON.stringify(after)).toBe(true);
    expect(await t.prisma.user.count({ where: { id: h.id } })).toBe(0);
    expect(await t.prisma.chatMessage.count({ where: { sessionId: { in: h.history.chatSessionIds } } })).toBe(0);
    expect(await t.prisma.callTranscript.count({ where: { sessionId: { in: h.history.callSessionIds } } })).toBe(0);
    // Their audit rows are all still there, without the person; the deletion row names no one.
    const deletion = await t.prisma.auditLog.findFirstOrThrow({ where: { action: "USER_DELETED", details: { path: ["by"], equals: "self" } }, orderBy: { createdAt: "desc" }, select: { userId: true, targetUserId: true, details: true, ipAddress: true } });
    expect(deletion).toMatchObject({ userId: null, targetUserId: null, details: { by: "self", role: "TRAINEE" } });
    expect(JSON.stringify(deletion.details)).not.toContain(h.email);
    expect(await t.prisma.auditLog.count({ where: { userId: null, targetUserId: null, action: { in: ["SIGN_IN", "USER_DELETED", "SIGN_IN_FAILED"] } } })).toBeGreaterThanOrEqual(auditBefore + 1);
    // Files gone from storage.
    for (const sid of h.history.callSessionIds) expect(await recordings.stat(recordingKey(sid))).toBeNull();
    expect(await images.stat(avatarKey)).toBeNull();
    // The last mail.
    const mail = await latestMail(t.db, h.email, "account-deleted");
    expect(mail?.subject).toBe("Your HireXp account was deleted");
    expect(mail?.text).toMatch(/As you asked, your HireXp account/);
    // The old session is dead, and the address can sign up again.
    expect((await trpcError(h.c.trpc.account.export.mutate())).data?.code).toBe("UNAUTHORIZED");
    expect((await trpcError(app.client().trpc.auth.signIn.mutate({ email: h.email, password: PASSWORD }))).data?.appCode).toBe("INVALID_CREDENTIALS");
    // Other people's data is untouched: the company's job and the content stay.
    expect(await t.prisma.jobPosting.count({ where: { company: { userId: ids["company@demo.hirexp.test"]! } } })).toBe(2);
    expect(await t.prisma.content.count({ where: { id: contentId } })).toBe(1);
  });

  it("an account without a password is deleted on a recent sign-in only", { timeout: 60_000 }, async () => {
    const u = await createUser(t.prisma, { email: `oauth-${uniq()}@example.com`, password: null, role: "TRAINEE", name: "Provider Only" });
    const oldSession = await createSession(t.prisma, u.id, { ipAddress: null, userAgent: null });
    await t.prisma.session.update({ where: { id: oldSession.session.id }, data: { createdAt: new Date(Date.now() - 20 * 60_000) } });
    const stale = app.client();
    stale.cookies.set(sessionCookieName(false), oldSession.token);
    expect((await trpcError(stale.trpc.account.delete.mutate({}))).data?.appCode).toBe("REAUTH_REQUIRED");
    expect(await t.prisma.user.count({ where: { id: u.id } })).toBe(1);

    const fresh = await createSession(t.prisma, u.id, { ipAddress: null, userAgent: null });
    const c = app.client();
    c.cookies.set(sessionCookieName(false), fresh.token);
    expect(await c.trpc.account.delete.mutate({})).toEqual({ deleted: true });
    expect(await t.prisma.user.count({ where: { id: u.id } })).toBe(0);
  });

  it("the last active admin cannot delete their own account", { timeout: 60_000 }, async () => {
    // Make the demo admin the only active one for the moment.
    const others = await t.prisma.user.findMany({ where: { role: "ADMIN", status: "ACTIVE", email: { not: "admin@demo.hirexp.test" } }, select: { id: true } });
    await t.prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { status: "SUSPENDED" } });
    try {
      const c = app.client();
      await c.signIn("admin@demo.hirexp.test", PASSWORD);
      expect((await trpcError(c.trpc.account.delete.mutate({ password: PASSWORD }))).data?.appCode).toBe("LAST_ADMIN");
      expect(await t.prisma.user.count({ where: { email: "admin@demo.hirexp.test" } })).toBe(1);
    } finally {
      await t.prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { status: "ACTIVE" } });
    }
  });

  it("an admin's deletion does the same: rows, files and a final mail", { timeout: 120_000 }, async () => {
    const h = await trainee(false);
    const recordings = recordingStorage(app.config.dataDir);
    for (const sid of h.history.callSessionIds) await recordings.put(recordingKey(sid), Buffer.from("RIFF....WAVEfmt "), "audio/wav");
    const admin = app.client();
    await admin.signIn("admin@demo.hirexp.test", PASSWORD);
    expect(await admin.trpc.admin.users.delete.mutate({ userId: h.id })).toEqual({ deleted: true });
    const after = await ownedRows(h.id);
    expect(Object.values(after).every((n) => n === 0), JSON.stringify(after)).toBe(true);
    for (const sid of h.history.callSessionIds) expect(await recordings.stat(recordingKey(sid))).toBeNull();
    const mail = await latestMail(t.db, h.email, "account-deleted");
    expect(mail?.text).toMatch(/An administrator deleted your HireXp account/);
  });
});
