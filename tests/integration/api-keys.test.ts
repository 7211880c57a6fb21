// API keys (issue 14), on PGlite and a real PostgreSQL: a verified company creates a key that
// is shown once — never again in any answer, in the audit details or in the request log; only
// its SHA-256 is stored. A key stops working at once (401) when revoked or expired, or when its
// company is suspended, deactivated or loses verification. Each scope opens exactly its
// endpoints (403 API_SCOPE_MISSING otherwise); the per-key rate limit answers 429 with
// Retry-After, apart from the per-IP limits; key callers need no Origin (no cookies, no CSRF).
import { Writable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { hashApiKey } from "../../server/services/api-keys/keys.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { startTestApp, trpcError, type TestApp, type TestClient } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
let seq = 0;
const uniq = () => `${++seq}${Math.random().toString(36).slice(2, 7)}`;

const JOB = {
  title: "Support specialist",
  description: "Answer customers by chat and phone, in clear and friendly English.",
  requirements: ["Two years in a support role"],
  requiredSkills: ["English"],
  experienceLevel: "junior",
  location: "Lisbon",
  salary: null,
};

// Which endpoint each scope opens, written out by hand (not read from the server's tables).
const ENDPOINT_SCOPE: [string, string, string][] = [
  ["GET", "/jobs", "jobs:read"],
  ["GET", "/jobs/{job}", "jobs:read"],
  ["POST", "/jobs", "jobs:write"],
  ["PATCH", "/jobs/{job}", "jobs:write"],
  ["POST", "/jobs/{job}/close", "jobs:write"],
  ["POST", "/jobs/{job}/reopen", "jobs:write"],
  ["GET", "/jobs/{job}/applicants", "applicants:read"],
  ["GET", "/shortlist", "shortlist:read"],
  ["POST", "/candidates/search", "candidates:search"],
  ["GET", "/candidates/{candidate}", "candidates:search"],
];
const ALL_SCOPES = ["jobs:read", "jobs:write", "applicants:read", "shortlist:read", "candidates:search"] as const;

describeEachDatabase("API keys", (t) => {
  let app: TestApp;
  let hash: string;
  const log: string[] = [];
  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk, _enc, done) {
        log.push(String(chunk));
        done();
      },
    });
    app = await startTestApp(t.db, { logLevel: "info" }, { logStream });
    hash = await hashPassword(PASSWORD);
  });
  afterAll(() => app?.close());

  async function company(verified = true) {
    const email = `company-${uniq()}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role: "COMPANY", companyName: `Acme ${seq}` });
    if (verified) await t.prisma.companyProfile.update({ where: { userId: u.id }, data: { isVerified: true, verifiedAt: new Date() } });
    const c = app.client();
    await c.signIn(email, PASSWORD);
    return { id: u.id, c };
  }
  const newKey = (c: TestClient, scopes: readonly (typeof ALL_SCOPES)[number][] = ALL_SCOPES, extra: { expiresAt?: Date } = {}) =>
    c.trpc.apiKeys.create.mutate({ name: `Key ${uniq()}`, scopes: [...scopes], ...extra });

  /** A REST call with a key (no cookies, no Origin). */
  async function api(key: string | null, method: string, path: string, body?: unknown) {
    const res = await fetch(`${app.url}/api/v1${path}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: text ? (JSON.parse(text) as Record<string, any>) : null };
  }

  it("shows the key once: never again in an answer, in the audit details or in the log; only its SHA-256 is stored", async () => {
    const co = await company();
    const created = await newKey(co.c, ["jobs:read", "jobs:write"]);
    expect(created.key).toMatch(/^hxp_[a-z2-7]{52}$/);
    expect(created).toMatchObject({ prefix: created.key.slice(0, 12), scopes: ["jobs:read", "jobs:write"], lastUsedAt: null, expiresAt: null, revokedAt: null });
    const bodiesBefore = co.c.bodies.length;

    // Use it, list it, revoke another one, read the audit trail: the secret appears nowhere.
    expect((await api(created.key, "POST", "/jobs", JOB)).status).toBe(201);
    expect((await api(created.key, "GET", "/jobs")).status).toBe(200);
    const other = await newKey(co.c, ["jobs:read"]);
    await co.c.trpc.apiKeys.revoke.mutate({ id: other.id });
    const list = await co.c.trpc.apiKeys.list.query();
    expect(list.items.map((k) => k.id)).toEqual([other.id, created.id]);
    expect(Object.keys(list.items[0]!).sort()).toEqual(["createdAt", "expiresAt", "id", "lastUsedAt", "name", "prefix", "revokedAt", "scopes"]);
    const later = co.c.bodies.slice(bodiesBefore).join("\n");
    expect(later).toContain(created.prefix);
    expect(later).not.toContain(created.key);
    expect(later).not.toContain(created.key.slice(12));

    const stored = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.secretHash).toBe(hashApiKey(created.key));
    expect(stored.secretHash).toMatch(/^[0-9a-f]{64}$/);
    const raw = await t.prisma.$queryRaw<Record<string, unknown>[]>`SELECT * FROM api_keys WHERE user_id = ${co.id}`;
    expect(JSON.stringify(raw)).not.toContain(created.key.slice(12));
    expect(JSON.stringify(raw)).not.toContain(other.key.slice(12));

    const audits = await t.prisma.auditLog.findMany({ where: { userId: co.id, action: { in: ["API_KEY_CREATED", "API_KEY_REVOKED"] } }, orderBy: { createdAt: "asc" }, select: { action: true, details: true } });
    expect(audits.map((a) => a.action)).toEqual(["API_KEY_CREATED", "API_KEY_CREATED", "API_KEY_REVOKED"]);
    expect(audits[0]!.details).toEqual({ keyId: created.id, name: created.name, prefix: created.prefix, scopes: ["jobs:read", "jobs:write"], expiresAt: null });
    const allAudit = JSON.stringify(await t.prisma.auditLog.findMany({ where: { userId: co.id } }));
    for (const k of [created.key, other.key]) expect(allAudit).not.toContain(k.slice(12));

    // The request log (level info) saw every request above, the Authorization header never.
    const logged = log.join("");
    expect(logged).toContain("/api/v1/jobs");
    for (const k of [created.key, other.key]) expect(logged).not.toContain(k.slice(12));
  });

  it("writes the last-used time at most once a minute", async () => {
    const co = await company();
    const k = await newKey(co.c, ["jobs:read"]);
    expect((await api(k.key, "GET", "/jobs")).status).toBe(200);
    const first = (await t.prisma.apiKey.findUniqueOrThrow({ where: { id: k.id } })).lastUsedAt;
    expect(first).not.toBeNull();
    expect((await api(k.key, "GET", "/jobs")).status).toBe(200);
    expect((await t.prisma.apiKey.findUniqueOrThrow({ where: { id: k.id } })).lastUsedAt).toEqual(first);
    // A minute later (moved back in the table): written again.
    const minuteAgo = new Date(first!.getTime() - 61_000);
    await t.prisma.apiKey.update({ where: { id: k.id }, data: { lastUsedAt: minuteAgo } });
    expect((await api(k.key, "GET", "/jobs")).status).toBe(200);
    expect((await t.prisma.apiKey.findUniqueOrThrow({ where: { id: k.id } })).lastUsedAt!.getTime()).toBeGreaterThan(minuteAgo.getTime() + 60_000);
  });

  it("refuses a revoked, an expired or an unknown key at once (401 API_KEY_INVALID), and no key at all (401 API_KEY_REQUIRED)", async () => {
    const co = await company();
    const k = await newKey(co.c);
    expect((await api(k.key, "GET", "/jobs")).status).toBe(200);
    await co.c.trpc.apiKeys.revoke.mutate({ id: k.id });
    const revoked = await api(k.key, "GET", "/jobs");
    expect([revoked.status, revoked.json?.error.appCode]).toEqual([401, "API_KEY_INVALID"]);
    expect(revoked.headers.get("www-authenticate")).toMatch(/^Bearer /);

    const e = await newKey(co.c, ALL_SCOPES, { expiresAt: new Date(Date.now() + 3_600_000) });
    expect((await api(e.key, "GET", "/jobs")).status).toBe(200);
    await t.prisma.apiKey.update({ where: { id: e.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await api(e.key, "GET", "/jobs")).json?.error.appCode).toBe("API_KEY_INVALID");

    // A well-formed key that was never issued, and a malformed one.
    expect((await api(`hxp_${"a".repeat(52)}`, "GET", "/jobs")).status).toBe(401);
    expect((await api("hxp_short", "GET", "/jobs")).status).toBe(401);
    const none = await api(null, "GET", "/jobs");
    expect([none.status, none.json?.error.appCode]).toEqual([401, "API_KEY_REQUIRED"]);

    // An expiry in the past cannot be chosen.
    expect((await trpcError(newKey(co.c, ALL_SCOPES, { expiresAt: new Date(Date.now() - 60_000) }))).data?.code).toBe("BAD_REQUEST");
    // A revoked key is refused over tRPC too.
    const res = await fetch(`${app.url}/api/trpc/company.jobs.list`, { headers: { authorization: `Bearer ${k.key}` } });
    expect(res.status).toBe(401);
  });

  it("stops a suspended, deactivated or no longer verified company's keys at once, and they work again when it is back", async () => {
    const co = await company();
    const k = await newKey(co.c, ["jobs:read"]);
    const works = async () => (await api(k.key, "GET", "/jobs")).status;
    expect(await works()).toBe(200);
    for (const change of [{ status: "SUSPENDED" as const }, { status: "DEACTIVATED" as const }]) {
      await t.prisma.user.update({ where: { id: co.id }, data: change });
      expect([change.status, await works()]).toEqual([change.status, 401]);
      await t.prisma.user.update({ where: { id: co.id }, data: { status: "ACTIVE" } });
      expect(await works()).toBe(200);
    }
    await t.prisma.companyProfile.update({ where: { userId: co.id }, data: { isVerified: false } });
    expect(await works()).toBe(401);
    await t.prisma.companyProfile.update({ where: { userId: co.id }, data: { isVerified: true } });
    expect(await works()).toBe(200);
  });

  it("opens with each scope exactly its endpoints (403 API_SCOPE_MISSING elsewhere); without jobs:write nothing is posted", async () => {
    const co = await company();
    const admin = await newKey(co.c);
    const job = (await api(admin.key, "POST", "/jobs", JOB)).json!;
    const candidate = await createUser(t.prisma, { email: `trainee-${uniq()}@example.com`, passwordHash: hash, name: "Ada" });
    const fill = (p: string) => p.replace("{job}", job.id).replace("{candidate}", candidate.id);
    const bodyOf = (method: string, p: string) => (method === "POST" && p === "/jobs" ? JOB : method === "PATCH" ? { title: "Support lead" } : p === "/candidates/search" ? {} : undefined);
    const got: string[] = [];
    const want: string[] = [];
    for (const scope of ALL_SCOPES) {
      const k = await newKey(co.c, [scope]);
      for (const [method, p, opens] of ENDPOINT_SCOPE) {
        const r = await api(k.key, method, fill(p), bodyOf(method, p));
        // Past the scope check: any answer but 401/403 (the candidate is not discoverable: 404).
        got.push(`${scope} ${method} ${p} ${r.status === 403 ? `403 ${r.json?.error.appCode}` : r.status === 401 ? "401" : "open"}`);
        want.push(`${scope} ${method} ${p} ${opens === scope ? "open" : "403 API_SCOPE_MISSING"}`);
      }
    }
    expect(got).toEqual(want);

    const readOnly = await newKey(co.c, ["jobs:read", "applicants:read"]);
    const before = await t.prisma.jobPosting.count();
    const refused = await api(readOnly.key, "POST", "/jobs", JOB);
    expect([refused.status, refused.json]).toEqual([403, { error: { code: "FORBIDDEN", message: "This API key does not have the scope for this.", appCode: "API_SCOPE_MISSING", fieldErrors: null } }]);
    expect(await t.prisma.jobPosting.count()).toBe(before);
  });

  it("never reaches auth, profile, admin, trainee, interest or key procedures with a key, and needs no Origin for what it may do", async () => {
    const co = await company();
    const k = await newKey(co.c);
    const trpc = (proc: string, method: "GET" | "POST", input?: unknown) =>
      fetch(`${app.url}/api/trpc/${proc}${method === "GET" && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify({ json: input }))}` : ""}`, {
        method,
        headers: { authorization: `Bearer ${k.key}`, "content-type": "application/json" },
        ...(method === "POST" ? { body: JSON.stringify({ json: input }) } : {}),
      });
    // No Origin header and no cookie: a key caller is not a browser, the CSRF check is not theirs.
    const created = await trpc("company.jobs.create", "POST", JOB);
    expect(created.status).toBe(200);
    for (const [proc, method, input] of [
      ["auth.me", "GET", undefined],
      ["auth.changePassword", "POST", { currentPassword: PASSWORD, newPassword: "another long passphrase 1" }],
      ["profile.update", "POST", { name: "Hijacked" }],
      ["admin.users.list", "GET", {}],
      ["practice.sessions.list", "GET", {}],
      ["company.candidates.interest", "POST", { candidateId: "x", interested: true }],
      ["company.candidates.note", "POST", { candidateId: "x", notes: "n" }],
      ["apiKeys.create", "POST", { name: "More", scopes: ["jobs:read"] }],
      ["apiKeys.list", "GET", undefined],
      ["jobs.search", "GET", {}],
    ] as const) {
      const r = await trpc(proc, method, input);
      const body = (await r.json()) as { error?: { json?: { data?: { appCode?: string } } } };
      expect([proc, r.status, body.error?.json?.data?.appCode]).toEqual([proc, 403, "API_SCOPE_MISSING"]);
    }
    expect(await t.prisma.apiKey.count({ where: { userId: co.id } })).toBe(1);
  });

  it("lets only verified companies manage keys, each its own", async () => {
    const a = await company();
    const b = await company();
    const unverified = await company(false);
    const trainee = await createUser(t.prisma, { email: `trainee-${uniq()}@example.com`, passwordHash: hash });
    const tc = app.client();
    await tc.signIn(trainee.email, PASSWORD);
    expect((await trpcError(newKey(tc))).data?.code).toBe("FORBIDDEN");
    expect((await trpcError(newKey(unverified.c))).data?.appCode).toBe("COMPANY_NOT_VERIFIED");
    const k = await newKey(a.c);
    expect((await trpcError(b.c.trpc.apiKeys.revoke.mutate({ id: k.id }))).data?.appCode).toBe("API_KEY_NOT_FOUND");
    expect((await b.c.trpc.apiKeys.list.query()).items).toEqual([]);
    expect((await api(k.key, "GET", "/jobs")).status).toBe(200);
    // A bad scope name is refused.
    expect((await trpcError(a.c.trpc.apiKeys.create.mutate({ name: "x", scopes: ["admin" as never] }))).data?.code).toBe("BAD_REQUEST");
  });

  it("limits each key to 600 calls a minute (429 with Retry-After), apart from other keys and the per-IP limits", async () => {
    const co = await company();
    const k = await newKey(co.c, ["jobs:read"]);
    const other = await newKey(co.c, ["jobs:read"]);
    expect((await api(k.key, "GET", "/jobs")).status).toBe(200);
    // 598 more calls, counted in the key's window as the server counts them (one upsert each).
    await t.prisma.$executeRaw`UPDATE rate_limits SET count = 599 WHERE key = ${`apiKey:key:${k.id}`}`;
    expect((await api(k.key, "GET", "/jobs")).status).toBe(200); // the 600th
    const over = await api(k.key, "GET", "/jobs");
    expect([over.status, over.json?.error.appCode]).toEqual([429, "RATE_LIMITED"]);
    const retry = Number(over.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    // Another key of the same company, from the same address, is not affected.
    expect((await api(other.key, "GET", "/jobs")).status).toBe(200);
  });
});
