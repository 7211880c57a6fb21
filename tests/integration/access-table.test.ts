// Who may call what, checked against an answer written out by hand. The table below is NOT
// derived from shared/access.ts (the table the server is built from): it is the product's
// rules spelled out per procedure and caller, so loosening a rule in shared/access.ts (say
// admin.users.delete to level 1) makes this test fail. Every procedure of the router must
// have a line here; a new procedure needs its line written by hand.
//   ok  = the caller gets past the access rule (any answer but UNAUTHORIZED/FORBIDDEN);
//   401 = UNAUTHORIZED; 403 = FORBIDDEN.
// Callers: anonymous, each role (signed in, active, verified), admins of levels 1-3, and a
// signed-in trainee whose email is not verified yet (the verify-your-email state).
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS, API_SCOPES, isAllowed, type ApiScope, type Caller, type Role } from "../../shared/access.ts";
import { authenticateApiKey, generateApiKey, hashApiKey } from "../../server/services/api-keys/keys.ts";
import { hashPassword } from "../../server/auth/password.ts";
import { createSession, validateSessionToken } from "../../server/auth/session.ts";
import { loadConfig } from "../../server/config.ts";
import { appRouter } from "../../server/routers/app.ts";
import { createCallerFactory } from "../../server/trpc/init.ts";
import type { Context } from "../../server/trpc/context.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { AppError } from "../../server/services/errors.ts";
import { createTestDatabase, type Database } from "../helpers/db.ts";

const config = loadConfig({ NODE_ENV: "test" }, { appUrl: "http://localhost:3999" });
const createCaller = createCallerFactory(appRouter);
const silent = { info() {}, warn() {}, error() {} };

function ctxFor(db: Database, auth: Awaited<ReturnType<typeof validateSessionToken>>): Context {
  return {
    db: db.prisma,
    config,
    log: silent,
    requestId: "test",
    meta: { ipAddress: `203.0.113.${Math.floor(Math.random() * 250)}`, userAgent: "access-table-test" },
    origin: config.appOrigin,
    cookies: { get: () => undefined, set() {}, clear() {} },
    setHeader() {},
    session: auth?.session ?? null,
    user: auth?.user ?? null,
    mailQueued() {},
  };
}

/** Calls `path` on `caller` with an empty input; returns the tRPC error code or "OK". */
async function callAs(caller: ReturnType<typeof createCaller>, path: string): Promise<string> {
  const fn = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (input?: unknown) => Promise<unknown>;
  try {
    await fn({});
    return "OK";
  } catch (e) {
    // A company that passed the role rule but is not verified yet is past the access rule
    // (the verification step is the service's, tested with the company procedures).
    if (e instanceof TRPCError) return e.cause instanceof AppError && e.cause.appCode === "COMPANY_NOT_VERIFIED" ? "OK" : e.code;
    throw e;
  }
}

