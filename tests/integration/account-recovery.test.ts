// Account recovery ends what an intruder left behind (issue 7, #3 and #7), over real HTTP as
// the attacker and the owner would act:
//  - a pending email change dies with a password reset, a password change, "sign out other
//    sessions" and an admin's "sign out everywhere"; an old reset link dies with a password
//    change — each rule checked against every other flow, from a literal table;
//  - verifying an email ends every session that existed before it (pre-hijacking by sign-up);
//  - 25 sign-ups with a taken address queue one "someone tried to sign up" mail (#12).
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { hashToken } from "../../server/auth/tokens.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { latestMail, startTestApp, trpcError, type TestApp, type TestClient } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
const OWNER_NEW_PASSWORD = "the owner's own new passphrase";
let seq = 0;
const email = (tag: string) => `${tag}-${++seq}-${Math.random().toString(36).slice(2, 7)}@example.com`;

type Flow = "password reset" | "password change" | "sign out other sessions" | "admin sign out everywhere";
type Link = "email-change link" | "reset link";

/**
 * The expected fate of each outstanding link after each flow, written out literally (not
 * read from server/auth/tokens.ts's TOKENS_ENDED_BY, so loosening a rule there fails here).
 */
const EXPECTED: Record<Flow, Record<Link, "ends" | "still works">> = {
  "password reset": { "email-change link": "ends", "reset link": "ends" },
  "password change": { "email-change link": "ends", "reset link": "ends" },
  "sign out other sessions": { "email-change link": "ends", "reset link": "still works" },
  "admin sign out everywhere": { "email-change link": "ends", "reset link": "still works" },
};

