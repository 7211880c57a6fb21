// Generic OpenID Connect sign-in end to end: a REAL oidc-provider on 127.0.0.1, our start
// route, the provider's development login and consent forms posted with plain fetch, our
// callback — authorization code + PKCE through Arctic's OAuth2Client — on PGlite and on a
// real PostgreSQL. The provider is conformant (scope claims only in userinfo), so the
// ID-token-without-email → userinfo path is the one exercised.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { hashToken } from "../../server/auth/tokens.ts";
import { validateSessionToken } from "../../server/auth/session.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { describeEachDatabase, type TestDatabase } from "../helpers/db.ts";
import { freshIp, latestMail, startTestApp, TEST_APP_URL, trpcError, type TestApp } from "../helpers/app.ts";
import { authorizeAtProvider, startOidcProvider, type TestOidcProvider } from "../helpers/oidc-provider.ts";
import { TestBrowser } from "../helpers/test-browser.ts";

const REDIRECT_URI = `${TEST_APP_URL}/auth/oauth/oidc/callback`;
const PASSWORD = "correct horse battery staple";
const STATE_COOKIE = "hirexp_oauth";
const SESSION_COOKIE = "hirexp_session";

let seq = 0;
const uniq = (tag: string) => `${tag}-${++seq}-${Math.random().toString(36).slice(2, 7)}`;