const EXPECTED = `
  procedure                      anon trainee instructor company admin1 admin2 admin3 unverified
  auth.signUp                    ok   ok      ok         ok      ok     ok     ok     ok
  auth.verifyEmail               ok   ok      ok         ok      ok     ok     ok     ok
  auth.resendVerification        401  ok      ok         ok      ok     ok     ok     ok
  auth.signIn                    ok   ok      ok         ok      ok     ok     ok     ok
  auth.signOut                   ok   ok      ok         ok      ok     ok     ok     ok
  auth.me                        ok   ok      ok         ok      ok     ok     ok     ok
  auth.requestPasswordReset      ok   ok      ok         ok      ok     ok     ok     ok
  auth.resetPassword             ok   ok      ok         ok      ok     ok     ok     ok
  auth.changePassword            401  ok      ok         ok      ok     ok     ok     403
  auth.providers                 ok   ok      ok         ok      ok     ok     ok     ok
  auth.accounts.list             401  ok      ok         ok      ok     ok     ok     403
  auth.accounts.unlink           401  ok      ok         ok      ok     ok     ok     403
  auth.sessions.list             401  ok      ok         ok      ok     ok     ok     403
  auth.sessions.revoke           401  ok      ok         ok      ok     ok     ok     403
  auth.sessions.revokeOthers     401  ok      ok         ok      ok     ok     ok     403
  auth.securityEvents            401  ok      ok         ok      ok     ok     ok     403
  auth.requestEmailChange        401  ok      ok         ok      ok     ok     ok     403
  auth.confirmEmailChange        ok   ok      ok         ok      ok     ok     ok     ok
  auth.unlockAccount             ok   ok      ok         ok      ok     ok     ok     ok
  auth.deactivate                401  ok      ok         ok      ok     ok     ok     403
  account.export                 401  ok      ok         ok      ok     ok     ok     403
  account.delete                 401  ok      ok         ok      ok     ok     ok     403
  profile.get                    401  ok      ok         ok      ok     ok     ok     403
  profile.update                 401  ok      ok         ok      ok     ok     ok     403
  profile.requestVerification    401  403     ok         ok      403    403    403    403
  profile.professional           401  403     ok         ok      403    403    403    403
  profile.updateInstructor       401  403     ok         403     403    403    403    403
  profile.updateCompany          401  403     403        ok      403    403    403    403
  profile.avatar.upload          401  ok      ok         ok      ok     ok     ok     403
  profile.avatar.remove          401  ok      ok         ok      ok     ok     ok     403
  company.profile.get            401  403     403        ok      403    403    403    403
  company.profile.update         401  403     403        ok      403    403    403    403
  company.profile.uploadLogo     401  403     403        ok      403    403    403    403
  company.profile.removeLogo     401  403     403        ok      403    403    403    403
  dev.outbox                     ok   ok      ok         ok      ok     ok     ok     ok
  admin.users.list               401  403     403        403     ok     ok     ok     403
  admin.users.get                401  403     403        403     ok     ok     ok     403
  admin.users.setRole            401  403     403        403     403    403    ok     403
  admin.users.suspend            401  403     403        403     403    ok     ok     403
  admin.users.activate           401  403     403        403     403    ok     ok     403
  admin.users.delete             401  403     403        403     403    403    ok     403
  admin.users.signOutEverywhere  401  403     403        403     403    ok     ok     403
  admin.users.sendPasswordReset  401  403     403        403     403    ok     ok     403
  admin.verification.list        401  403     403        403     ok     ok     ok     403
  admin.verification.decide      401  403     403        403     ok     ok     ok     403
  admin.audit.list               401  403     403        403     ok     ok     ok     403
  admin.stats.get                401  403     403        403     ok     ok     ok     403
  admin.stats.refresh            401  403     403        403     ok     ok     ok     403
  content.create                 401  403     ok         403     ok     ok     ok     403
  content.update                 401  403     ok         403     ok     ok     ok     403
  content.publish                401  403     ok         403     ok     ok     ok     403
  content.unpublish              401  403     ok         403     ok     ok     ok     403
  content.delete                 401  403     ok         403     ok     ok     ok     403
  content.mine                   401  403     ok         403     ok     ok     ok     403
  content.get                    401  403     ok         403     ok     ok     ok     403
  content.stats                  401  403     ok         403     ok     ok     ok     403
  content.previewReply           401  403     ok         403     ok     ok     ok     403
  content.rate                   401  ok      403        403     403    403    403    403
  catalog.list                   401  ok      ok         ok      ok     ok     ok     403
  catalog.get                    401  ok      ok         ok      ok     ok     ok     403
  practice.chat.start            401  ok      403        403     403    403    403    403
  practice.chat.send             401  ok      403        403     403    403    403    403
  practice.chat.sendStream       401  ok      403        403     403    403    403    403
  practice.chat.end              401  ok      403        403     403    403    403    403
  practice.chat.abandon          401  ok      403        403     403    403    403    403
  practice.call.start            401  ok      403        403     403    403    403    403
  practice.call.say              401  ok      403        403     403    403    403    403
  practice.call.end              401  ok      403        403     403    403    403    403
  practice.sessions.list         401  ok      403        403     403    403    403    403
  practice.sessions.get          401  ok      403        403     403    403    403    403
  assessments.start              401  ok      403        403     403    403    403    403
  assessments.attempt            401  ok      403        403     403    403    403    403
  assessments.save               401  ok      403        403     403    403    403    403
  assessments.submit             401  ok      403        403     403    403    403    403
  assessments.history            401  ok      403        403     403    403    403    403
  assessments.get                401  ok      403        403     403    403    403    403
  catalog.complete               401  ok      403        403     403    403    403    403
  progress.get                   401  ok      403        403     403    403    403    403
  certificates.mine              401  ok      403        403     403    403    403    403
  certificates.verify            ok   ok      ok         ok      ok     ok     ok     ok
  admin.certificates.revoke      401  403     403        403     403    ok     ok     403
  company.candidates.search      401  403     403        ok      403    403    403    403
  company.candidates.get         401  403     403        ok      403    403    403    403
  company.candidates.note        401  403     403        ok      403    403    403    403
  candidate.settings.get         401  ok      403        403     403    403    403    403
  candidate.settings.update      401  ok      403        403     403    403    403    403
  company.candidates.interest    401  403     403        ok      403    403    403    403
  company.candidates.shortlist   401  403     403        ok      403    403    403    403
  company.quota                  401  403     403        ok      403    403    403    403
  candidate.interests.list       401  ok      403        403     403    403    403    403
  candidate.interests.respond    401  ok      403        403     403    403    403    403
  candidate.viewers              401  ok      403        403     403    403    403    403
  company.jobs.list              401  403     403        ok      403    403    403    403
  company.jobs.get               401  403     403        ok      403    403    403    403
  company.jobs.create            401  403     403        ok      403    403    403    403
  company.jobs.update            401  403     403        ok      403    403    403    403
  company.jobs.setActive         401  403     403        ok      403    403    403    403
  company.jobs.delete            401  403     403        ok      403    403    403    403
  company.jobs.applicants        401  403     403        ok      403    403    403    403
  jobs.search                    401  ok      ok         ok      ok     ok     ok     403
  jobs.get                       401  ok      ok         ok      ok     ok     ok     403
  jobs.applyTo                   401  ok      403        403     403    403    403    403
  apiKeys.create                 401  403     403        ok      403    403    403    403
  apiKeys.list                   401  403     403        ok      403    403    403    403
  apiKeys.revoke                 401  403     403        ok      403    403    403    403
`;

