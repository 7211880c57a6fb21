// The rate limits that had no test, over real HTTP. Each goes just past its limit and checks
// that the call at the limit still went through and the next one is 429 with Retry-After.
// The numbers are written out here (not read from RATE_RULES), so loosening a rule fails.
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { freshIp, startTestApp, type TestApp, type TestClient } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
const SLOW = { timeout: 300_000 };
let seq = 0;
const email = (tag: string) => `${tag}-${++seq}-${Math.random().toString(36).slice(2, 7)}@example.com`;

/** One tRPC mutation over HTTP, with its status, Retry-After and error codes. */
async function call(c: TestClient, path: string, input?: unknown) {
  const res = await c.fetch(`/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: input === undefined ? "{}" : JSON.stringify({ json: input }),
  });
  const body = (await res.json()) as { error?: { json: { data: { code: string; appCode: string | null } } } };
  return { status: res.status, retryAfter: res.headers.get("retry-after"), code: body.error?.json.data.code ?? null, appCode: body.error?.json.data.appCode ?? null };
}

/** A 429 from the rate limiter, with a Retry-After within the rule's window. */
function expectLimited(r: Awaited<ReturnType<typeof call>>, windowSeconds: number) {
  expect(r).toMatchObject({ status: 429, code: "TOO_MANY_REQUESTS", appCode: "RATE_LIMITED" });
  // (Short windows may have partly run out on a slow machine; long ones must be long.)
  expect(Number(r.retryAfter)).toBeGreaterThan(windowSeconds >= 600 ? windowSeconds - 120 : 0);
  expect(Number(r.retryAfter)).toBeLessThanOrEqual(windowSeconds);
}

describeEachDatabase("rate limits", (t) => {
  let app: TestApp;
  let hash: string;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
  });
  afterAll(() => app?.close());

  const signedIn = async (opts: { verified?: boolean } = {}) => {
    const e = email("rl");
    const u = await createUser(t.prisma, { email: e, passwordHash: hash, ...(opts.verified === false ? { verified: false } : {}) });
    const c = app.client();
    await c.signIn(e, PASSWORD);
    return { id: u.id, email: e, c };
  };

  it("token links: 30 per IP per 10 minutes, shared by verify, reset, email change and unlock", SLOW, async () => {
    const c = app.client();
    const bogus = (i: number) => `bogus${String(i).padStart(2, "0")}aaaaaaaaaaaaaaaaaaaaaaaaa`;
    const paths = ["auth.verifyEmail", "auth.resetPassword", "auth.confirmEmailChange", "auth.unlockAccount"] as const;
    for (let i = 0; i < 30; i++) {
      const path = paths[i % paths.length]!;
      const r = await call(c, path, path === "auth.resetPassword" ? { token: bogus(i), password: "a brand new long passphrase" } : { token: bogus(i) });
      expect(r, `call ${i + 1} (${path})`).toMatchObject({ status: 400, appCode: "INVALID_TOKEN" });
    }
    for (const path of paths) {
      expectLimited(await call(c, path, path === "auth.resetPassword" ? { token: bogus(99), password: "a brand new long passphrase" } : { token: bogus(99) }), 600);
    }
    // Another address is not affected.
    expect(await call(app.client(), "auth.verifyEmail", { token: bogus(98) })).toMatchObject({ status: 400, appCode: "INVALID_TOKEN" });
  });

  it("password-checking procedures: 10 per account per 10 minutes, whatever the IP", SLOW, async () => {
    const { c, email: addr } = await signedIn();
    // 9 calls the limiter lets through (each refused by its own rule), then a 10th that succeeds.
    for (let i = 0; i < 3; i++) expect(await call(c, "auth.changePassword", { currentPassword: PASSWORD, newPassword: PASSWORD })).toMatchObject({ status: 400, appCode: "WEAK_PASSWORD" });
    for (let i = 0; i < 3; i++) expect(await call(c, "auth.accounts.unlink", { provider: "google" })).toMatchObject({ status: 404, appCode: "NOT_LINKED" });
    for (let i = 0; i < 2; i++) expect(await call(c, "auth.requestEmailChange", { newEmail: addr, password: PASSWORD })).toMatchObject({ status: 400, appCode: "SAME_EMAIL" });
    expect(await call(c, "auth.deactivate", { password: "not the password" })).toMatchObject({ status: 400, appCode: "INVALID_CREDENTIALS" });
    expect(await call(c, "auth.requestEmailChange", { newEmail: email("new"), password: PASSWORD })).toMatchObject({ status: 200 });
    // The 11th and later, on each of the four, from a new address too.
    expectLimited(await call(c, "auth.changePassword", { currentPassword: PASSWORD, newPassword: "a brand new long passphrase" }), 600);
    expectLimited(await call(c, "auth.requestEmailChange", { newEmail: email("new"), password: PASSWORD }), 600);
    expectLimited(await call(c, "auth.deactivate", { password: PASSWORD }), 600);
    expectLimited(await call(c, "auth.accounts.unlink", { provider: "google" }), 600);
    const elsewhere = app.client({ ip: freshIp() });
    for (const [k, v] of c.cookies) elsewhere.cookies.set(k, v);
    expectLimited(await call(elsewhere, "auth.changePassword", { currentPassword: PASSWORD, newPassword: "a brand new long passphrase" }), 600);
    // Nothing was changed by the refused calls.
    expect((await t.prisma.user.findUniqueOrThrow({ where: { email: addr }, select: { status: true } })).status).toBe("ACTIVE");
  });

  it("email change requests: 5 per account per hour", SLOW, async () => {
    const { c } = await signedIn();
    for (let i = 0; i < 5; i++) expect(await call(c, "auth.requestEmailChange", { newEmail: email("new"), password: PASSWORD }), `request ${i + 1}`).toMatchObject({ status: 200 });
    expectLimited(await call(c, "auth.requestEmailChange", { newEmail: email("new"), password: PASSWORD }), 3600);
  });

  it("device sign-outs: 30 per account per minute", SLOW, async () => {
    const { c } = await signedIn();
    for (let i = 0; i < 30; i++) expect(await call(c, "auth.sessions.revokeOthers"), `call ${i + 1}`).toMatchObject({ status: 200 });
    expectLimited(await call(c, "auth.sessions.revokeOthers"), 60);
    const list = await c.trpc.auth.sessions.list.query();
    expectLimited(await call(c, "auth.sessions.revoke", { id: list[0]!.id }), 60);
    expect(await c.trpc.auth.me.query()).not.toBeNull();
  });

  it("sign-out: 60 per IP per minute", SLOW, async () => {
    const c = app.client();
    for (let i = 0; i < 60; i++) expect(await call(c, "auth.signOut"), `call ${i + 1}`).toMatchObject({ status: 200 });
    expectLimited(await call(c, "auth.signOut"), 60);
    expect(await call(app.client(), "auth.signOut")).toMatchObject({ status: 200 });
  });

  it("verification mail resends: 5 per IP per 10 minutes (before the 3 per address per hour)", SLOW, async () => {
    const ip = freshIp();
    const a = await signedIn({ verified: false });
    const b = await signedIn({ verified: false });
    const ca = app.client({ ip });
    const cb = app.client({ ip });
    for (const [k, v] of a.c.cookies) ca.cookies.set(k, v);
    for (const [k, v] of b.c.cookies) cb.cookies.set(k, v);
    for (let i = 0; i < 3; i++) expect(await call(ca, "auth.resendVerification")).toMatchObject({ status: 200 });
    for (let i = 0; i < 2; i++) expect(await call(cb, "auth.resendVerification")).toMatchObject({ status: 200 });
    // b has sent 2 of its 3 per hour: this refusal is the address limit of the IP.
    expectLimited(await call(cb, "auth.resendVerification"), 600);
    expect(await call(b.c, "auth.resendVerification")).toMatchObject({ status: 200 });
  });
});
