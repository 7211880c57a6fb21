// Google, GitHub and LinkedIn sign-in through Arctic's real provider classes. Their real host
// names (accounts.google.com, oauth2.googleapis.com, github.com, api.github.com,
// www.linkedin.com, api.linkedin.com) are answered by a local HTTPS server speaking their
// protocols, reached through the process's global fetch dispatcher (see
// tests/helpers/fake-oauth-hosts.ts) — nothing of Arctic or of our code is patched.
import { afterAll, beforeAll, expect, it } from "vitest";
import { validateSessionToken } from "../../server/auth/session.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { freshIp, latestMail, startTestApp, TEST_APP_URL, type TestApp } from "../helpers/app.ts";
import { startFakeOAuthHosts, type FakeIdentity, type FakeOAuthHosts, type FakeProvider } from "../helpers/fake-oauth-hosts.ts";
import { TestBrowser } from "../helpers/test-browser.ts";

let hosts: FakeOAuthHosts;
beforeAll(async () => {
  hosts = await startFakeOAuthHosts();
});
afterAll(async () => {
  await hosts?.close();
});

let seq = 0;
const uniq = (tag: string) => `${tag}-${++seq}-${Math.random().toString(36).slice(2, 7)}`;

describeEachDatabase("OAuth sign-in with Google, GitHub and LinkedIn", (t) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(t.db, { oauth: { ...hosts.clients } });
  });
  afterAll(async () => {
    await app?.close();
  });

  const pathOf = (res: Response) => {
    const u = new URL(TestBrowser.location(res, app.url));
    return u.pathname + u.search;
  };

  /** Start at our route, "consent" at the provider (its real authorization URL), land on our callback. */
  async function signInWith(provider: FakeProvider, identity: FakeIdentity) {
    hosts.nextIdentity[provider] = identity;
    const b = new TestBrowser({ "x-forwarded-for": freshIp(), "user-agent": "Mozilla/5.0 Providers-Test/1.0" });
    const started = await b.request(`${app.url}/auth/oauth/${provider}`);
    const authUrl = TestBrowser.location(started, app.url);
    const atProvider = await b.request(authUrl);
    const callback = new URL(TestBrowser.location(atProvider, authUrl));
    expect(callback.origin + callback.pathname).toBe(`${TEST_APP_URL}/auth/oauth/${provider}/callback`);
    const res = await b.request(`${app.url}${callback.pathname}${callback.search}`);
    const token = b.jar(app.url).get("hirexp_session");
    const auth = token ? await validateSessionToken(t.prisma, token) : null;
    return { authUrl: new URL(authUrl), res, path: pathOf(res), user: auth?.user ?? null };
  }

  const userByEmail = (email: string) =>
    t.prisma.user.findUniqueOrThrow({
      where: { email },
      select: { id: true, status: true, emailVerified: true, password: true, profile: { select: { name: true, avatar: true } }, accounts: true },
    });

  it("lists the three providers", async () => {
    const c = app.client();
    expect(await c.trpc.auth.providers.query()).toEqual([
      { id: "google", label: "Google", startUrl: "/auth/oauth/google" },
      { id: "github", label: "GitHub", startUrl: "/auth/oauth/github" },
      { id: "linkedin", label: "LinkedIn", startUrl: "/auth/oauth/linkedin" },
    ]);
  });

  it("Google: reads the ID token (email_verified true), with PKCE, and stores the tokens", async () => {
    const email = `${uniq("gina")}@gmail.example`;
    const sub = uniq("1087");
    const r = await signInWith("google", {
      provider: "google",
      claims: { sub, email, email_verified: true, name: "Gina Google", picture: "https://lh3.googleusercontent.example/a/gina" },
    });
    expect(r.authUrl.host).toBe("accounts.google.com");
    expect(r.authUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(r.authUrl.searchParams.get("scope")).toBe("openid email profile");
    expect(r.path).toBe("/dashboard");
    const u = await userByEmail(email);
    expect(r.user?.id).toBe(u.id);
    expect(u).toMatchObject({ status: "ACTIVE", password: null, profile: { name: "Gina Google", avatar: "https://lh3.googleusercontent.example/a/gina" } });
    expect(u.emailVerified).toBeInstanceOf(Date);
    expect(u.accounts).toHaveLength(1);
    expect(u.accounts[0]).toMatchObject({ type: "oidc", provider: "google", providerAccountId: sub, token_type: "Bearer" });
    expect(hosts.issuedAccessTokens).toContain(u.accounts[0]!.access_token);
    expect(u.accounts[0]!.refresh_token).toMatch(/^fake-rt-/);
    expect(u.accounts[0]!.id_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(u.accounts[0]!.expires_at! - Date.now() / 1000).toBeGreaterThan(3500);
    // The token request really went to Google's token endpoint, with the PKCE verifier.
    const tokenCall = hosts.seen.filter((s) => s.host === "oauth2.googleapis.com" && s.path === "/token").at(-1)!;
    expect(new URLSearchParams(tokenCall.body).get("code_verifier")).toMatch(/^[\w-]{43}$/);
  });

  it("Google: email_verified as the string \"false\" is not verified", async () => {
    const email = `${uniq("gus")}@gmail.example`;
    const r = await signInWith("google", { provider: "google", claims: { sub: uniq("2087"), email, email_verified: "false", name: "Gus" } });
    expect(r.path).toBe("/dashboard");
    const u = await userByEmail(email);
    expect(u).toMatchObject({ status: "PENDING_VERIFICATION", emailVerified: null });
    expect((await latestMail(t.db, email))?.kind).toBe("verify-email");
  });

  it("Google: the string \"true\" counts as verified", async () => {
    const email = `${uniq("gwen")}@gmail.example`;
    await signInWith("google", { provider: "google", claims: { sub: uniq("3087"), email, email_verified: "true" } });
    expect((await userByEmail(email)).status).toBe("ACTIVE");
  });

  it("Google: an ID token for another client is refused (identity)", async () => {
    const email = `${uniq("aud")}@gmail.example`;
    const r = await signInWith("google", { provider: "google", claims: { sub: uniq("4087"), email, email_verified: true, aud: "someone-else", azp: "someone-else" } });
    expect(r.path).toBe("/sign-in?oauthError=identity&provider=google");
    expect(r.user).toBeNull();
    expect(await t.prisma.user.count({ where: { email } })).toBe(0);
  });

  it("GitHub: /user plus the primary verified address from /user/emails", async () => {
    const login = uniq("octo");
    const primary = `${login}@users.example`;
    const id = 5_000_000 + seq;
    const r = await signInWith("github", {
      provider: "github",
      user: { id, login, name: null, avatar_url: `https://avatars.githubusercontent.example/u/${id}`, email: null },
      emails: [
        { email: `${login}-old@example.com`, primary: false, verified: true },
        { email: primary.toUpperCase(), primary: true, verified: true, visibility: "private" },
        { email: `${login}-new@example.com`, primary: false, verified: false },
      ],
    });
    expect(r.authUrl.host).toBe("github.com");
    expect(r.authUrl.searchParams.get("scope")).toBe("read:user user:email");
    expect(r.path).toBe("/dashboard");
    const u = await userByEmail(primary);
    expect(r.user?.id).toBe(u.id);
    expect(u).toMatchObject({ status: "ACTIVE", profile: { name: login, avatar: `https://avatars.githubusercontent.example/u/${id}` } });
    expect(u.accounts[0]).toMatchObject({ type: "oauth", provider: "github", providerAccountId: String(id), token_type: "bearer", scope: "read:user,user:email", expires_at: null, refresh_token: null });
    const api = hosts.seen.filter((s) => s.host === "api.github.com").slice(-2);
    expect(api.map((s) => s.path)).toEqual(["/user", "/user/emails"]);
    for (const s of api) expect(s.headers.authorization).toBe(`Bearer ${u.accounts[0]!.access_token}`);
  });

  it("GitHub: an unverified primary address makes a PENDING_VERIFICATION user, even with other verified addresses", async () => {
    const login = uniq("hubot");
    const primary = `${login}@users.example`;
    await signInWith("github", {
      provider: "github",
      user: { id: 6_000_000 + seq, login, name: "Hu Bot" },
      emails: [
        { email: `${login}-verified@example.com`, primary: false, verified: true },
        { email: primary, primary: true, verified: false },
      ],
    });
    const u = await userByEmail(primary);
    expect(u).toMatchObject({ status: "PENDING_VERIFICATION", emailVerified: null, profile: { name: "Hu Bot" } });
    expect(await t.prisma.user.count({ where: { email: `${login}-verified@example.com` } })).toBe(0);
  });

  it("LinkedIn: reads its OpenID Connect userinfo", async () => {
    const email = `${uniq("lin")}@example.com`;
    const sub = uniq("li");
    const r = await signInWith("linkedin", {
      provider: "linkedin",
      userinfo: { sub, email_verified: true, name: "Lin Kedin", given_name: "Lin", family_name: "Kedin", locale: { country: "US", language: "en" }, email, picture: "https://media.licdn.example/lin.jpg" },
    });
    expect(r.authUrl.host).toBe("www.linkedin.com");
    expect(r.authUrl.searchParams.get("scope")).toBe("openid profile email");
    expect(r.path).toBe("/dashboard");
    const u = await userByEmail(email);
    expect(r.user?.id).toBe(u.id);
    expect(u).toMatchObject({ status: "ACTIVE", profile: { name: "Lin Kedin", avatar: "https://media.licdn.example/lin.jpg" } });
    expect(u.accounts[0]).toMatchObject({ type: "oidc", provider: "linkedin", providerAccountId: sub, scope: "email,openid,profile" });
    expect(u.accounts[0]!.expires_at! - Date.now() / 1000).toBeGreaterThan(5_000_000);
    const tokenCall = hosts.seen.filter((s) => s.host === "www.linkedin.com" && s.path === "/oauth/v2/accessToken").at(-1)!;
    expect(new URLSearchParams(tokenCall.body).get("client_id")).toBe(hosts.clients.linkedin.clientId);
  });

  it("ends with oauthError=exchange and no session when a token endpoint refuses the code", async () => {
    const identities: FakeIdentity[] = [
      { provider: "google", claims: { sub: uniq("g"), email: `${uniq("gx")}@example.com`, email_verified: true } },
      { provider: "github", user: { id: 7_000_000 + seq, login: uniq("gh") }, emails: [{ email: `${uniq("ghx")}@example.com`, primary: true, verified: true }] },
      { provider: "linkedin", userinfo: { sub: uniq("l"), email: `${uniq("lx")}@example.com`, email_verified: true } },
    ];
    const before = await t.prisma.user.count();
    for (const identity of identities) {
      hosts.failTokenEndpoint.add(identity.provider);
      const r = await signInWith(identity.provider, identity);
      expect([identity.provider, r.path]).toEqual([identity.provider, `/sign-in?oauthError=exchange&provider=${identity.provider}`]);
      expect(r.user).toBeNull();
      expect(r.res.headers.getSetCookie().some((c) => c.startsWith("hirexp_session="))).toBe(false);
    }
    expect(await t.prisma.user.count()).toBe(before);
  });
});
