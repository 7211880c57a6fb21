// Devices, email change, deactivation, the audit trail and the user's security events.
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { hashToken } from "../../server/auth/tokens.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { latestMail, startTestApp, trpcError, type TestApp } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
let seq = 0;
const email = (tag: string) => `${tag}-${++seq}-${Math.random().toString(36).slice(2, 7)}@example.com`;

describeEachDatabase("security settings", (t) => {
  let app: TestApp;
  let hash: string;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
  });
  afterAll(() => app?.close());

  const user = async (extra: { password?: boolean } = {}) => {
    const e = email("sec");
    const u = await createUser(t.prisma, { email: e, ...(extra.password === false ? {} : { passwordHash: hash }) });
    return { id: u.id, email: e };
  };

  it("lists the user's devices with the current one marked, and signs out one, the others, or the current", async () => {
    const u = await user();
    const laptop = app.client({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36" });
    const phone = app.client({ userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1" });
    const tablet = app.client();
    await laptop.signIn(u.email, PASSWORD);
    await phone.signIn(u.email, PASSWORD);
    await tablet.signIn(u.email, PASSWORD);
    const list = await laptop.trpc.auth.sessions.list.query();
    expect(list).toHaveLength(3);
    expect(list[0]).toMatchObject({ current: true, device: "Chrome 156 on Linux", ipAddress: laptop.ip });
    expect(list.filter((s) => s.current)).toHaveLength(1);
    expect(list.find((s) => s.ipAddress === phone.ip)?.device).toMatch(/Safari.*iOS/);
    expect(JSON.stringify(list)).not.toMatch(/sessionToken|session_token/);

    // Another user's session id is not yours to end.
    const stranger = await user();
    const sc = app.client();
    await sc.signIn(stranger.email, PASSWORD);
    const foreignId = (await sc.trpc.auth.sessions.list.query())[0]!.id;
    expect((await trpcError(laptop.trpc.auth.sessions.revoke.mutate({ id: foreignId }))).data?.code).toBe("NOT_FOUND");
    expect(await sc.trpc.auth.me.query()).not.toBeNull();

    const phoneId = list.find((s) => s.ipAddress === phone.ip)!.id;
    expect(await laptop.trpc.auth.sessions.revoke.mutate({ id: phoneId })).toEqual({ current: false });
    expect(await phone.trpc.auth.me.query()).toBeNull();
    expect(await tablet.trpc.auth.me.query()).not.toBeNull();
    expect(await laptop.trpc.auth.sessions.revokeOthers.mutate()).toEqual({ ended: 1 });
    expect(await tablet.trpc.auth.me.query()).toBeNull();
    const currentId = (await laptop.trpc.auth.sessions.list.query())[0]!.id;
    expect(await laptop.trpc.auth.sessions.revoke.mutate({ id: currentId })).toEqual({ current: true });
    expect(laptop.cookies.has("hirexp_session")).toBe(false); // (the device cookie stays: it belongs to the browser)
    expect(await t.prisma.auditLog.count({ where: { userId: u.id, action: "SESSION_REVOKED" } })).toBe(3);
  });

  it("applies role and status changes on the very next request", async () => {
    const u = await user();
    const c = app.client();
    await c.signIn(u.email, PASSWORD);
    await t.prisma.user.update({ where: { id: u.id }, data: { role: "COMPANY" } });
    expect(await c.trpc.auth.me.query()).toMatchObject({ role: "COMPANY" });
    await t.prisma.user.update({ where: { id: u.id }, data: { status: "SUSPENDED" } });
    expect(await c.trpc.auth.me.query()).toBeNull();
    expect(await t.prisma.session.count({ where: { userId: u.id } })).toBe(0);
  });

  it("changes the email only when the link sent to the new address is opened", async () => {
    const u = await user();
    const me = app.client();
    const other = app.client();
    await me.signIn(u.email, PASSWORD);
    await other.signIn(u.email, PASSWORD);
    const wrong = await trpcError(me.trpc.auth.requestEmailChange.mutate({ newEmail: email("new"), password: "not my password" }));
    expect(wrong.data?.appCode).toBe("INVALID_CREDENTIALS");
    expect(wrong.data?.field).toBe("password");
    expect((await trpcError(me.trpc.auth.requestEmailChange.mutate({ newEmail: u.email, password: PASSWORD }))).data?.appCode).toBe("SAME_EMAIL");

    const target = email("target");
    expect(await me.trpc.auth.requestEmailChange.mutate({ newEmail: ` ${target.toUpperCase()}`, password: PASSWORD })).toEqual({ sentTo: target });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { email: true } })).email).toBe(u.email);
    const notice = await latestMail(t.db, u.email, "email-change-notice");
    expect(notice?.text).toMatch(/\*+@example\.com/);
    expect(notice?.text).not.toContain(target);
    const confirm = await latestMail(t.db, target, "email-change-confirm");
    expect(confirm?.link).toMatch(/\/confirm-email-change\?token=[a-z2-7]{32}$/);
    const row = await t.prisma.verificationToken.findFirstOrThrow({ where: { userId: u.id, purpose: "EMAIL_CHANGE" }, select: { token: true, email: true } });
    expect(row).toEqual({ token: hashToken(confirm!.token!), email: target });
    // An email-change link is not an email-verification link.
    expect((await trpcError(me.trpc.auth.verifyEmail.mutate({ token: confirm!.token! }))).data?.appCode).toBe("INVALID_TOKEN");

    expect(await me.trpc.auth.confirmEmailChange.mutate({ token: confirm!.token! })).toEqual({ email: target, otherSessionsEnded: 1 });
    expect(await me.trpc.auth.me.query()).toMatchObject({ email: target });
    expect(await other.trpc.auth.me.query()).toBeNull();
    expect((await trpcError(me.trpc.auth.confirmEmailChange.mutate({ token: confirm!.token! }))).data?.appCode).toBe("INVALID_TOKEN");
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { userId: u.id, action: "EMAIL_CHANGED" }, select: { details: true } });
    expect(audit.details).toMatchObject({ from: u.email, to: target });
    await expect(app.client().signIn(target, PASSWORD)).resolves.toBeTruthy();
  });

  it("answers an email change to a taken address the same way, sending no link", async () => {
    const u = await user();
    const taken = await user();
    const c = app.client();
    await c.signIn(u.email, PASSWORD);
    expect(await c.trpc.auth.requestEmailChange.mutate({ newEmail: taken.email, password: PASSWORD })).toEqual({ sentTo: taken.email });
    expect((await latestMail(t.db, taken.email))?.kind).toBe("account-exists");
    expect(await t.prisma.verificationToken.count({ where: { userId: u.id, purpose: "EMAIL_CHANGE" } })).toBe(0);
  });

  it("asks password-less users for a recent sign-in instead of a password", async () => {
    const u = await user({ password: false });
    const { createSession } = await import("../../server/auth/session.ts");
    const { token } = await createSession(t.prisma, u.id, { ipAddress: null, userAgent: null });
    const c = app.client();
    c.cookies.set("hirexp_session", token);
    await expect(c.trpc.auth.requestEmailChange.mutate({ newEmail: email("fresh") })).resolves.toBeTruthy();
    await t.prisma.session.updateMany({ where: { userId: u.id }, data: { createdAt: new Date(Date.now() - 16 * 60_000) } });
    const stale = await trpcError(c.trpc.auth.requestEmailChange.mutate({ newEmail: email("stale") }));
    expect(stale.data?.appCode).toBe("REAUTH_REQUIRED");
  });

  it("deactivates the own account with the password; it can no longer sign in", async () => {
    const u = await user();
    const c = app.client();
    const other = app.client();
    await c.signIn(u.email, PASSWORD);
    await other.signIn(u.email, PASSWORD);
    expect((await trpcError(c.trpc.auth.deactivate.mutate({ password: "wrong one here" }))).data?.appCode).toBe("INVALID_CREDENTIALS");
    expect(await c.trpc.auth.deactivate.mutate({ password: PASSWORD, reason: "Found a job" })).toEqual({ ok: true });
    expect(c.cookies.has("hirexp_session")).toBe(false);
    expect(await other.trpc.auth.me.query()).toBeNull();
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { status: true } })).status).toBe("DEACTIVATED");
    expect((await trpcError(app.client().signIn(u.email, PASSWORD))).data?.appCode).toBe("ACCOUNT_DEACTIVATED");
    expect(await t.prisma.auditLog.count({ where: { userId: u.id, action: "USER_DEACTIVATED" } })).toBe(1);
  });

  it("records failed sign-ins and the lockout, without secrets", async () => {
    const u = await user();
    for (let i = 0; i < 5; i++) await trpcError(app.client().signIn(u.email, `wrong guess ${i}`));
    const rows = await t.prisma.auditLog.findMany({ where: { targetUserId: u.id }, select: { action: true, details: true, ipAddress: true }, orderBy: { createdAt: "asc" } });
    expect(rows.filter((r) => r.action === "SIGN_IN_FAILED")).toHaveLength(5);
    expect(rows.filter((r) => r.action === "ACCOUNT_LOCKED")).toHaveLength(1);
    expect(rows.every((r) => r.ipAddress)).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(/wrong guess|\$2[aby]\$/);
    const nobody = email("nobody");
    await trpcError(app.client().signIn(nobody, PASSWORD));
    const unknown = await t.prisma.auditLog.findFirstOrThrow({ where: { action: "SIGN_IN_FAILED", targetUserId: null }, orderBy: { createdAt: "desc" }, select: { details: true } });
    expect(unknown.details).toMatchObject({ reason: "unknown_email", email: nobody });
  });

  it("shows users their own security events, newest first, with new devices marked", async () => {
    const u = await user();
    const a = app.client({ userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Gecko/20100101 Firefox/140.0" });
    await a.signIn(u.email, PASSWORD);
    await a.signIn(u.email, PASSWORD);
    await trpcError(app.client().signIn(u.email, "a wrong password"));
    const page = await a.trpc.auth.securityEvents.query();
    expect(page.events.map((e) => e.action)).toEqual(["SIGN_IN_FAILED", "SIGN_IN", "SIGN_IN"]);
    expect(page.events[1]?.details).toMatchObject({ method: "password", newDevice: false });
    expect(page.events[2]?.details).toMatchObject({ newDevice: true });
    expect(page.events[1]?.device).toBe("Firefox 140 on Windows 10");
    expect(JSON.stringify(page)).not.toMatch(/sessionId|userAgent/);
    const someoneElse = await user();
    const b = app.client();
    await b.signIn(someoneElse.email, PASSWORD);
    const theirs = await b.trpc.auth.securityEvents.query();
    expect(theirs.events.map((e) => e.id)).not.toContain(page.events[0]!.id);
    const first = await a.trpc.auth.securityEvents.query();
    expect(first.nextCursor).toBeNull();
  });

  it("keeps audit rows append-only: no update, no delete; deleting a user only unlinks them", async () => {
    const u = await user();
    const c = app.client();
    await c.signIn(u.email, PASSWORD);
    const row = await t.prisma.auditLog.findFirstOrThrow({ where: { userId: u.id, action: "SIGN_IN" }, select: { id: true } });
    await expect(t.prisma.auditLog.update({ where: { id: row.id }, data: { details: { forged: true } } })).rejects.toThrow(/append-only|permission denied/);
    await expect(t.prisma.auditLog.delete({ where: { id: row.id } })).rejects.toThrow(/append-only|permission denied/);
    // On the real PostgreSQL the app role is refused even before the trigger (db:setup-roles grants it no UPDATE, DELETE or TRUNCATE here).
    await expect(t.sql.exec(`UPDATE audit_logs SET ip_address = '1.2.3.4' WHERE id = '${row.id}'`)).rejects.toThrow(/append-only|permission denied/);
    await expect(t.sql.exec(`DELETE FROM audit_logs WHERE id = '${row.id}'`)).rejects.toThrow(/append-only|permission denied/);
    await expect(t.sql.exec(`TRUNCATE audit_logs`)).rejects.toThrow(/append-only|permission denied/);
    await t.prisma.user.delete({ where: { id: u.id } });
    const kept = await t.prisma.auditLog.findUniqueOrThrow({ where: { id: row.id }, select: { userId: true, targetUserId: true, action: true } });
    expect(kept).toEqual({ userId: null, targetUserId: null, action: "SIGN_IN" });
  });
});