describeEachDatabase("account recovery", (t) => {
  let app: TestApp;
  let hash: string;
  let admin: TestClient;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
    const a = email("admin");
    await createUser(t.prisma, { email: a, passwordHash: hash, role: "ADMIN", adminAccessLevel: 3 });
    admin = app.client();
    await admin.signIn(a, PASSWORD);
  });
  afterAll(() => app?.close());

  const victim = async () => {
    const e = email("owner");
    const u = await createUser(t.prisma, { email: e, passwordHash: hash, name: "Olive Owner" });
    return { id: u.id, email: e };
  };
  const emailOf = async (id: string) => (await t.prisma.user.findUniqueOrThrow({ where: { id }, select: { email: true } })).email;

  /** The attacker knows the password: signs in and asks to move the account to their own address. */
  async function attackerRequestsEmailChange(owner: { email: string }) {
    const attacker = app.client();
    await attacker.signIn(owner.email, PASSWORD);
    const attackerAddress = email("attacker");
    await attacker.trpc.auth.requestEmailChange.mutate({ newEmail: attackerAddress, password: PASSWORD });
    const mail = await latestMail(t.db, attackerAddress, "email-change-confirm");
    expect(mail?.token).toBeTruthy();
    return { attacker, attackerAddress, token: mail!.token! };
  }

  /** A reset link for the owner's address, as "Forgot password?" mails it. */
  async function resetLink(owner: { email: string }) {
    await app.client().trpc.auth.requestPasswordReset.mutate({ email: owner.email });
    const mail = await latestMail(t.db, owner.email, "password-reset");
    expect(mail?.token).toBeTruthy();
    return mail!.token!;
  }

  /** Runs `flow` as the owner (or an admin) would. */
  async function runFlow(flow: Flow, owner: { id: string; email: string }) {
    switch (flow) {
      case "password reset": {
        const token = await resetLink(owner);
        await app.client().trpc.auth.resetPassword.mutate({ token, password: OWNER_NEW_PASSWORD });
        return;
      }
      case "password change": {
        const c = app.client();
        await c.signIn(owner.email, PASSWORD);
        await c.trpc.auth.changePassword.mutate({ currentPassword: PASSWORD, newPassword: OWNER_NEW_PASSWORD });
        return;
      }
      case "sign out other sessions": {
        const c = app.client();
        await c.signIn(owner.email, PASSWORD);
        expect((await c.trpc.auth.sessions.revokeOthers.mutate()).ended).toBeGreaterThanOrEqual(1);
        return;
      }
      case "admin sign out everywhere": {
        await admin.trpc.admin.users.signOutEverywhere.mutate({ userId: owner.id });
        return;
      }
    }
  }

  it("a password reset by the owner ends the email change an intruder asked for: the old link fails and the email stays", async () => {
    const owner = await victim();
    const { attacker, attackerAddress, token } = await attackerRequestsEmailChange(owner);

    // The owner notices the notice mail and recovers the account.
    const resetToken = await resetLink(owner);
    const resetter = app.client();
    await resetter.trpc.auth.resetPassword.mutate({ token: resetToken, password: OWNER_NEW_PASSWORD });
    expect(await attacker.trpc.auth.me.query()).toBeNull();

    // The intruder opens the link later, signed out or from anywhere: refused.
    const e = await trpcError(app.client().trpc.auth.confirmEmailChange.mutate({ token }));
    expect(e.data?.appCode).toBe("INVALID_TOKEN");
    expect(await emailOf(owner.id)).toBe(owner.email);
    expect(await t.prisma.user.count({ where: { email: attackerAddress } })).toBe(0);
    // …so a reset asked for the intruder's address reaches no account.
    await app.client().trpc.auth.requestPasswordReset.mutate({ email: attackerAddress });
    expect(await latestMail(t.db, attackerAddress, "password-reset")).toBeNull();
    await expect(app.client().signIn(owner.email, OWNER_NEW_PASSWORD)).resolves.toMatchObject({ userId: owner.id });
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { userId: owner.id, action: "PASSWORD_RESET" }, select: { details: true } });
    expect(audit.details).toMatchObject({ emailChangeLinksEnded: 1 });
  });

  it("a password change in Settings ends an outstanding reset link", async () => {
    const owner = await victim();
    const oldResetToken = await resetLink(owner);
    const c = app.client();
    await c.signIn(owner.email, PASSWORD);
    await c.trpc.auth.changePassword.mutate({ currentPassword: PASSWORD, newPassword: OWNER_NEW_PASSWORD });
    const e = await trpcError(app.client().trpc.auth.resetPassword.mutate({ token: oldResetToken, password: "someone else's passphrase" }));
    expect(e.data?.appCode).toBe("INVALID_TOKEN");
    await expect(app.client().signIn(owner.email, OWNER_NEW_PASSWORD)).resolves.toMatchObject({ userId: owner.id });
    expect((await trpcError(app.client().signIn(owner.email, "someone else's passphrase"))).data?.appCode).toBe("INVALID_CREDENTIALS");
  });

  for (const flow of Object.keys(EXPECTED) as Flow[]) {
    for (const link of ["email-change link", "reset link"] as Link[]) {
      const fate = EXPECTED[flow][link];
      it(`${flow}: an outstanding ${link} ${fate}`, async () => {
        const owner = await victim();
        // Both kinds of link are outstanding before the flow, as in a real recovery.
        const change = await attackerRequestsEmailChange(owner);
        const reset = await resetLink(owner);
        await runFlow(flow, owner);

        if (link === "email-change link") {
          const call = app.client().trpc.auth.confirmEmailChange.mutate({ token: change.token });
          if (fate === "ends") {
            expect((await trpcError(call)).data?.appCode).toBe("INVALID_TOKEN");
            expect(await emailOf(owner.id)).toBe(owner.email);
          } else {
            await expect(call).resolves.toMatchObject({ email: change.attackerAddress });
          }
        } else {
          // The flow's own reset link (for "password reset") was used; this one is the other.
          const call = app.client().trpc.auth.resetPassword.mutate({ token: reset, password: "a later reset passphrase" });
          if (fate === "ends") {
            expect((await trpcError(call)).data?.appCode).toBe("INVALID_TOKEN");
          } else {
            await expect(call).resolves.toEqual({ ok: true });
          }
        }
      }, 120_000);
    }
  }

  it("pre-hijacking by sign-up: verifying the address ends the session of whoever signed up with it first", async () => {
    const victimAddress = email("victim");
    // The attacker signs up with the victim's address and stays signed in.
    const attacker = app.client();
    await attacker.trpc.auth.signUp.mutate({ email: victimAddress, password: PASSWORD, name: "Not The Victim", role: "TRAINEE" });
    await attacker.signIn(victimAddress, PASSWORD);
    expect(await attacker.trpc.auth.me.query()).toMatchObject({ email: victimAddress, status: "PENDING_VERIFICATION" });
    const attackerSessions = await t.prisma.session.count({ where: { user: { email: victimAddress } } });
    expect(attackerSessions).toBe(1);

    // The victim clicks the verification link in their own (signed-out) browser.
    const mail = await latestMail(t.db, victimAddress, "verify-email");
    const victimBrowser = app.client();
    await expect(victimBrowser.trpc.auth.verifyEmail.mutate({ token: mail!.token! })).resolves.toEqual({ email: victimAddress });
    expect(victimBrowser.cookies.size).toBe(0); // a signed-out browser is not signed in by a link

    // The attacker's session did not survive into the verified account.
    expect(await attacker.trpc.auth.me.query()).toBeNull();
    expect((await trpcError(attacker.trpc.profile.get.query())).data?.code).toBe("UNAUTHORIZED");
    expect(await t.prisma.session.count({ where: { user: { email: victimAddress } } })).toBe(0);
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { user: { email: victimAddress }, action: "EMAIL_VERIFIED" }, select: { details: true } });
    expect(audit.details).toMatchObject({ sessionsEnded: 1 });
  });

  it("verifying in a browser signed in as that user gives it a fresh session and ends every other", async () => {
    const addr = email("self");
    const me = app.client();
    await me.trpc.auth.signUp.mutate({ email: addr, password: PASSWORD, name: "Sam Self", role: "TRAINEE" });
    await me.signIn(addr, PASSWORD);
    const other = app.client();
    await other.signIn(addr, PASSWORD);
    const oldCookie = me.cookies.get("hirexp_session")!;
    const mail = await latestMail(t.db, addr, "verify-email");
    await me.trpc.auth.verifyEmail.mutate({ token: mail!.token! });

    const newCookie = me.cookies.get("hirexp_session");
    expect(newCookie).toBeTruthy();
    expect(newCookie).not.toBe(oldCookie);
    expect(await me.trpc.auth.me.query()).toMatchObject({ email: addr, status: "ACTIVE" });
    expect(await other.trpc.auth.me.query()).toBeNull();
    const sessions = await t.prisma.session.findMany({ where: { user: { email: addr } }, select: { sessionToken: true } });
    expect(sessions).toEqual([{ sessionToken: hashToken(newCookie!) }]);
    // The old cookie is dead, not merely replaced in this jar.
    const replay = app.client();
    replay.cookies.set("hirexp_session", oldCookie);
    expect(await replay.trpc.auth.me.query()).toBeNull();
  });

  it("verifying while signed in as someone else leaves that session alone", async () => {
    const mine = await victim();
    const c = app.client();
    await c.signIn(mine.email, PASSWORD);
    const addr = email("friend");
    await app.client().trpc.auth.signUp.mutate({ email: addr, password: PASSWORD, name: "Fran Friend", role: "TRAINEE" });
    const mail = await latestMail(t.db, addr, "verify-email");
    const cookie = c.cookies.get("hirexp_session");
    await c.trpc.auth.verifyEmail.mutate({ token: mail!.token! });
    expect(c.cookies.get("hirexp_session")).toBe(cookie);
    expect(await c.trpc.auth.me.query()).toMatchObject({ id: mine.id });
  });

  it("25 parallel sign-ups with a taken address queue exactly one notice mail, and all get the same answer", async () => {
    const owner = await victim();
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        // Distinct client IPs: the real path, not the per-IP sign-up limit.
        app.client().trpc.auth.signUp.mutate({ email: owner.email, password: `${PASSWORD} ${i}`, name: "Someone", role: "TRAINEE" }),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 25 }, () => ({ email: owner.email })));
    expect(await t.prisma.mailOutbox.count({ where: { to: owner.email, kind: "account-exists" } })).toBe(1);
    expect(await t.prisma.user.count({ where: { email: owner.email } })).toBe(1);
    // An email change towards the taken address within the hour sends no second notice either.
    const other = await victim();
    const c = app.client();
    await c.signIn(other.email, PASSWORD);
    await expect(c.trpc.auth.requestEmailChange.mutate({ newEmail: owner.email, password: PASSWORD })).resolves.toEqual({ sentTo: owner.email });
    expect(await t.prisma.mailOutbox.count({ where: { to: owner.email, kind: "account-exists" } })).toBe(1);
  }, 180_000);
});
