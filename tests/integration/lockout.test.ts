// The account lockout as an attacker meets it, over real HTTP (tRPC batches included), on
// PGlite and on the real PostgreSQL: parallel bursts cannot sign in through a lock, the lock
// ends after 15 minutes and is not extended, the lockout mail's unlock link, the device
// cookie that keeps the per-IP / per-account limits from locking the owner out, and the
// password-checking procedures counting toward the lockout.
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { hit, RATE_RULES } from "../../server/auth/rate-limit.ts";
import { SIGN_IN_CONCURRENCY, signInsInProgress } from "../../server/services/auth/sign-in.ts";
import { hashToken } from "../../server/auth/tokens.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { freshIp, latestMail, startTestApp, trpcError, type TestApp, type TestClient } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
const SLOW = { timeout: 300_000 }; // bcrypt cost 12 on a busy 2-core machine
let seq = 0;
const email = (tag: string) => `${tag}-${++seq}-${Math.random().toString(36).slice(2, 7)}@example.com`;

type BatchItem = { result?: unknown; error?: { json: { message: string; data: { code: string; appCode: string | null } } } };

/** One tRPC batch request (POST /api/trpc/a,b,c?batch=1), as a browser or a script sends it. */
async function batch(c: TestClient, calls: { path: string; input: unknown }[]) {
  const res = await c.fetch(`/api/trpc/${calls.map((x) => x.path).join(",")}?batch=1`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(Object.fromEntries(calls.map((x, i) => [String(i), { json: x.input }]))),
  });
  return { res, body: (await res.json()) as BatchItem[] };
}