// API key callers (issue 14), written out by hand too: the ONLY procedures a key may reach and
// the scope that opens each. A key holding every scope gets FORBIDDEN from every other
// procedure (auth, profile, admin, trainee, interest, notes, the job board, apiKeys.* …); a
// key holding every scope but the one named gets FORBIDDEN here; a key that does not work
// (revoked, expired, unknown) gets UNAUTHORIZED from everything.
const KEY_REACHABLE = `
  company.jobs.list              jobs:read
  company.jobs.get               jobs:read
  company.jobs.create            jobs:write
  company.jobs.update            jobs:write
  company.jobs.setActive         jobs:write
  company.jobs.applicants        applicants:read
  company.candidates.shortlist   shortlist:read
  company.candidates.search      candidates:search
  company.candidates.get         candidates:search
`;
const KEY_SCOPE = Object.fromEntries(KEY_REACHABLE.trim().split("\n").map((l) => l.trim().split(/\s+/) as [string, string]));

type Answer = "ok" | "401" | "403";
const [HEADER, ...LINES] = EXPECTED.trim().split("\n").map((l) => l.trim().split(/\s+/));
const CALLER_NAMES = ["anon", "trainee", "instructor", "company", "admin1", "admin2", "admin3", "unverified"] as const;
if (HEADER!.slice(1).join(" ") !== CALLER_NAMES.join(" ")) throw new Error(`access table header: ${HEADER!.join(" ")}`);
const TABLE = Object.fromEntries(
  LINES.map(([path, ...answers]) => {
    if (answers.length !== CALLER_NAMES.length) throw new Error(`access table line for ${path}: ${answers.length} answers`);
    return [path!, Object.fromEntries(CALLER_NAMES.map((c, i) => [c, answers[i] as Answer]))];
  }),
) as Record<string, Record<(typeof CALLER_NAMES)[number], Answer>>;
const asAnswer = (code: string): Answer => (code === "UNAUTHORIZED" ? "401" : code === "FORBIDDEN" ? "403" : "ok");

