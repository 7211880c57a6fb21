// Accounts end to end over real HTTP: sign-up, verification, sign-in, lockout, rate limits,
// resets, password change, sessions and CSRF — on PGlite and on a real PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { hashToken } from "../../server/auth/tokens.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { latestMail, startTestApp, TEST_APP_URL, trpcError, type TestApp, type TestClient } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
let seq = 0;
const email = (tag: string) => `${tag}-${++seq}-${Math.random().toString(36).slice(2, 7)}@example.com`;

describeEachDatabase("accounts", (t) => {
  let app: TestApp;
  let sharedHash: string;
  // Every client of this suite (so the last test can read every response it received), and
  // every secret column value the database held after any test (rows deleted later included).
  const clients: TestClient[] = [];
  const secrets = new Set<string>();
  beforeAll(async () => {
    app = await startTestApp(t.db);
    const client = app.client;
    app.client = (opts) => {
      const c = client(opts);
      clients.push(c);
      return c;
    };
    sharedHash = await hashPassword(PASSWORD);
  });
  afterEach(async () => {
    const [users, sessions, verifications, resets] = await Promise.all([
      t.prisma.user.findMany({ where: { password: { not: null } }, select: { password: true } }),
      t.prisma.session.findMany({ select: { sessionToken: true } }),
      t.prisma.verificationToken.findMany({ select: { token: true } }),
      t.prisma.passwordResetToken.findMany({ select: { token: true } }),
    ]);
    for (const v of [...users.map((u) => u.password!), ...sessions.map((r) => r.sessionToken), ...verifications.map((r) => r.token), ...resets.map((r) => r.token)]) secrets.add(v);
  });
  afterAll(async () => {
    await app?.close();
  });

  const activeUser = async (role: "TRAINEE" | "INSTRUCTOR" | "COMPANY" | "ADMIN" = "TRAINEE", extra: Parameters<typeof createUser>[1] extends infer U ? Partial<U> : never = {}) => {
    const e = email(role.toLowerCase());
    const u = await createUser(t.prisma, { email: e, passwordHash: sharedHash, role, ...extra });
    return { ...u, email: e };
  };

  it("signs up, verifies by the mailed link, signs in, reads me, signs out", async () => {
    const c = app.client({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156" });
    const addr = email("new");
    const r = await c.trpc.auth.signUp.mutate({ email: `  ${addr.toUpperCase()} `, password: PASSWORD, name: "Ada Trainee", role: "TRAINEE" });
    expect(r).toEqual({ email: addr });
    expect(c.cookies.size).toBe(0); // sign-up never signs in

    const user = await t.prisma.user.findUniqueOrThrow({
      where: { email: addr },
      select: { id: true, status: true, emailVerified: true, password: true, role: true, progress: { select: { id: true } }, profile: { select: { name: true } } },
    });
    expect(user).toMatchObject({ status: "PENDING_VERIFICATION", emailVerified: null, role: "TRAINEE", profile: { name: "Ada Trainee" } });
    expect(user.progress).not.toBeNull();
    expect(user.password).toMatch(/^\$2[aby]\$12\$/);

    const mail = await latestMail(t.db, addr, "verify-email");
    expect(mail?.link).toMatch(/^http:\/\/localhost:3999\/verify-email\?token=[a-z2-7]{32}$/);
    // Only the hash of the token is stored.
    const stored = await t.prisma.verificationToken.findMany({ where: { email: addr }, select: { token: true, expires: true } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token).toBe(hashToken(mail!.token!));
    expect(stored[0]!.expires.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(stored[0]!.expires.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);

    await expect(c.trpc.auth.verifyEmail.mutate({ token: mail!.token! })).resolves.toEqual({ email: addr });
    // Single use.
    const again = await trpcError(c.trpc.auth.verifyEmail.mutate({ token: mail!.token! }));
    expect(again.data?.appCode).toBe("INVALID_TOKEN");

    await c.signIn(addr, PASSWORD);
    const me = await c.trpc.auth.me.query();
    expect(me).toMatchObject({ email: addr, role: "TRAINEE", status: "ACTIVE", name: "Ada Trainee" });
    expect(me?.emailVerified).toBeInstanceOf(Date);
    const session = await t.prisma.session.findFirstOrThrow({ where: { userId: user.id }, select: { ipAddress: true, userAgent: true, sessionToken: true } });
    expect(session.ipAddress).toBe(c.ip);
    expect(session.userAgent).toContain("Chrome/156");
    const cookieValue = [...c.cookies.values()][0]!;
    expect(session.sessionToken).toBe(hashToken(cookieValue));
    expect(session.sessionToken).not.toBe(cookieValue);
    const lastLogin = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { lastLoginAt: true } });
    expect(lastLogin.lastLoginAt).toBeInstanceOf(Date);

    await c.trpc.auth.signOut.mutate();
    expect(await c.trpc.auth.me.query()).toBeNull();
    expect(await t.prisma.session.count({ where: { userId: user.id } })).toBe(0);

    const actions = await t.prisma.auditLog.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: "asc" },
      select: { action: true, ipAddress: true, userAgent: true, details: true },
    });
    expect(actions.map((a) => a.action)).toEqual(["SIGN_UP", "EMAIL_VERIFIED", "SIGN_IN", "SIGN_OUT"]);
    for (const a of actions) {
      expect(a.ipAddress).toBe(c.ip);
      expect(a.userAgent).toContain("Chrome/156");
      expect(JSON.stringify(a.details)).not.toMatch(/\$2[aby]\$|"token":|"password":|[a-f0-9]{64}/i);
    }
  });

  it("sets the session cookie HttpOnly, SameSite=Lax, with a 30-day expiry", async () => {
    const u = await activeUser();
    const c = app.client();
    await c.signIn(u.email, PASSWORD);
    const sc = c.setCookies.find((s) => s.startsWith("hirexp_session="))!;
    expect(sc).toMatch(/HttpOnly/i);
    expect(sc).toMatch(/SameSite=Lax/i);
    expect(sc).not.toMatch(/Secure/i);
    const exp = new Date(sc.match(/Expires=([^;]+)/i)![1]!).getTime();
    expect(exp - Date.now()).toBeGreaterThan(29.9 * 86400_000);
    // A new token at every sign in; the old session ends.
    const first = [...c.cookies.values()][0];
    await c.signIn(u.email, PASSWORD);
    expect([...c.cookies.values()][0]).not.toBe(first);
    expect(await t.prisma.session.count({ where: { userId: u.id } })).toBe(1);
  });

  it("renews a session with less than 15 days left, and refreshes last-seen at most once a minute", async () => {
    const u = await activeUser();
    const c = app.client();
    await c.signIn(u.email, PASSWORD);
    const before = await t.prisma.session.findFirstOrThrow({ where: { userId: u.id }, select: { id: true, lastSeenAt: true } });
    await c.trpc.auth.me.query();
    const same = await t.prisma.session.findUniqueOrThrow({ where: { id: before.id }, select: { lastSeenAt: true } });
    expect(same.lastSeenAt.getTime()).toBe(before.lastSeenAt.getTime());

    const soon = new Date(Date.now() + 5 * 86400_000);
    await t.prisma.session.update({ where: { id: before.id }, data: { expires: soon, lastSeenAt: new Date(Date.now() - 120_000) } });
    const setBefore = c.setCookies.length;
    expect(await c.trpc.auth.me.query()).toMatchObject({ id: u.id });
    const after = await t.prisma.session.findUniqueOrThrow({ where: { id: before.id }, select: { expires: true, lastSeenAt: true } });
    expect(after.expires.getTime() - Date.now()).toBeGreaterThan(29 * 86400_000);
    expect(after.lastSeenAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(c.setCookies.length).toBe(setBefore + 1);

    await t.prisma.session.update({ where: { id: before.id }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await c.trpc.auth.me.query()).toBeNull();
    expect(await t.prisma.session.count({ where: { id: before.id } })).toBe(0);
  });

  it("answers sign-up of a taken email exactly like a new one, and mails the owner", async () => {
    const u = await activeUser();
    const c = app.client();
    const r = await c.fetch("/api/trpc/auth.signUp", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: u.email, password: PASSWORD, name: "Someone", role: "TRAINEE" } }),
    });
    const fresh = email("fresh");
    const r2 = await c.fetch("/api/trpc/auth.signUp", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: fresh, password: PASSWORD, name: "Someone", role: "TRAINEE" } }),
    });
    expect(r.status).toBe(200);
    expect(r2.status).toBe(200);
    expect((await r.json()).result.data.json).toEqual({ email: u.email });
    expect((await r2.json()).result.data.json).toEqual({ email: fresh });
    expect(await t.prisma.user.count({ where: { email: u.email } })).toBe(1);
    expect((await latestMail(t.db, u.email))?.kind).toBe("account-exists");
  });

  it("validates sign-up input: one valid address, password rules, company name, no ADMIN", async () => {
    const c = app.client();
    const bad = await trpcError(c.trpc.auth.signUp.mutate({ email: "a@example.com, b@example.com", password: PASSWORD, name: "X", role: "TRAINEE" }));
    expect(bad.data?.code).toBe("BAD_REQUEST");
    expect(bad.data?.fieldErrors?.email?.[0]).toMatch(/valid email/i);
    const short = await trpcError(c.trpc.auth.signUp.mutate({ email: email("s"), password: "short", name: "X" }));
    expect(short.data?.fieldErrors?.password?.[0]).toMatch(/at least 8/);
    const common = await trpcError(c.trpc.auth.signUp.mutate({ email: email("c"), password: "password123", name: "X" }));
    expect(common.data?.appCode).toBe("WEAK_PASSWORD");
    expect(common.message.length).toBeGreaterThan(10);
    const company = await trpcError(c.trpc.auth.signUp.mutate({ email: email("co"), password: PASSWORD, name: "X", role: "COMPANY" }));
    expect(company.data?.fieldErrors?.companyName?.[0]).toMatch(/company/i);
    const admin = await trpcError(c.trpc.auth.signUp.mutate({ email: email("ad"), password: PASSWORD, name: "X", role: "ADMIN" as "TRAINEE" }));
    expect(admin.data?.code).toBe("BAD_REQUEST");

    const co = email("company");
    await c.trpc.auth.signUp.mutate({ email: co, password: PASSWORD, name: "Cora", role: "COMPANY", companyName: "Acme Hiring" });
    const created = await t.prisma.user.findUniqueOrThrow({ where: { email: co }, select: { role: true, companyProfile: { select: { companyName: true, isVerified: true } } } });
    expect(created).toEqual({ role: "COMPANY", companyProfile: { companyName: "Acme Hiring", isVerified: false } });
    const ins = email("instructor");
    await c.trpc.auth.signUp.mutate({ email: ins, password: PASSWORD, name: "Ines", role: "INSTRUCTOR" });
    expect(await t.prisma.instructorProfile.count({ where: { user: { email: ins }, isVerified: false } })).toBe(1);
  });

  it("checks the whole password: bytes past bcrypt's 72 still count", async () => {
    const long = "é".repeat(40) + "-tail-one"; // 80+ bytes in UTF-8
    const u = await activeUser("TRAINEE", { passwordHash: await hashPassword(long) });
    const c = app.client();
    const wrong = await trpcError(c.signIn(u.email, "é".repeat(40) + "-tail-two"));
    expect(wrong.data?.appCode).toBe("INVALID_CREDENTIALS");
    await expect(c.signIn(u.email, long)).resolves.toMatchObject({ userId: u.id });
  });

  it("lets an unverified user sign in to the verify page only, and resend the link (3 per hour per address)", async () => {
    const u = await activeUser("TRAINEE", { verified: false });
    const c = app.client();
    await c.signIn(u.email, PASSWORD);
    expect(await c.trpc.auth.me.query()).toMatchObject({ status: "PENDING_VERIFICATION", emailVerified: null });
    const blocked = await trpcError(c.trpc.profile.get.query());
    expect(blocked.data?.code).toBe("FORBIDDEN");
    expect(blocked.data?.appCode).toBe("EMAIL_NOT_VERIFIED");
    for (let i = 0; i < 3; i++) expect(await c.trpc.auth.resendVerification.mutate()).toEqual({ sent: true });
    const other = app.client();
    await other.signIn(u.email, PASSWORD);
    const limited = await trpcError(other.trpc.auth.resendVerification.mutate());
    expect(limited.data?.code).toBe("TOO_MANY_REQUESTS");
    expect(limited.data?.retryAfterSeconds).toBeGreaterThan(0);
    const mail = await latestMail(t.db, u.email, "verify-email");
    await c.trpc.auth.verifyEmail.mutate({ token: mail!.token! });
    expect(await c.trpc.profile.get.query()).toMatchObject({ email: u.email });
  });

  it("refuses a verification token that is expired or bound to another address", async () => {
    const u = await activeUser("TRAINEE", { verified: false });
    const c = app.client();
    await c.signIn(u.email, PASSWORD);
    await c.trpc.auth.resendVerification.mutate();
    const mail = await latestMail(t.db, u.email, "verify-email");
    await t.prisma.verificationToken.updateMany({ where: { token: hashToken(mail!.token!) }, data: { expires: new Date(Date.now() - 1000) } });
    expect((await trpcError(c.trpc.auth.verifyEmail.mutate({ token: mail!.token! }))).data?.appCode).toBe("INVALID_TOKEN");

    await c.trpc.auth.resendVerification.mutate();
    const mail2 = await latestMail(t.db, u.email, "verify-email");
    const moved = email("moved");
    await t.prisma.user.update({ where: { id: u.id }, data: { email: moved } });
    expect((await trpcError(c.trpc.auth.verifyEmail.mutate({ token: mail2!.token! }))).data?.appCode).toBe("INVALID_TOKEN");
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { emailVerified: true } })).emailVerified).toBeNull();
  });

  it("gives unknown emails and wrong passwords the same answer, which does not talk of a pause", async () => {
    const u = await activeUser();
    const a = await trpcError(app.client().signIn(email("nobody"), PASSWORD));
    const b = await trpcError(app.client().signIn(u.email, "wrong password here"));
    expect(a.data?.code).toBe("UNAUTHORIZED");
    expect(b.data?.code).toBe("UNAUTHORIZED");
    expect(a.message).toBe(b.message);
    expect(a.data?.appCode).toBe(b.data?.appCode);
    expect(b.message).toBe("That email and password don't match. Check them and try again, or reset your password.");
    expect(b.message).not.toMatch(/paused|too many/i);
  });

  it("locks an account for 15 minutes after 5 failures; reset still works and unlocks", { timeout: 120_000 }, async () => {
    const u = await activeUser();
    for (let i = 0; i < 5; i++) await trpcError(app.client().signIn(u.email, `wrong-${i}-password`));
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { failedLoginAttempts: true, lockedUntil: true } });
    expect(row.failedLoginAttempts).toBe(5);
    expect(row.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(row.lockedUntil!.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const locked = await trpcError(app.client().signIn(u.email, PASSWORD));
    // An address with no account answers the same once it has had as many failures.
    const none = email("none");
    for (let i = 0; i < 5; i++) await trpcError(app.client().signIn(none, `wrong-${i}-password`));
    const wrong = await trpcError(app.client().signIn(none, PASSWORD));
    expect(locked.data?.code).toBe("TOO_MANY_REQUESTS");
    expect(locked.data?.appCode).toBe("SIGN_IN_PAUSED");
    expect(wrong.data?.appCode).toBe("SIGN_IN_PAUSED");
    expect(locked.message).toBe(wrong.message);
    expect(locked.message).toMatch(/paused for 15 minutes after too many failed attempts/);

    const c = app.client();
    await c.trpc.auth.requestPasswordReset.mutate({ email: u.email });
    const mail = await latestMail(t.db, u.email, "password-reset");
    await c.trpc.auth.resetPassword.mutate({ token: mail!.token!, password: "a brand new long passphrase" });
    await expect(c.signIn(u.email, "a brand new long passphrase")).resolves.toMatchObject({ userId: u.id });
    const reset = await t.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { failedLoginAttempts: true, lockedUntil: true } });
    expect(reset).toEqual({ failedLoginAttempts: 0, lockedUntil: null });
  });

  it("counts 50 parallel failed attempts exactly: one lock, one ACCOUNT_LOCKED row, one lockout mail", { timeout: 240_000 }, async () => {
    // Straight to the service: over HTTP the per-account rate limit (20 per 10 minutes)
    // would stop most of them before they reach the counter.
    const u = await activeUser();
    const { signIn } = await import("../../server/services/auth/sign-in.ts");
    const deps = { db: t.prisma, config: { appUrl: TEST_APP_URL }, meta: { ipAddress: "203.0.113.9", userAgent: "parallel" } };
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => signIn(deps, { email: u.email, password: "not the password at all" })));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { failedLoginAttempts: true, lockedUntil: true } });
    expect(row.failedLoginAttempts).toBe(50);
    expect(row.lockedUntil).not.toBeNull();
    expect(await t.prisma.auditLog.count({ where: { targetUserId: u.id, action: "ACCOUNT_LOCKED" } })).toBe(1);
    expect(await t.prisma.auditLog.count({ where: { targetUserId: u.id, action: "SIGN_IN_FAILED" } })).toBe(50);
    expect(await t.prisma.mailOutbox.count({ where: { to: u.email, kind: "account-locked" } })).toBe(1);
    expect(await t.prisma.verificationToken.count({ where: { userId: u.id, purpose: "ACCOUNT_UNLOCK" } })).toBe(1);
  });

  it("resets the failure count on a successful sign-in", async () => {
    const u = await activeUser();
    for (let i = 0; i < 3; i++) await trpcError(app.client().signIn(u.email, "wrong password again"));
    await app.client().signIn(u.email, PASSWORD);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { failedLoginAttempts: true } })).failedLoginAttempts).toBe(0);
  });

  it("refuses suspended and deactivated accounts with a clear message", async () => {
    const s = await activeUser("TRAINEE", { status: "SUSPENDED" });
    const d = await activeUser("TRAINEE", { status: "DEACTIVATED" });
    const es = await trpcError(app.client().signIn(s.email, PASSWORD));
    expect(es.data?.appCode).toBe("ACCOUNT_SUSPENDED");
    expect(es.message).toMatch(/suspended/i);
    const ed = await trpcError(app.client().signIn(d.email, PASSWORD));
    expect(ed.data?.appCode).toBe("ACCOUNT_DEACTIVATED");
    expect(await t.prisma.session.count({ where: { userId: { in: [s.id, d.id] } } })).toBe(0);
  });

  it("limits sign-in to 10 per minute per IP, counting each call of a batch, with Retry-After", async () => {
    const c = app.client();
    const u = await activeUser();
    const victim = await activeUser();
    const calls = Array.from({ length: 20 }, (_, i) => i);
    const input = Object.fromEntries(calls.map((i) => [String(i), { json: { email: victim.email, password: "wrong password batch" } }]));
    const res = await c.fetch(`/api/trpc/${calls.map(() => "auth.signIn").join(",")}?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as { error?: { json: { data: { code: string; appCode: string | null } } } }[];
    // (After 5 failures the victim's sign-in is paused: 429 too, but SIGN_IN_PAUSED, not the IP limit.)
    const limited = body.filter((b) => b.error?.json.data.appCode === "RATE_LIMITED").length;
    expect(limited).toBe(10);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    const next = await c.fetch("/api/trpc/auth.signIn", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: u.email, password: PASSWORD } }),
    });
    expect(next.status).toBe(429);
    expect(Number(next.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(next.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    // Another client IP is not affected.
    await expect(app.client().signIn(u.email, PASSWORD)).resolves.toMatchObject({ userId: u.id });
  });

  it("limits sign-in to 20 per 10 minutes per account, whatever the IP", async () => {
    const u = await activeUser();
    for (let i = 0; i < 20; i++) {
      // Wrong password (5), then the lockout's pause: both past the rate limit.
      expect((await trpcError(app.client().signIn(u.email, `wrong ${i} password`))).data?.appCode).toBe(i < 4 ? "INVALID_CREDENTIALS" : "SIGN_IN_PAUSED");
    }
    const e = await trpcError(app.client().signIn(u.email, PASSWORD));
    expect(e.data?.code).toBe("TOO_MANY_REQUESTS");
    expect(e.data?.appCode).toBe("RATE_LIMITED");
    expect(e.data?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("limits sign-up to 10 per 10 minutes per IP", async () => {
    const c = app.client();
    for (let i = 0; i < 10; i++) await c.trpc.auth.signUp.mutate({ email: email("bulk"), password: PASSWORD, name: "Bulk" });
    const e = await trpcError(c.trpc.auth.signUp.mutate({ email: email("bulk"), password: PASSWORD, name: "Bulk" }));
    expect(e.data?.code).toBe("TOO_MANY_REQUESTS");
    expect(e.data?.retryAfterSeconds).toBeGreaterThan(9 * 60);
  });

  it("limits reset requests: 5 per 10 minutes per IP, 3 per hour per address", async () => {
    const u = await activeUser();
    const c = app.client();
    for (let i = 0; i < 3; i++) await c.trpc.auth.requestPasswordReset.mutate({ email: u.email });
    expect((await trpcError(app.client().trpc.auth.requestPasswordReset.mutate({ email: u.email }))).data?.code).toBe("TOO_MANY_REQUESTS");
    // The same IP: 3 + 2 = 5 calls allowed, the 6th refused.
    await c.trpc.auth.requestPasswordReset.mutate({ email: email("other") });
    await c.trpc.auth.requestPasswordReset.mutate({ email: email("other") });
    expect((await trpcError(c.trpc.auth.requestPasswordReset.mutate({ email: email("other") }))).data?.code).toBe("TOO_MANY_REQUESTS");
  });

  it("answers reset requests the same for unknown addresses and sends nothing", async () => {
    const c = app.client();
    const nobody = email("nobody");
    const u = await activeUser();
    const a = await c.fetch("/api/trpc/auth.requestPasswordReset", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { email: nobody } }) });
    const b = await c.fetch("/api/trpc/auth.requestPasswordReset", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { email: u.email } }) });
    expect(a.status).toBe(b.status);
    expect(await a.text()).toBe(await b.text());
    expect(await latestMail(t.db, nobody)).toBeNull();
    expect((await latestMail(t.db, u.email, "password-reset"))?.link).toMatch(/\/reset-password\?token=/);
  });

  it("resets a password once (parallel uses: exactly one wins), signs out everywhere, mails a notice, never signs in", async () => {
    const u = await activeUser();
    const s1 = app.client();
    const s2 = app.client();
    await s1.signIn(u.email, PASSWORD);
    await s2.signIn(u.email, PASSWORD);
    const c = app.client();
    await c.trpc.auth.requestPasswordReset.mutate({ email: u.email });
    const mail = await latestMail(t.db, u.email, "password-reset");
    const stored = await t.prisma.passwordResetToken.findFirstOrThrow({ where: { email: u.email }, select: { token: true, expires: true } });
    expect(stored.token).toBe(hashToken(mail!.token!));
    expect(stored.expires.getTime() - Date.now()).toBeLessThanOrEqual(3600_000);
    expect(stored.expires.getTime() - Date.now()).toBeGreaterThan(3590_000);

    // The two browsers that open the link: neither is signed in by it.
    const openers = [app.client(), app.client()];
    const results = await Promise.allSettled([
      openers[0]!.trpc.auth.resetPassword.mutate({ token: mail!.token!, password: "first new passphrase ok" }),
      openers[1]!.trpc.auth.resetPassword.mutate({ token: mail!.token!, password: "second new passphrase ok" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const opener of openers) {
      expect(opener.cookies.size).toBe(0);
      expect(opener.setCookies.filter((sc) => sc.startsWith("hirexp_session="))).toEqual([]);
      expect(await opener.trpc.auth.me.query()).toBeNull();
    }
    expect(await s1.trpc.auth.me.query()).toBeNull();
    expect(await s2.trpc.auth.me.query()).toBeNull();
    expect(await t.prisma.session.count({ where: { userId: u.id } })).toBe(0);
    expect((await latestMail(t.db, u.email))?.kind).toBe("password-changed");
    expect(await t.prisma.auditLog.count({ where: { userId: u.id, action: "PASSWORD_RESET" } })).toBe(1);
    const winner = results.findIndex((r) => r.status === "fulfilled");
    await expect(app.client().signIn(u.email, winner === 0 ? "first new passphrase ok" : "second new passphrase ok")).resolves.toBeTruthy();
    // A weak password does not burn a fresh token.
    await app.client().trpc.auth.requestPasswordReset.mutate({ email: u.email });
    const m2 = await latestMail(t.db, u.email, "password-reset");
    expect((await trpcError(app.client().trpc.auth.resetPassword.mutate({ token: m2!.token!, password: "password" }))).data?.appCode).toBe("WEAK_PASSWORD");
    const third = app.client();
    await expect(third.trpc.auth.resetPassword.mutate({ token: m2!.token!, password: "yet another fine passphrase" })).resolves.toEqual({ ok: true });
    expect(third.setCookies.filter((sc) => sc.startsWith("hirexp_session="))).toEqual([]);
    expect(await t.prisma.session.count({ where: { userId: u.id } })).toBe(0); // signed out everywhere, not signed in
  });

  it("changes a password with the current one, signing out the other sessions only", async () => {
    const u = await activeUser();
    const me = app.client();
    const other = app.client();
    await me.signIn(u.email, PASSWORD);
    await other.signIn(u.email, PASSWORD);
    const wrong = await trpcError(me.trpc.auth.changePassword.mutate({ currentPassword: "not it at all", newPassword: "a whole new passphrase" }));
    expect(wrong.data?.code).toBe("BAD_REQUEST");
    expect(await me.trpc.auth.changePassword.mutate({ currentPassword: PASSWORD, newPassword: "a whole new passphrase" })).toEqual({ otherSessionsEnded: 1 });
    expect(await me.trpc.auth.me.query()).toMatchObject({ id: u.id });
    expect(await other.trpc.auth.me.query()).toBeNull();
    expect(await t.prisma.auditLog.count({ where: { userId: u.id, action: "PASSWORD_CHANGED" } })).toBe(1);
    expect((await latestMail(t.db, u.email))?.kind).toBe("password-changed");
  });

  it("refuses mutations from another origin or with no Origin (CSRF)", async () => {
    const u = await activeUser();
    const evil = app.client({ origin: "http://evil.example" });
    const e1 = await trpcError(evil.signIn(u.email, PASSWORD));
    expect(e1.data?.code).toBe("FORBIDDEN");
    expect(e1.data?.appCode).toBe("CSRF");
    const none = app.client({ origin: null });
    expect((await trpcError(none.signIn(u.email, PASSWORD))).data?.appCode).toBe("CSRF");
    // Queries are not mutations: me still answers.
    expect(await none.trpc.auth.me.query()).toBeNull();
  });

  it("reads and edits the own profile; role, status and verification cannot be set", async () => {
    const u = await activeUser();
    const c = app.client();
    await c.signIn(u.email, PASSWORD);
    const before = await c.trpc.profile.get.query();
    expect(before).toMatchObject({ email: u.email, timezone: "UTC", preferences: { emailNotifications: true, theme: "auto" } });
    const updated = await c.trpc.profile.update.mutate({
      name: "Grace Hopper",
      bio: "Compilers.",
      phone: "+1 555 0100",
      timezone: "Europe/Berlin",
      languages: ["en", "de", "en"],
      skills: ["negotiation"],
      website: "https://grace.example",
      preferences: { theme: "dark" },
    });
    expect(updated).toMatchObject({ name: "Grace Hopper", timezone: "Europe/Berlin", languages: ["en", "de"], preferences: { theme: "dark", emailNotifications: true } });
    expect(await c.trpc.auth.me.query()).toMatchObject({ name: "Grace Hopper" });
    // The avatar is uploaded (profile.avatar.upload), never set to an outside URL.
    for (const bad of [{ role: "ADMIN" }, { status: "ACTIVE" }, { emailVerified: new Date() }, { userId: "x" }, { avatar: "https://img.example/g.png" }]) {
      const e = await trpcError(c.trpc.profile.update.mutate(bad as never));
      expect(e.data?.code).toBe("BAD_REQUEST");
    }
    expect((await trpcError(c.trpc.profile.update.mutate({ timezone: "Mars/Olympus" }))).data?.fieldErrors?.timezone?.[0]).toMatch(/time zone/);
    expect((await trpcError(c.trpc.profile.update.mutate({ website: "javascript:alert(1)" }))).data?.code).toBe("BAD_REQUEST");
    expect((await trpcError(c.trpc.profile.update.mutate({ preferences: { theme: "neon" } as never }))).data?.code).toBe("BAD_REQUEST");
    const audits = await t.prisma.auditLog.findMany({ where: { userId: u.id, action: { in: ["PROFILE_UPDATED", "AVATAR_CHANGED"] } }, select: { action: true } });
    expect(audits.map((a) => a.action).sort()).toEqual(["PROFILE_UPDATED"]);
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { role: true, status: true } });
    expect(row).toEqual({ role: "TRAINEE", status: "ACTIVE" });
  });

  it("reports health and readiness", async () => {
    const c = app.client();
    expect((await c.fetch("/healthz")).status).toBe(200);
    const ready = await c.fetch("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", database: t.kind });
  });

  it("never returns password hashes, token hashes, failed attempts or lock times", async () => {
    const u = await activeUser();
    const c = app.client();
    await c.signIn(u.email, PASSWORD);
    await c.trpc.auth.me.query();
    await c.trpc.profile.get.query();
    await c.trpc.profile.update.mutate({ bio: "hi" });
    const all = c.bodies.join("\n");
    expect(all).toContain(u.email);
    expect(all).not.toMatch(/\$2[aby]\$\d\d\$/); // a bcrypt hash
    // The secret columns by name ("password" is also a form field in fieldErrors: its values are checked above).
    expect(all).not.toMatch(/failedLoginAttempts|lockedUntil|sessionToken|"password"/);
    const session = await t.prisma.session.findFirstOrThrow({ where: { userId: u.id }, select: { sessionToken: true } });
    expect(all).not.toContain(session.sessionToken);
  });

  // Keep this test last: it reads every response of the suite.
  it("no response in this suite leaked a secret column (password hashes, session or token hashes)", async () => {
    const bodies = clients.flatMap((c) => c.bodies);
    expect(bodies.length).toBeGreaterThan(100);
    expect(secrets.size).toBeGreaterThan(50);
    const all = bodies.join("\n");
    for (const secret of secrets) expect(all.includes(secret), "a stored secret value appears in a response").toBe(false);
    expect(all).not.toMatch(/\$2[aby]\$\d\d\$/); // a bcrypt hash
    // The secret columns by name ("password" is also a form field in fieldErrors: its values are checked above).
    expect(all).not.toMatch(/"(passwordHash|passwordProvenAt|tokenHash|sessionToken|session_token|failedLoginAttempts|lockedUntil)"\s*:/);
    expect(all).not.toMatch(/\b[a-f0-9]{64}\b/);
  });
});

describe("secure cookies when APP_URL is https", () => {
  // A focused check that needs only one database kind.
  describeEachDatabase("https app", (t) => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp(t.db, { appUrl: "https://hirexp.example", appOrigin: "https://hirexp.example", secureCookies: true });
    });
    afterAll(() => app?.close());
    it("uses a __Host- prefixed Secure cookie and sends HSTS", async () => {
      const u = await createUser(t.prisma, { email: email("https"), password: PASSWORD });
      const c = app.client();
      await c.signIn(u.email, PASSWORD);
      const sc = c.setCookies.find((s) => s.startsWith("__Host-hirexp_session="));
      expect(sc).toMatch(/; Secure/i);
      expect(sc).toMatch(/Path=\//);
      expect(sc).not.toMatch(/Domain=/i);
      const res = await c.fetch("/healthz");
      expect(res.headers.get("strict-transport-security")).toMatch(/max-age=31536000/);
    });
  });
});

describe("client IP", () => {
  describeEachDatabase("without TRUST_PROXY", (t) => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp(t.db, { trustProxy: false });
    });
    afterAll(() => app?.close());
    it("takes the socket address and ignores X-Forwarded-For", async () => {
      const u = await createUser(t.prisma, { email: email("ip"), password: PASSWORD });
      const c = app.client({ ip: "203.0.113.77" });
      await c.signIn(u.email, PASSWORD);
      const s = await t.prisma.session.findFirstOrThrow({ where: { userId: u.id }, select: { ipAddress: true } });
      expect(s.ipAddress).toBe("127.0.0.1");
    });
  });
});