describeEachDatabase("account pre-hijacking", (t) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(t.db);
  });
  afterAll(() => app?.close());

  it("removes provider identities linked before the email was verified when the mailbox owner resets the password", async () => {
    const victim = email("victim");
    // An attacker's provider identity claimed the victim's address, unverified.
    const u = await t.prisma.user.create({
      data: { email: victim, status: "PENDING_VERIFICATION", profile: { create: { name: "Not the victim" } }, accounts: { create: { type: "oauth", provider: "github", providerAccountId: "attacker-1" } } },
      select: { id: true },
    });
    const c = app.client();
    await c.trpc.auth.requestPasswordReset.mutate({ email: victim });
    const mail = await latestMail(t.db, victim, "password-reset");
    await c.trpc.auth.resetPassword.mutate({ token: mail!.token!, password: "the real owner's passphrase" });
    expect(await t.prisma.account.count({ where: { userId: u.id } })).toBe(0);
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { status: true, emailVerified: true } });
    expect(row.status).toBe("ACTIVE");
    expect(row.emailVerified).toBeInstanceOf(Date);
    expect(await t.prisma.auditLog.count({ where: { userId: u.id, action: "OAUTH_UNLINKED" } })).toBe(1);
  });

  it("keeps identities of an already verified account on reset", async () => {
    const owner = email("owner");
    const u = await t.prisma.user.create({
      data: { email: owner, status: "ACTIVE", emailVerified: new Date(), accounts: { create: { type: "oauth", provider: "google", providerAccountId: "owner-1" } } },
      select: { id: true },
    });
    const c = app.client();
    await c.trpc.auth.requestPasswordReset.mutate({ email: owner });
    const mail = await latestMail(t.db, owner, "password-reset");
    await c.trpc.auth.resetPassword.mutate({ token: mail!.token!, password: "another fine passphrase" });
    expect(await t.prisma.account.count({ where: { userId: u.id } })).toBe(1);
  });
});