describe("access table", () => {
  let db: Database;
  let passwordHash: string;
  beforeAll(async () => {
    db = await createTestDatabase("pglite");
    passwordHash = await hashPassword("access table passphrase");
  });
  afterAll(() => db?.close());

  it("lists every procedure of the router, and nothing else, in shared/access.ts and in the table written here", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(procedures.length).toBeGreaterThan(5);
    expect(procedures).toEqual(Object.keys(ACCESS).sort());
    expect(procedures).toEqual(Object.keys(TABLE).sort());
    for (const [path, row] of Object.entries(TABLE)) expect([path, Object.values(row).every((a) => ["ok", "401", "403"].includes(a))]).toEqual([path, true]);
  });

  it("answers every procedure for every kind of caller as the hand-written table says", async () => {
    // One user per kind of caller, and a fresh session for every call (signOut ends it).
    const userOf = async (role: Role, adminLevel: number | null, verified = true) => {
      const u = await createUser(db.prisma, {
        email: `${role.toLowerCase()}-${Math.random().toString(36).slice(2)}@example.com`,
        passwordHash,
        role,
        ...(adminLevel ? { adminAccessLevel: adminLevel } : {}),
        ...(verified ? {} : { status: "PENDING_VERIFICATION" as const, verified: false }),
      });
      // The company caller is a verified company (an unverified one is refused by the
      // service with COMPANY_NOT_VERIFIED, which tests/integration/company-search covers).
      if (role === "COMPANY") await db.prisma.companyProfile.update({ where: { userId: u.id }, data: { isVerified: true, verifiedAt: new Date() } });
      return async () => {
        const { token } = await createSession(db.prisma, u.id, { ipAddress: null, userAgent: null });
        const auth = await validateSessionToken(db.prisma, token);
        expect([auth?.user.role, auth?.user.adminLevel ?? null]).toEqual([role, adminLevel]);
        return createCaller(ctxFor(db, auth));
      };
    };
    const make: Record<(typeof CALLER_NAMES)[number], () => Promise<ReturnType<typeof createCaller>>> = {
      anon: async () => createCaller(ctxFor(db, null)),
      trainee: await userOf("TRAINEE", null),
      instructor: await userOf("INSTRUCTOR", null),
      company: await userOf("COMPANY", null),
      admin1: await userOf("ADMIN", 1),
      admin2: await userOf("ADMIN", 2),
      admin3: await userOf("ADMIN", 3),
      unverified: await userOf("TRAINEE", null, false),
    };
    const got: string[] = [];
    const want: string[] = [];
    for (const [path, row] of Object.entries(TABLE)) {
      for (const who of CALLER_NAMES) {
        // A fresh user and session per call: signOut, deactivate and friends may end it.
        got.push(`${path} ${who} ${asAnswer(await callAs(await make[who](), path))}`);
        want.push(`${path} ${who} ${row[who]}`);
      }
    }
    expect(got).toEqual(want);
  }, 120_000);

  it("agrees with the rules shared/access.ts gives the UI (canCall)", () => {
    const callers: Record<(typeof CALLER_NAMES)[number], Caller> = {
      anon: null,
      trainee: { role: "TRAINEE", adminLevel: null },
      instructor: { role: "INSTRUCTOR", adminLevel: null },
      company: { role: "COMPANY", adminLevel: null },
      admin1: { role: "ADMIN", adminLevel: 1 },
      admin2: { role: "ADMIN", adminLevel: 2 },
      admin3: { role: "ADMIN", adminLevel: 3 },
      unverified: null, // not a verified caller: the UI never offers it anything beyond "session"
    };
    for (const [path, row] of Object.entries(TABLE)) {
      for (const who of CALLER_NAMES) {
        if (who === "unverified") continue;
        const allowed = isAllowed(ACCESS[path as keyof typeof ACCESS], callers[who]);
        expect([path, who, allowed]).toEqual([path, who, row[who] === "ok"]);
      }
    }
  });

  it("lets an API key reach only the procedures its scopes open, as the hand-written list says", async () => {
    const u = await createUser(db.prisma, { email: `key-owner-${Math.random().toString(36).slice(2)}@example.com`, passwordHash, role: "COMPANY" });
    await db.prisma.companyProfile.update({ where: { userId: u.id }, data: { isVerified: true, verifiedAt: new Date() } });
    const keyCaller = async (scopes: readonly ApiScope[], state: "working" | "revoked" = "working") => {
      const key = generateApiKey();
      await db.prisma.apiKey.create({
        data: { userId: u.id, name: "t", prefix: key.slice(0, 12), secretHash: hashApiKey(key), scopes: [...scopes], ...(state === "revoked" ? { revokedAt: new Date() } : {}) },
      });
      const found = await authenticateApiKey(db.prisma, key);
      return createCaller({ ...ctxFor(db, null), origin: undefined, user: found?.user ?? null, apiKey: found?.apiKey ?? "refused" });
    };
    const all = await keyCaller(API_SCOPES);
    const revoked = await keyCaller(API_SCOPES, "revoked");
    const got: string[] = [];
    const want: string[] = [];
    for (const path of Object.keys(TABLE)) {
      const scope = KEY_SCOPE[path];
      got.push(`${path} all-scopes ${asAnswer(await callAs(all, path))}`);
      want.push(`${path} all-scopes ${scope ? "ok" : "403"}`);
      got.push(`${path} revoked ${asAnswer(await callAs(revoked, path))}`);
      want.push(`${path} revoked 401`);
      if (scope) {
        got.push(`${path} only-its-scope ${asAnswer(await callAs(await keyCaller([scope as ApiScope]), path))}`);
        want.push(`${path} only-its-scope ok`);
        got.push(`${path} all-but-its-scope ${asAnswer(await callAs(await keyCaller(API_SCOPES.filter((s) => s !== scope)), path))}`);
        want.push(`${path} all-but-its-scope 403`);
      }
    }
    expect(got).toEqual(want);
  }, 120_000);

  it("refuses authed procedures to signed-in but unverified users, and all of them to suspended ones", async () => {
    const mk = async (status: "PENDING_VERIFICATION" | "SUSPENDED") => {
      const u = await createUser(db.prisma, { email: `${status}-${Math.random().toString(36).slice(2)}@example.com`, passwordHash, status, verified: status !== "PENDING_VERIFICATION" });
      const { token } = await createSession(db.prisma, u.id, { ipAddress: null, userAgent: null });
      return createCaller(ctxFor(db, await validateSessionToken(db.prisma, token)));
    };
    const pending = await mk("PENDING_VERIFICATION");
    const suspended = await mk("SUSPENDED");
    for (const [path, rule] of Object.entries(ACCESS)) {
      if (rule === "public") continue;
      const p = await callAs(pending, path);
      if (rule === "session") expect([path, p]).not.toEqual([path, expect.stringMatching(/^(UNAUTHORIZED|FORBIDDEN)$/)]);
      else expect([path, p]).toEqual([path, "FORBIDDEN"]);
      expect([path, await callAs(suspended, path)]).toEqual([path, "UNAUTHORIZED"]);
    }
  });
});