/** One tRPC mutation over HTTP, keeping the status and the Retry-After header. */
async function call(c: TestClient, path: string, input?: unknown) {
  const res = await c.fetch(`/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: input === undefined ? "{}" : JSON.stringify({ json: input }),
  });
  const body = (await res.json()) as BatchItem;
  return { status: res.status, retryAfter: res.headers.get("retry-after"), code: body.error?.json.data.code ?? null, appCode: body.error?.json.data.appCode ?? null, message: body.error?.json.message ?? null };
}

describeEachDatabase("account lockout", (t) => {
  let app: TestApp;
  let hash: string;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
  });
  afterAll(() => app?.close());

  const user = async () => {
    const e = email("lock");
    const u = await createUser(t.prisma, { email: e, passwordHash: hash, name: "Lee Locked" });
    return { id: u.id, email: e };
  };
  const state = (id: string) => t.prisma.user.findUniqueOrThrow({ where: { id }, select: { failedLoginAttempts: true, lockedUntil: true } });
  const wrongFromFreshIps = async (addr: string, n: number) => {
    for (let i = 0; i < n; i++) await trpcError(app.client().signIn(addr, `wrong guess number ${i}`));
  };

  it("a lock reached by parallel failures holds against the right password in the same burst", SLOW, async () => {
    const u = await user();
    const wrong = (i: number) => ({ path: "auth.signIn", input: { email: u.email, password: `wrong password ${i}` } });
    // Two batches from two addresses (each under the 10-per-minute IP limit), 18 wrong and
    // the right one last, all in flight at once.
    const [a, b] = await Promise.all([
      batch(app.client(), Array.from({ length: 9 }, (_, i) => wrong(i))),
      batch(app.client(), [...Array.from({ length: 9 }, (_, i) => wrong(9 + i)), { path: "auth.signIn", input: { email: u.email, password: PASSWORD } }]),
    ]);
    const all = [...a.body, ...b.body];
    expect(all).toHaveLength(19);
    expect(all.filter((x) => x.error?.json.data.appCode === "RATE_LIMITED")).toHaveLength(0);

    // Whatever the interleaving: the account ends locked, by exactly one lock, and no session
    // was made after it.
    const row = await state(u.id);
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    const locks = await t.prisma.auditLog.findMany({ where: { targetUserId: u.id, action: "ACCOUNT_LOCKED" }, select: { createdAt: true } });
    expect(locks).toHaveLength(1);
    const sessions = await t.prisma.session.findMany({ where: { userId: u.id }, select: { createdAt: true } });
    for (const s of sessions) expect(s.createdAt.getTime()).toBeLessThanOrEqual(locks[0]!.createdAt.getTime());
    expect(await t.prisma.mailOutbox.count({ where: { to: u.email, kind: "account-locked" } })).toBe(1);
    // And it holds for the right password afterwards.
    const after = await trpcError(app.client().signIn(u.email, PASSWORD));
    expect(after.data?.appCode).toBe("SIGN_IN_PAUSED");
  });

  it("a burst of sign-ins runs a few at a time, and an attempt over its rate limit is refused without waiting", SLOW, async () => {
    const n = SIGN_IN_CONCURRENCY + 4;
    const users = await Promise.all(Array.from({ length: n }, () => user()));
    // An address that used up its sign-in attempts for this minute.
    const spent = freshIp();
    for (let i = 0; i < RATE_RULES.signInIp.limit; i++) await hit(t.prisma, RATE_RULES.signInIp, spent);

    let most = 0;
    let queued = 0;
    const watch = setInterval(() => {
      const now = signInsInProgress();
      most = Math.max(most, now.running);
      queued = Math.max(queued, now.waiting);
    }, 1);
    try {
      const burst = Promise.all(users.map((u) => app.client().signIn(u.email, PASSWORD)));
      // Once some wait for a slot, the spent address is told so at once, ahead of them.
      await expect.poll(() => signInsInProgress().waiting, { timeout: 60_000, interval: 2 }).toBeGreaterThan(0);
      const refused = await call(app.client({ ip: spent }), "auth.signIn", { email: users[0]!.email, password: PASSWORD });
      const stillBusy = signInsInProgress();
      expect(refused).toMatchObject({ status: 429, appCode: "RATE_LIMITED" });
      expect(stillBusy.running + stillBusy.waiting).toBeGreaterThan(0);
      const signedIn = await burst;
      expect(signedIn.map((r) => r.userId)).toEqual(users.map((u) => u.id));
    } finally {
      clearInterval(watch);
    }
    expect(most).toBeLessThanOrEqual(SIGN_IN_CONCURRENCY);
    expect(most).toBeGreaterThan(1);
    expect(queued).toBeGreaterThan(0);
    expect(signInsInProgress()).toEqual({ running: 0, waiting: 0 });
  });

  it("a lock holds on an account whose dated suspension has run out: the right password gets the pause too", SLOW, async () => {
    const u = await user();
    await wrongFromFreshIps(u.email, 5);
    const locked = await state(u.id);
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    // A suspension that ended a moment ago, not yet lifted by the cleanup job.
    await t.prisma.user.update({ where: { id: u.id }, data: { status: "SUSPENDED", suspendedUntil: new Date(Date.now() - 1000) } });
    expect((await trpcError(app.client().signIn(u.email, PASSWORD))).data?.appCode).toBe("SIGN_IN_PAUSED");
    // The suspension is over; the lock is not.
    const after = await t.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { status: true, lockedUntil: true } });
    expect(after).toEqual({ status: "ACTIVE", lockedUntil: locked.lockedUntil });
    expect(await t.prisma.session.count({ where: { userId: u.id } })).toBe(0);
  });

  it("ends the lock after its 15 minutes, and failures during the lock do not extend it", SLOW, async () => {
    const u = await user();
    await wrongFromFreshIps(u.email, 5);
    const locked = await state(u.id);
    expect(locked.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(locked.lockedUntil!.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60_000);

    // Attempts during the lock, wrong and right, are refused alike and leave its end alone.
    const paused = await call(app.client(), "auth.signIn", { email: u.email, password: "another wrong guess" });
    expect(paused).toMatchObject({ status: 429, appCode: "SIGN_IN_PAUSED" });
    expect(Number(paused.retryAfter)).toBeGreaterThan(13 * 60);
    await wrongFromFreshIps(u.email, 2);
    expect((await trpcError(app.client().signIn(u.email, PASSWORD))).data?.appCode).toBe("SIGN_IN_PAUSED");
    const during = await state(u.id);
    expect(during.lockedUntil!.getTime()).toBe(locked.lockedUntil!.getTime());
    expect(during.failedLoginAttempts).toBe(8);

    // Move the lock's end just into the past (rather than waiting 15 minutes): it is over.
    await t.prisma.user.update({ where: { id: u.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    await expect(app.client().signIn(u.email, PASSWORD)).resolves.toMatchObject({ userId: u.id });
    expect(await state(u.id)).toEqual({ failedLoginAttempts: 0, lockedUntil: null });
    // The unlock link of that lock died with it.
    const mail = await latestMail(t.db, u.email, "account-locked");
    expect((await trpcError(app.client().trpc.auth.unlockAccount.mutate({ token: mail!.token! }))).data?.appCode).toBe("INVALID_TOKEN");
  });

  it("a first wrong password is not worded as a pause; an unknown address answers the same, pause included", SLOW, async () => {
    const u = await user();
    const none = email("nobody");
    const first = await call(app.client(), "auth.signIn", { email: u.email, password: "a first typo here" });
    const unknown = await call(app.client(), "auth.signIn", { email: none, password: "a first typo here" });
    expect(first).toMatchObject({ status: 401, appCode: "INVALID_CREDENTIALS", retryAfter: null });
    expect(first.message).toBe("That email and password don't match. Check them and try again, or reset your password.");
    expect(unknown).toEqual(first);
    await wrongFromFreshIps(u.email, 4);
    await wrongFromFreshIps(none, 4);
    const a = await call(app.client(), "auth.signIn", { email: u.email, password: PASSWORD });
    const b = await call(app.client(), "auth.signIn", { email: none, password: PASSWORD });
    expect(a).toMatchObject({ status: 429, appCode: "SIGN_IN_PAUSED" });
    expect(b).toMatchObject({ status: 429, appCode: "SIGN_IN_PAUSED", message: a.message });
    expect(a.message).toMatch(/paused for 15 minutes after too many failed attempts/);
  });

  it("mails one unlock link per lock; it unlocks once, is audited, and signing in still takes the password", SLOW, async () => {
    const u = await user();
    await wrongFromFreshIps(u.email, 7);
    const mails = await t.prisma.mailOutbox.findMany({ where: { to: u.email, kind: "account-locked" }, select: { subject: true } });
    expect(mails).toHaveLength(1);
    const mail = await latestMail(t.db, u.email, "account-locked");
    expect(mail!.link).toMatch(/^http:\/\/localhost:3999\/unlock-account\?token=[a-z2-7]{32}$/);
    // Stored hashed, never in clear.
    const stored = await t.prisma.verificationToken.findMany({ where: { userId: u.id, purpose: "ACCOUNT_UNLOCK" }, select: { token: true } });
    expect(stored).toEqual([{ token: hashToken(mail!.token!) }]);

    const c = app.client();
    expect(await c.trpc.auth.unlockAccount.mutate({ token: mail!.token! })).toEqual({ ok: true });
    expect(await c.trpc.auth.me.query()).toBeNull(); // unlocked, not signed in
    expect(await state(u.id)).toEqual({ failedLoginAttempts: 0, lockedUntil: null });
    expect(await t.prisma.auditLog.count({ where: { userId: u.id, action: "ACCOUNT_UNLOCKED", ipAddress: c.ip } })).toBe(1);
    expect((await trpcError(app.client().trpc.auth.unlockAccount.mutate({ token: mail!.token! }))).data?.appCode).toBe("INVALID_TOKEN");
    // A wrong password after unlocking is an ordinary failure again; the right one signs in.
    expect((await trpcError(app.client().signIn(u.email, "still a wrong guess"))).data?.appCode).toBe("INVALID_CREDENTIALS");
    await expect(c.signIn(u.email, PASSWORD)).resolves.toMatchObject({ userId: u.id });
  });

  it("the unlock link dies when a password reset clears the lock, and a bogus link is refused", SLOW, async () => {
    const u = await user();
    await wrongFromFreshIps(u.email, 5);
    const unlock = await latestMail(t.db, u.email, "account-locked");
    const c = app.client();
    await c.trpc.auth.requestPasswordReset.mutate({ email: u.email });
    const reset = await latestMail(t.db, u.email, "password-reset");
    await c.trpc.auth.resetPassword.mutate({ token: reset!.token!, password: "a brand new long passphrase" });
    expect((await trpcError(app.client().trpc.auth.unlockAccount.mutate({ token: unlock!.token! }))).data?.appCode).toBe("INVALID_TOKEN");
    // A new lock (and its own link) does not revive the old link either.
    await wrongFromFreshIps(u.email, 5);
    const e = await trpcError(app.client().trpc.auth.unlockAccount.mutate({ token: unlock!.token! }));
    expect(e.data?.appCode).toBe("INVALID_TOKEN");
    expect(e.message).toMatch(/invalid, used or expired/);
    expect((await state(u.id)).lockedUntil).not.toBeNull();
    expect((await trpcError(app.client().trpc.auth.unlockAccount.mutate({ token: "a".repeat(32) }))).data?.appCode).toBe("INVALID_TOKEN");
  });

  it("a known device with the right password is not held back by the per-IP or per-account limit, but the lockout holds", SLOW, async () => {
    const u = await user();
    const sharedIp = freshIp();
    const owner = app.client({ ip: sharedIp });
    await owner.signIn(u.email, PASSWORD);
    const deviceCookie = owner.setCookies.find((c) => c.startsWith("hirexp_device="))!;
    expect(deviceCookie).toMatch(/HttpOnly/i);
    expect(deviceCookie).toMatch(/SameSite=Lax/i);
    const expires = new Date(/Expires=([^;]+)/i.exec(deviceCookie)![1]!).getTime();
    expect(expires - Date.now()).toBeGreaterThan(364 * 24 * 3600_000);
    const value = owner.cookies.get("hirexp_device")!;
    expect(await t.prisma.knownDevice.findMany({ where: { userId: u.id }, select: { tokenHash: true } })).toEqual([{ tokenHash: hashToken(value) }]);
    await owner.trpc.auth.signOut.mutate();

    // Someone on the same network (NAT, café) uses up the address's limit, even holding a
    // device cookie of their own account: it does not count for the owner's account.
    const mallory = await user();
    const attacker = app.client({ ip: sharedIp });
    await attacker.signIn(mallory.email, PASSWORD);
    for (let i = 0; i < 9; i++) await trpcError(attacker.signIn(email("spray"), "spraying passwords"));
    const blocked = await call(attacker, "auth.signIn", { email: u.email, password: PASSWORD });
    expect(blocked).toMatchObject({ status: 429, appCode: "RATE_LIMITED" });
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
    expect((await trpcError(app.client({ ip: sharedIp }).signIn(u.email, PASSWORD))).data?.appCode).toBe("RATE_LIMITED");
    await expect(owner.signIn(u.email, PASSWORD)).resolves.toMatchObject({ userId: u.id });
    // The cookie is rotated at each sign-in; the old value is no longer known.
    expect(owner.cookies.get("hirexp_device")).not.toBe(value);
    expect(await t.prisma.knownDevice.count({ where: { tokenHash: hashToken(value) } })).toBe(0);
    await owner.trpc.auth.signOut.mutate();

    // 20 anonymous attempts from 20 addresses: the per-account limit is used up and the
    // account locked. The known device is past the limit but not past the lockout.
    await wrongFromFreshIps(u.email, 20);
    expect((await trpcError(app.client().signIn(u.email, PASSWORD))).data?.appCode).toBe("RATE_LIMITED");
    expect((await trpcError(owner.signIn(u.email, PASSWORD))).data?.appCode).toBe("SIGN_IN_PAUSED");
    expect((await trpcError(owner.signIn(u.email, "the owner mistypes"))).data?.appCode).toBe("SIGN_IN_PAUSED");
    await t.prisma.user.update({ where: { id: u.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    await expect(owner.signIn(u.email, PASSWORD)).resolves.toMatchObject({ userId: u.id });
    expect((await trpcError(app.client().signIn(u.email, PASSWORD))).data?.appCode).toBe("RATE_LIMITED");
  });

  it("one browser signing in to two accounts: the device cookie's next value is known for both, the old one for neither; what a sign-in writes", SLOW, async () => {
    const a = await user();
    const b = await user();
    const browser = app.client({ ip: freshIp() });
    await browser.signIn(a.email, PASSWORD);
    const first = browser.cookies.get("hirexp_device")!;
    // An expired row of the first value for a third account is dropped, not carried over.
    const c = await user();
    await t.prisma.knownDevice.create({ data: { tokenHash: hashToken(first), userId: c.id, expires: new Date(Date.now() - 1000) } });
    const before = new Date();
    await browser.signIn(b.email, PASSWORD);
    const second = browser.cookies.get("hirexp_device")!;
    expect(second).not.toBe(first);
    const rows = await t.prisma.knownDevice.findMany({ where: { userId: { in: [a.id, b.id, c.id] } }, select: { userId: true, tokenHash: true } });
    expect(rows.sort((x, y) => x.userId.localeCompare(y.userId))).toEqual(
      [{ userId: a.id, tokenHash: hashToken(second) }, { userId: b.id, tokenHash: hashToken(second) }].sort((x, y) => x.userId.localeCompare(y.userId)),
    );
    // The sign-in's other writes: last login, the session, the audit row (a new device only the first time).
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: b.id }, select: { lastLoginAt: true, failedLoginAttempts: true } });
    expect(row.lastLoginAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(row.lastLoginAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    const sessions = await t.prisma.session.findMany({ where: { userId: b.id }, select: { id: true, expires: true, createdAt: true } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.expires.getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600_000);
    expect(Math.abs(sessions[0]!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    await browser.trpc.auth.signOut.mutate();
    await browser.signIn(b.email, PASSWORD);
    const audits = await t.prisma.auditLog.findMany({ where: { userId: b.id, action: "SIGN_IN" }, select: { details: true, createdAt: true }, orderBy: { createdAt: "asc" } });
    expect(audits.map((x) => x.details)).toEqual([
      { method: "password", sessionId: sessions[0]!.id, newDevice: true },
      { method: "password", sessionId: expect.any(String), newDevice: false },
    ]);
    expect(Math.abs(audits[0]!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("wakes the mail worker after a failed sign-in (it may have queued the lockout mail), not after a successful one", SLOW, async () => {
    let wakes = 0;
    const counted = await startTestApp(t.db, {}, { onMailQueued: () => wakes++ });
    try {
      const u = await user();
      await counted.client().signIn(u.email, PASSWORD);
      expect(wakes).toBe(0);
      await trpcError(counted.client().signIn(u.email, "a wrong password"));
      expect(wakes).toBe(1);
    } finally {
      await counted.close();
    }
  });

  it("wrong current passwords in settings count toward the lockout, which then refuses every password check", SLOW, async () => {
    const u = await user();
    const c = app.client();
    await c.signIn(u.email, PASSWORD);
    const wrongChange = await trpcError(c.trpc.auth.changePassword.mutate({ currentPassword: "not my password 1", newPassword: "a brand new long passphrase" }));
    expect(wrongChange.data?.appCode).toBe("INVALID_CREDENTIALS");
    await trpcError(c.trpc.auth.changePassword.mutate({ currentPassword: "not my password 2", newPassword: "a brand new long passphrase" }));
    await trpcError(c.trpc.auth.requestEmailChange.mutate({ newEmail: email("new"), password: "not my password 3" }));
    await trpcError(c.trpc.auth.requestEmailChange.mutate({ newEmail: email("new"), password: "not my password 4" }));
    const fifth = await call(c, "auth.deactivate", { password: "not my password 5" });
    expect(fifth).toMatchObject({ status: 429, appCode: "ACCOUNT_LOCKED" });
    expect(Number(fifth.retryAfter)).toBeGreaterThan(14 * 60);
    expect(await t.prisma.auditLog.count({ where: { targetUserId: u.id, action: "ACCOUNT_LOCKED" } })).toBe(1);
    expect(await t.prisma.mailOutbox.count({ where: { to: u.email, kind: "account-locked" } })).toBe(1);

    // While locked, even the right password is not checked anywhere.
    expect((await trpcError(c.trpc.auth.changePassword.mutate({ currentPassword: PASSWORD, newPassword: "a brand new long passphrase" }))).data?.appCode).toBe("ACCOUNT_LOCKED");
    expect((await trpcError(c.trpc.auth.requestEmailChange.mutate({ newEmail: email("new"), password: PASSWORD }))).data?.appCode).toBe("ACCOUNT_LOCKED");
    expect((await trpcError(c.trpc.auth.deactivate.mutate({ password: PASSWORD }))).data?.appCode).toBe("ACCOUNT_LOCKED");
    expect((await trpcError(app.client().signIn(u.email, PASSWORD))).data?.appCode).toBe("SIGN_IN_PAUSED");
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { status: true, password: true } });
    expect(row.status).toBe("ACTIVE");
    expect(row.password).toBe(hash);

    // Unlocked by the mailed link, the right password works again, and changing it kills any
    // unlock link left over.
    const mail = await latestMail(t.db, u.email, "account-locked");
    await app.client().trpc.auth.unlockAccount.mutate({ token: mail!.token! });
    await c.trpc.auth.changePassword.mutate({ currentPassword: PASSWORD, newPassword: "a brand new long passphrase" });
    expect(await t.prisma.verificationToken.count({ where: { userId: u.id, purpose: "ACCOUNT_UNLOCK" } })).toBe(0);
  });
});