describeEachDatabase("OAuth sign-in with a generic OpenID Connect provider", (t: TestDatabase) => {
  let op: TestOidcProvider;
  let app: TestApp;
  let passwordHash: string;

  beforeAll(async () => {
    op = await startOidcProvider({ redirectUri: REDIRECT_URI });
    app = await startTestApp(t.db, {
      oauth: {
        oidc: { issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, name: "Acme SSO" },
        // On, so a Google state can be offered to the OIDC callback; never contacted here.
        google: { clientId: "google-client", clientSecret: "google-secret" },
      },
    });
    passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await op?.close();
  });

  // -- helpers ---------------------------------------------------------------------------

  const newBrowser = () => new TestBrowser({ "x-forwarded-for": freshIp(), "user-agent": "Mozilla/5.0 OIDC-Test/1.0" });
  /** Our callback as the provider addressed it (APP_URL), at the test server's real address. */
  const local = (url: string) => {
    const u = new URL(url);
    return `${app.url}${u.pathname}${u.search}`;
  };
  const pathOf = (res: Response) => {
    const u = new URL(TestBrowser.location(res, app.url));
    expect(u.origin).toBe(new URL(app.url).origin);
    return u.pathname + u.search;
  };
  const sessionSet = (res: Response) => res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`) && !/Expires=Thu, 01 Jan 1970/i.test(c));
  const stateCleared = (res: Response) => res.headers.getSetCookie().some((c) => c.startsWith(`${STATE_COOKIE}=;`) && /Expires=Thu, 01 Jan 1970/i.test(c));

  /** Our start route → the provider's authorization URL. */
  async function start(b: TestBrowser, query = "", provider = "oidc"): Promise<string> {
    const res = await b.request(`${app.url}/auth/oauth/${provider}${query}`);
    expect(res.status).toBe(302);
    return TestBrowser.location(res, app.url);
  }
  /** Start, log in and consent at the provider as `login`; returns our callback URL (not yet visited). */
  async function toCallback(b: TestBrowser, login: string, query = "", opts: { abort?: boolean } = {}): Promise<string> {
    const authUrl = await start(b, query);
    return local(await authorizeAtProvider(b, authUrl, REDIRECT_URI, { login, ...opts }));
  }
  async function signInVia(b: TestBrowser, login: string, query = "") {
    const res = await b.request(await toCallback(b, login, query));
    expect(res.status).toBe(302);
    expect(stateCleared(res)).toBe(true);
    return { res, path: pathOf(res) };
  }
  /** A tRPC client (over HTTP) signed in with the browser's session cookie. */
  function clientOf(b: TestBrowser) {
    const c = app.client({ ip: b.headers["x-forwarded-for"]! });
    const token = b.jar(app.url).get(SESSION_COOKIE);
    if (token) c.cookies.set(SESSION_COOKIE, token);
    return c;
  }
  const passwordUser = async (opts: { verified?: boolean } = {}) => {
    const email = `${uniq("pw")}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash, verified: opts.verified ?? true, name: "Pat Password" });
    return { ...u, email };
  };
  /** A browser signed in with email + password (through the real tRPC sign-in). */
  async function passwordBrowser(email: string) {
    const c = app.client();
    await c.signIn(email, PASSWORD);
    const b = new TestBrowser({ "x-forwarded-for": c.ip });
    b.jar(app.url).set(SESSION_COOKIE, c.cookies.get(SESSION_COOKIE)!);
    return b;
  }
  const userOfSession = async (b: TestBrowser) => {
    const token = b.jar(app.url).get(SESSION_COOKIE);
    return token ? ((await validateSessionToken(t.prisma, token))?.user ?? null) : null;
  };

  // -- tests -----------------------------------------------------------------------------

  it("lists the configured providers, with OIDC_NAME as the label", async () => {
    expect(await clientOf(newBrowser()).trpc.auth.providers.query()).toEqual([
      { id: "google", label: "Google", startUrl: "/auth/oauth/google" },
      { id: "oidc", label: "Acme SSO", startUrl: "/auth/oauth/oidc" },
    ]);
  });

  it("starts with a provider-bound, 10-minute HttpOnly SameSite=Lax state cookie and PKCE S256", async () => {
    const b = newBrowser();
    const res = await b.request(`${app.url}/auth/oauth/oidc?next=/settings/profile`);
    expect(res.status).toBe(302);
    const auth = new URL(TestBrowser.location(res, app.url));
    expect(auth.origin + auth.pathname).toBe(`${op.issuer}/auth`);
    expect(auth.searchParams.get("client_id")).toBe(op.clientId);
    expect(auth.searchParams.get("redirect_uri")).toBe(REDIRECT_URI);
    expect(auth.searchParams.get("code_challenge_method")).toBe("S256");
    expect(auth.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.searchParams.get("scope")).toBe("openid email profile");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${STATE_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=600/i);
    expect(cookie).toMatch(/Path=\//);
    const value = JSON.parse(Buffer.from(b.jar(app.url).get(STATE_COOKIE)!, "base64url").toString());
    expect(value).toMatchObject({ p: "oidc", s: auth.searchParams.get("state"), n: "/settings/profile" });
    // The verifier stays with the browser; only its S256 challenge went to the provider.
    expect(auth.toString()).not.toContain(value.v);
  });

  it("creates a new user from a new identity, stores the tokens, and signs in", async () => {
    const login = uniq("alice");
    const email = `${login}@example.com`;
    op.accounts.set(login, { email: email.toUpperCase(), email_verified: true, name: "Alice  Example", picture: "https://cdn.example.com/alice.png" });
    const b = newBrowser();
    const { res, path } = await signInVia(b, login);
    expect(path).toBe("/dashboard");
    const sc = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(sc).toMatch(/HttpOnly/i);
    expect(sc).toMatch(/SameSite=Lax/i);
    expect(b.jar(app.url).has(STATE_COOKIE)).toBe(false);

    const user = await t.prisma.user.findUniqueOrThrow({
      where: { email },
      select: {
        id: true, role: true, status: true, emailVerified: true, password: true, lastLoginAt: true,
        profile: { select: { name: true, avatar: true } }, progress: { select: { id: true } },
        accounts: true,
      },
    });
    expect(user).toMatchObject({ role: "TRAINEE", status: "ACTIVE", password: null, profile: { name: "Alice Example", avatar: "https://cdn.example.com/alice.png" } });
    expect(user.emailVerified).toBeInstanceOf(Date);
    expect(user.lastLoginAt).toBeInstanceOf(Date);
    expect(user.progress).not.toBeNull();
    expect(user.accounts).toHaveLength(1);
    const acc = user.accounts[0]!;
    expect(acc).toMatchObject({ type: "oidc", provider: "oidc", providerAccountId: login, token_type: "Bearer" });
    expect(acc.access_token).toEqual(expect.any(String));
    expect(acc.refresh_token).toEqual(expect.any(String));
    expect(acc.id_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(acc.scope?.split(" ")).toEqual(expect.arrayContaining(["openid", "email", "profile"]));
    expect(acc.expires_at! - Date.now() / 1000).toBeGreaterThan(60);
    expect(acc.expires_at! - Date.now() / 1000).toBeLessThanOrEqual(3600 * 24);

    // The session cookie is a real session of that user, made for this browser.
    const token = b.jar(app.url).get(SESSION_COOKIE)!;
    const session = await t.prisma.session.findFirstOrThrow({ where: { userId: user.id }, select: { sessionToken: true, ipAddress: true, userAgent: true } });
    expect(session.sessionToken).toBe(hashToken(token));
    expect(session.userAgent).toContain("OIDC-Test");
    const c = app.client();
    c.cookies.set(SESSION_COOKIE, token);
    expect(await c.trpc.auth.me.query()).toMatchObject({ id: user.id, email, role: "TRAINEE", status: "ACTIVE", name: "Alice Example" });

    const audits = await t.prisma.auditLog.findMany({ where: { userId: user.id }, select: { action: true, details: true, ipAddress: true, userAgent: true } });
    expect(audits.map((a) => a.action).sort()).toEqual(["SIGN_IN", "SIGN_UP"]);
    for (const a of audits) {
      expect(a.details).toMatchObject({ method: "oidc" });
      expect(a.ipAddress).toBe(session.ipAddress);
      expect(a.userAgent).toContain("OIDC-Test");
      expect(JSON.stringify(a.details)).not.toContain(acc.access_token!);
    }

    // Listed without any token.
    const list = await c.trpc.auth.accounts.list.query();
    expect(list).toEqual({ accounts: [{ provider: "oidc", label: "Acme SSO", linkedAt: expect.any(Date) }], hasPassword: false });
    for (const secret of [acc.access_token!, acc.refresh_token!, acc.id_token!]) {
      for (const body of c.bodies) expect(body).not.toContain(secret);
    }
  });

  it("signs the same identity in again as the same user, refreshing its tokens and ending the browser's old session", async () => {
    const login = uniq("again");
    op.accounts.set(login, { email: `${login}@example.com`, email_verified: true, name: "Again" });
    const b = newBrowser();
    await signInVia(b, login);
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: `${login}@example.com` }, select: { id: true } });
    const first = await t.prisma.account.findFirstOrThrow({ where: { userId: user.id }, select: { access_token: true } });
    const oldToken = b.jar(app.url).get(SESSION_COOKIE)!;

    // Same browser: the provider remembers the login; our old session must end.
    const { path } = await signInVia(b, login);
    expect(path).toBe("/dashboard");
    const newToken = b.jar(app.url).get(SESSION_COOKIE)!;
    expect(newToken).not.toBe(oldToken);
    expect(await validateSessionToken(t.prisma, oldToken)).toBeNull();
    expect((await validateSessionToken(t.prisma, newToken))?.user.id).toBe(user.id);

    // Another browser, a fresh login at the provider: still the same user.
    await signInVia(newBrowser(), login);
    expect(await t.prisma.user.count({ where: { email: `${login}@example.com` } })).toBe(1);
    const accounts = await t.prisma.account.findMany({ where: { userId: user.id }, select: { access_token: true } });
    expect(accounts).toHaveLength(1);
    expect(accounts[0]!.access_token).not.toBe(first.access_token);
    expect(await t.prisma.auditLog.count({ where: { userId: user.id, action: "SIGN_IN" } })).toBe(3);
    expect(await t.prisma.auditLog.count({ where: { userId: user.id, action: "SIGN_UP" } })).toBe(1);
  });

  it("creates a PENDING_VERIFICATION user, with a verification mail, when the provider says the email is not verified (string \"false\")", async () => {
    const login = uniq("unverified");
    const email = `${login}@example.com`;
    op.accounts.set(login, { email, email_verified: "false", name: "Una Verified" });
    const b = newBrowser();
    const { path } = await signInVia(b, login);
    expect(path).toBe("/dashboard");
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email }, select: { status: true, emailVerified: true } });
    expect(user).toEqual({ status: "PENDING_VERIFICATION", emailVerified: null });
    expect((await latestMail(t.db, email))?.kind).toBe("verify-email");
    expect((await userOfSession(b))?.status).toBe("PENDING_VERIFICATION");
  });

  it("links an identity to an existing account by email only when both sides verified it", async () => {
    // Verified here and at the provider → linked automatically, signed in as that user.
    const verified = await passwordUser();
    const login1 = uniq("match");
    op.accounts.set(login1, { email: verified.email, email_verified: true, name: "Someone Else" });
    const b1 = newBrowser();
    const r1 = await signInVia(b1, login1);
    expect(r1.path).toBe("/dashboard");
    expect((await userOfSession(b1))?.id).toBe(verified.id);
    expect(await t.prisma.account.findMany({ where: { userId: verified.id }, select: { provider: true, providerAccountId: true } })).toEqual([
      { provider: "oidc", providerAccountId: login1 },
    ]);
    const linked = await t.prisma.auditLog.findFirstOrThrow({ where: { userId: verified.id, action: "OAUTH_LINKED" }, select: { details: true } });
    expect(linked.details).toMatchObject({ provider: "oidc" });
    // The profile of the existing user is left alone.
    expect((await t.prisma.profile.findUniqueOrThrow({ where: { userId: verified.id }, select: { name: true } })).name).toBe("Pat Password");

    // Not verified at the provider (string "false") → link_required, nothing changes.
    const other = await passwordUser();
    const login2 = uniq("match-unverified");
    op.accounts.set(login2, { email: other.email, email_verified: "false" });
    const b2 = newBrowser();
    const r2 = await signInVia(b2, login2);
    expect(r2.path).toBe("/sign-in?oauthError=link_required&provider=oidc");
    expect(sessionSet(r2.res)).toBe(false);
    expect(b2.jar(app.url).has(SESSION_COOKIE)).toBe(false);

    // Verified at the provider, but not here → link_required too.
    const pending = await passwordUser({ verified: false });
    const login3 = uniq("match-pending");
    op.accounts.set(login3, { email: pending.email, email_verified: true });
    const b3 = newBrowser();
    const r3 = await signInVia(b3, login3);
    expect(r3.path).toBe("/sign-in?oauthError=link_required&provider=oidc");
    expect(sessionSet(r3.res)).toBe(false);

    for (const u of [other, pending]) {
      expect(await t.prisma.account.count({ where: { userId: u.id } })).toBe(0);
      expect(await t.prisma.session.count({ where: { userId: u.id } })).toBe(0);
      expect(await t.prisma.auditLog.count({ where: { userId: u.id, action: { in: ["OAUTH_LINKED", "SIGN_IN"] } } })).toBe(0);
    }
    expect(await t.prisma.account.count({ where: { providerAccountId: { in: [login2, login3] } } })).toBe(0);
  });

  it("keeps one account per provider and user: a second identity of the same provider is refused", async () => {
    const u = await passwordUser();
    const first = uniq("first");
    const second = uniq("second");
    op.accounts.set(first, { email: u.email, email_verified: true });
    op.accounts.set(second, { email: u.email, email_verified: true });
    expect((await signInVia(newBrowser(), first)).path).toBe("/dashboard");
    // Same verified email, another account at the same provider: not linked automatically…
    const r = await signInVia(newBrowser(), second);
    expect(r.path).toBe("/sign-in?oauthError=provider_linked&provider=oidc");
    expect(sessionSet(r.res)).toBe(false);
    // …nor from the settings.
    const b = await passwordBrowser(u.email);
    expect(pathOf(await b.request(await toCallback(b, second, "?intent=link")))).toBe("/settings/security?oauthError=provider_linked&provider=oidc");
    expect(await t.prisma.account.findMany({ where: { userId: u.id }, select: { providerAccountId: true } })).toEqual([{ providerAccountId: first }]);
    // Linking the identity that is already this user's is fine (nothing new is written).
    // (Another browser: this one is still signed in at the provider as `second`.)
    const b2 = await passwordBrowser(u.email);
    expect(pathOf(await b2.request(await toCallback(b2, first, "?intent=link")))).toBe("/settings/security?oauthLinked=oidc");
    expect(await t.prisma.auditLog.count({ where: { userId: u.id, action: "OAUTH_LINKED" } })).toBe(1);
  });

  it("pre-hijacking: never links into an account whose password was set before its email was verified, until the mailbox owner resets it", async () => {
    // The attacker signs up with the victim's address (choosing the password) and stays signed in.
    const victimAddress = `${uniq("victim")}@example.com`;
    const attacker = app.client();
    await attacker.trpc.auth.signUp.mutate({ email: victimAddress, password: PASSWORD, name: "Not The Victim", role: "TRAINEE" });
    await attacker.signIn(victimAddress, PASSWORD);
    // The victim clicks the verification link (their mailbox), then signs in with their
    // provider, which vouches for the same address.
    const verify = await latestMail(t.db, victimAddress, "verify-email");
    await app.client().trpc.auth.verifyEmail.mutate({ token: verify!.token! });
    expect(await attacker.trpc.auth.me.query()).toBeNull();
    const login = uniq("victim-sso");
    op.accounts.set(login, { email: victimAddress, email_verified: true, name: "Vic Victim" });
    const b = newBrowser();
    const r = await signInVia(b, login);
    // Not linked: the account's password may be someone else's.
    expect(r.path).toBe("/sign-in?oauthError=link_required&provider=oidc");
    expect(sessionSet(r.res)).toBe(false);
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: victimAddress }, select: { id: true } });
    expect(await t.prisma.account.count({ where: { userId: user.id } })).toBe(0);
    expect(await t.prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await t.prisma.auditLog.count({ where: { userId: user.id, action: "OAUTH_LINKED" } })).toBe(0);

    // A change in Settings by whoever knows that password does not make it the owner's.
    const knower = app.client();
    await knower.signIn(victimAddress, PASSWORD);
    await knower.trpc.auth.changePassword.mutate({ currentPassword: PASSWORD, newPassword: "the attacker's second passphrase" });
    expect((await signInVia(newBrowser(), login)).path).toBe("/sign-in?oauthError=link_required&provider=oidc");
    expect(await t.prisma.account.count({ where: { userId: user.id } })).toBe(0);

    // The mailbox owner resets the password through the mailed link: now the provider links.
    await app.client().trpc.auth.requestPasswordReset.mutate({ email: victimAddress });
    const reset = await latestMail(t.db, victimAddress, "password-reset");
    await app.client().trpc.auth.resetPassword.mutate({ token: reset!.token!, password: "the real owner's passphrase" });
    const b2 = newBrowser();
    expect((await signInVia(b2, login)).path).toBe("/dashboard");
    expect((await userOfSession(b2))?.id).toBe(user.id);
    expect(await t.prisma.account.findMany({ where: { userId: user.id }, select: { providerAccountId: true } })).toEqual([{ providerAccountId: login }]);
  }, 120_000);

  it("pre-hijacking by email change: an address confirmed after the password was set is not linked automatically", async () => {
    // Someone with their own verified account moves it to the victim's address; the victim
    // opens the confirmation link (their mailbox).
    const owner = await passwordUser();
    const c = app.client();
    await c.signIn(owner.email, PASSWORD);
    const victimAddress = `${uniq("moved")}@example.com`;
    await c.trpc.auth.requestEmailChange.mutate({ newEmail: victimAddress, password: PASSWORD });
    const confirm = await latestMail(t.db, victimAddress, "email-change-confirm");
    await app.client().trpc.auth.confirmEmailChange.mutate({ token: confirm!.token! });
    const login = uniq("moved-sso");
    op.accounts.set(login, { email: victimAddress, email_verified: true });
    expect((await signInVia(newBrowser(), login)).path).toBe("/sign-in?oauthError=link_required&provider=oidc");
    expect(await t.prisma.account.count({ where: { userId: owner.id } })).toBe(0);
  }, 120_000);

  it("creates exactly one user when the same new identity's first two callbacks race", async () => {
    const login = uniq("race");
    const email = `${login}@example.com`;
    op.accounts.set(login, { email, email_verified: true });
    const b1 = newBrowser();
    const b2 = newBrowser();
    const [cb1, cb2] = [await toCallback(b1, login), await toCallback(b2, login)];
    const [r1, r2] = await Promise.all([b1.request(cb1), b2.request(cb2)]);
    expect([pathOf(r1), pathOf(r2)]).toEqual(["/dashboard", "/dashboard"]);
    const users = await t.prisma.user.findMany({ where: { email }, select: { id: true, accounts: { select: { id: true } } } });
    expect(users).toHaveLength(1);
    expect(users[0]!.accounts).toHaveLength(1);
    expect((await userOfSession(b1))?.id).toBe(users[0]!.id);
    expect((await userOfSession(b2))?.id).toBe(users[0]!.id);
    expect(await t.prisma.auditLog.count({ where: { userId: users[0]!.id, action: "SIGN_UP" } })).toBe(1);
  });

  it("refuses suspended and deactivated accounts with account_inactive, and lifts a suspension that has run out", async () => {
    const login = uniq("suspended");
    op.accounts.set(login, { email: `${login}@example.com`, email_verified: true });
    await signInVia(newBrowser(), login);
    const email = `${login}@example.com`;
    for (const status of ["SUSPENDED", "DEACTIVATED"] as const) {
      await t.prisma.user.update({ where: { email }, data: { status } });
      const b = newBrowser();
      const r = await signInVia(b, login);
      expect([status, r.path]).toEqual([status, "/sign-in?oauthError=account_inactive&provider=oidc"]);
      expect(sessionSet(r.res)).toBe(false);
    }
    // A dated suspension that has run out ends at sign-in, as with a password.
    await t.prisma.user.update({ where: { email }, data: { status: "SUSPENDED", suspendedUntil: new Date(Date.now() - 1000) } });
    const b = newBrowser();
    expect((await signInVia(b, login)).path).toBe("/dashboard");
    expect((await userOfSession(b))?.status).toBe("ACTIVE");
  });

  it("ends with oauthError=state and no session when the state is missing, foreign or another provider's", async () => {
    const login = uniq("state");
    op.accounts.set(login, { email: `${login}@example.com`, email_verified: true });
    const usersBefore = await t.prisma.user.count();

    // Missing: the callback arrives in a browser that never started the flow.
    const callback = await toCallback(newBrowser(), login);
    const stranger = newBrowser();
    const missing = await stranger.request(callback);
    expect(pathOf(missing)).toBe("/sign-in?oauthError=state&provider=oidc");
    expect(sessionSet(missing)).toBe(false);

    // Foreign: this browser started its own flow, but receives someone else's callback.
    const victim = newBrowser();
    await start(victim);
    const foreign = await victim.request(await toCallback(newBrowser(), login));
    expect(pathOf(foreign)).toBe("/sign-in?oauthError=state&provider=oidc");
    expect(sessionSet(foreign)).toBe(false);
    expect(stateCleared(foreign)).toBe(true);
    expect(victim.jar(app.url).has(STATE_COOKIE)).toBe(false);

    // Another provider's: a Google flow's state offered to the OIDC callback, with a real OIDC code.
    const mixed = newBrowser();
    const googleUrl = new URL(await start(mixed, "", "google"));
    expect(googleUrl.host).toBe("accounts.google.com");
    const googleState = googleUrl.searchParams.get("state")!;
    const real = new URL(await toCallback(newBrowser(), login));
    const res = await mixed.request(`${app.url}/auth/oauth/oidc/callback?code=${encodeURIComponent(real.searchParams.get("code")!)}&state=${encodeURIComponent(googleState)}`);
    expect(pathOf(res)).toBe("/sign-in?oauthError=state&provider=oidc");
    expect(sessionSet(res)).toBe(false);
    expect(stateCleared(res)).toBe(true);

    // The OIDC state with a Google callback is refused the same way.
    const other = newBrowser();
    const oidcAuth = new URL(await start(other));
    const res2 = await other.request(`${app.url}/auth/oauth/google/callback?code=abc&state=${encodeURIComponent(oidcAuth.searchParams.get("state")!)}`);
    expect(pathOf(res2)).toBe("/sign-in?oauthError=state&provider=google");

    expect(await t.prisma.user.count()).toBe(usersBefore);
  });

  it("refuses a replayed code with no session", async () => {
    const login = uniq("replay");
    op.accounts.set(login, { email: `${login}@example.com`, email_verified: true });
    const b = newBrowser();
    const callback = await toCallback(b, login);
    const stateCookie = b.jar(app.url).get(STATE_COOKIE)!;
    const first = await b.request(callback);
    expect(pathOf(first)).toBe("/dashboard");
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: `${login}@example.com` }, select: { id: true } });
    expect(await t.prisma.session.count({ where: { userId: user.id } })).toBe(1);

    // Replayed as is: the state cookie was single use.
    const attacker = newBrowser();
    const again = await attacker.request(callback);
    expect(pathOf(again)).toBe("/sign-in?oauthError=state&provider=oidc");
    // Replayed with the state cookie too (both stolen): the provider refuses the used code.
    attacker.jar(app.url).set(STATE_COOKIE, stateCookie);
    const replay = await attacker.request(callback);
    expect(pathOf(replay)).toBe("/sign-in?oauthError=exchange&provider=oidc");
    expect(sessionSet(replay)).toBe(false);
    expect(stateCleared(replay)).toBe(true);
    expect(await t.prisma.auditLog.count({ where: { userId: user.id, action: "SIGN_IN" } })).toBe(1);
  });

  it("ends with oauthError=denied when the user cancels at the provider", async () => {
    const b = newBrowser();
    const callback = await toCallback(b, uniq("cancel"), "", { abort: true });
    expect(new URL(callback).searchParams.get("error")).toBe("access_denied");
    const res = await b.request(callback);
    expect(pathOf(res)).toBe("/sign-in?oauthError=denied&provider=oidc");
    expect(sessionSet(res)).toBe(false);
    expect(stateCleared(res)).toBe(true);
  });

  it("follows next only to a path on our own origin", async () => {
    const login = uniq("next");
    op.accounts.set(login, { email: `${login}@example.com`, email_verified: true });
    const b = newBrowser();
    const cases: [string, string][] = [
      ["/settings/profile?tab=links#github", "/settings/profile?tab=links#github"],
      ["/a/../settings/security", "/settings/security"],
      ["//evil.com", "/dashboard"],
      ["/\\evil.com", "/dashboard"],
      ["https://evil.com/", "/dashboard"],
      ["@evil.com", "/dashboard"],
      ["/\t/evil.com", "/dashboard"],
    ];
    for (const [next, expected] of cases) {
      const { res } = await signInVia(b, login, `?next=${encodeURIComponent(next)}`);
      expect([next, res.headers.get("location")]).toEqual([next, expected]);
    }
  });

  it("links a provider from settings (intent=link) to the signed-in user, and refuses an identity of another user", async () => {
    const carol = await passwordUser();
    const b = await passwordBrowser(carol.email);
    const login = uniq("carol-sso");
    // Linking needs no matching or verified email: the user proved both sides.
    op.accounts.set(login, { email: `${uniq("carol-work")}@corp.example`, email_verified: false, name: "C. Work" });
    const callback = await toCallback(b, login, "?intent=link");
    const res = await b.request(callback);
    expect(pathOf(res)).toBe("/settings/security?oauthLinked=oidc");
    expect(await t.prisma.account.findMany({ where: { userId: carol.id }, select: { provider: true, providerAccountId: true, type: true } })).toEqual([
      { provider: "oidc", providerAccountId: login, type: "oidc" },
    ]);
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { userId: carol.id, action: "OAUTH_LINKED" }, select: { details: true, ipAddress: true } });
    expect(audit.details).toMatchObject({ provider: "oidc", method: "settings" });
    expect(audit.ipAddress).toBe(b.headers["x-forwarded-for"]);
    const list = await clientOf(b).trpc.auth.accounts.list.query();
    expect(list).toEqual({ accounts: [{ provider: "oidc", label: "Acme SSO", linkedAt: expect.any(Date) }], hasPassword: true });

    // From now on that identity signs Carol in.
    const fresh = newBrowser();
    expect((await signInVia(fresh, login)).path).toBe("/dashboard");
    expect((await userOfSession(fresh))?.id).toBe(carol.id);

    // Dave tries to link Carol's identity: refused, back on the settings page with the reason.
    const dave = await passwordUser();
    const bd = await passwordBrowser(dave.email);
    const r2 = await bd.request(await toCallback(bd, login, "?intent=link&next=/settings/security%3Ftab%3Dproviders"));
    expect(pathOf(r2)).toBe("/settings/security?tab=providers&oauthError=identity_taken&provider=oidc");
    expect(await t.prisma.account.count({ where: { userId: dave.id } })).toBe(0);
    expect((await t.prisma.account.findFirstOrThrow({ where: { providerAccountId: login }, select: { userId: true } })).userId).toBe(carol.id);
    // Dave is still signed in as Dave.
    expect((await userOfSession(bd))?.id).toBe(dave.id);

    // Linking needs a session.
    const anon = newBrowser();
    const r3 = await anon.request(`${app.url}/auth/oauth/oidc?intent=link`);
    expect(pathOf(r3)).toBe("/sign-in?oauthError=not_signed_in&provider=oidc");
    expect(anon.jar(app.url).has(STATE_COOKIE)).toBe(false);
  });

  it("unlinks a provider, but never the last way to sign in", async () => {
    // Provider-only user: one provider, no password.
    const login = uniq("only");
    op.accounts.set(login, { email: `${login}@example.com`, email_verified: true });
    const b = newBrowser();
    await signInVia(b, login);
    const c = clientOf(b);
    const refused = await trpcError(c.trpc.auth.accounts.unlink.mutate({ provider: "oidc" }));
    expect(refused.data?.code).toBe("BAD_REQUEST");
    expect(refused.data?.appCode).toBe("LAST_SIGN_IN_METHOD");
    expect((await c.trpc.auth.accounts.list.query()).accounts).toHaveLength(1);
    expect(await t.prisma.account.count({ where: { providerAccountId: login } })).toBe(1);

    const notLinked = await trpcError(c.trpc.auth.accounts.unlink.mutate({ provider: "github" }));
    expect(notLinked.data?.code).toBe("NOT_FOUND");
    const bad = await trpcError(c.trpc.auth.accounts.unlink.mutate({ provider: "myspace" as "github" }));
    expect(bad.data?.code).toBe("BAD_REQUEST");

    // A user with a password may unlink their only provider.
    const erin = await passwordUser();
    const be = await passwordBrowser(erin.email);
    const erinLogin = uniq("erin-sso");
    op.accounts.set(erinLogin, { email: erin.email, email_verified: true });
    expect(pathOf(await be.request(await toCallback(be, erinLogin, "?intent=link")))).toBe("/settings/security?oauthLinked=oidc");
    const erinClient = clientOf(be);
    await expect(erinClient.trpc.auth.accounts.unlink.mutate({ provider: "oidc" })).resolves.toEqual({ ok: true });
    expect(await erinClient.trpc.auth.accounts.list.query()).toEqual({ accounts: [], hasPassword: true });
    expect(await t.prisma.auditLog.count({ where: { userId: erin.id, action: "OAUTH_UNLINKED" } })).toBe(1);
    // Unlinked means that identity is new again: it no longer signs Erin in by itself —
    // her email is verified on both sides, so it is linked again automatically and audited.
    const again = newBrowser();
    await signInVia(again, erinLogin);
    expect((await userOfSession(again))?.id).toBe(erin.id);
    expect(await t.prisma.auditLog.count({ where: { userId: erin.id, action: "OAUTH_LINKED" } })).toBe(2);
  });

  it("answers 404 for an unknown provider and provider_off for one not configured", async () => {
    const b = newBrowser();
    expect((await b.request(`${app.url}/auth/oauth/facebook`)).status).toBe(404);
    expect((await b.request(`${app.url}/auth/oauth/facebook/callback?code=x&state=y`)).status).toBe(404);
    expect(pathOf(await b.request(`${app.url}/auth/oauth/github`))).toBe("/sign-in?oauthError=provider_off&provider=github");
    expect(pathOf(await b.request(`${app.url}/auth/oauth/linkedin/callback?code=x&state=y`))).toBe("/sign-in?oauthError=provider_off&provider=linkedin");
  });

  it("sends the browser back with unavailable when the issuer's discovery document cannot be read, and retries it later", async () => {
    // An issuer on a port nobody listens on (yet).
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const issuer = `http://127.0.0.1:${port}`;
    const down = await startTestApp(t.db, { oauth: { oidc: { issuer, clientId: "c", clientSecret: "s", name: "Down SSO" } } });
    try {
      const b = newBrowser();
      const res = await b.request(`${down.url}/auth/oauth/oidc`);
      expect(TestBrowser.location(res, down.url)).toBe(`${down.url}/sign-in?oauthError=unavailable&provider=oidc`);
      expect(b.jar(down.url).has(STATE_COOKIE)).toBe(false);
      // The failure is not cached: once the issuer answers, sign-in starts.
      const doc = { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token` };
      const up = http.createServer((_req, r) => r.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(doc)));
      await new Promise<void>((resolve) => up.listen(port, "127.0.0.1", resolve));
      try {
        const again = await b.request(`${down.url}/auth/oauth/oidc`);
        expect(new URL(TestBrowser.location(again, down.url)).origin + new URL(TestBrowser.location(again, down.url)).pathname).toBe(`${issuer}/authorize`);
      } finally {
        up.closeAllConnections();
        await new Promise<void>((resolve) => up.close(() => resolve()));
      }
    } finally {
      await down.close();
    }
  });

  it("limits starts and callbacks to the README's 20 per IP per 10 minutes, with 429 and Retry-After", async () => {
    // The literal numbers of the README, not the constants: loosening the rule must fail here.
    const b = newBrowser();
    for (let i = 0; i < 20; i++) {
      expect((await b.request(`${app.url}/auth/oauth/oidc`)).status).toBe(302);
    }
    const limited = await b.request(`${app.url}/auth/oauth/oidc`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(9 * 60);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(600);
    expect(limited.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await limited.text()).toContain("/sign-in?oauthError=rate_limited&amp;provider=oidc");

    for (let i = 0; i < 20; i++) {
      expect(pathOf(await b.request(`${app.url}/auth/oauth/oidc/callback?code=x&state=y`))).toBe("/sign-in?oauthError=state&provider=oidc");
    }
    const cb = await b.request(`${app.url}/auth/oauth/oidc/callback?code=x&state=y`);
    expect(cb.status).toBe(429);
    expect(Number(cb.headers.get("retry-after"))).toBeGreaterThan(9 * 60);
    expect(Number(cb.headers.get("retry-after"))).toBeLessThanOrEqual(600);
    // Another IP is not affected.
    expect((await newBrowser().request(`${app.url}/auth/oauth/oidc`)).status).toBe(302);
  });
});
