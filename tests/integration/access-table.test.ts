// Walks the whole router: every procedure must be in the access table in shared/access.ts,
// and each is called as anonymous and as every role to check the answer matches its rule:
// UNAUTHORIZED for anonymous on non-public procedures, FORBIDDEN for a role the rule
// does not list, and anything but those two where the rule allows the caller.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS, isAllowed, ROLES, type AccessRule, type Caller, type Role } from "../../shared/access.ts";
import { hashPassword } from "../../server/auth/password.ts";
import { createSession, validateSessionToken } from "../../server/auth/session.ts";
import { loadConfig } from "../../server/config.ts";
import { appRouter } from "../../server/routers/app.ts";
import { createCallerFactory } from "../../server/trpc/init.ts";
import type { Context } from "../../server/trpc/context.ts";
import { createUser } from "../../server/services/users/create-user.ts";
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
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
}

describe("access table", () => {
  let db: Database;
  let passwordHash: string;
  beforeAll(async () => {
    db = await createTestDatabase("pglite");
    passwordHash = await hashPassword("access table passphrase");
  });
  afterAll(() => db?.close());

  it("lists every procedure of the router, and nothing else", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(procedures.length).toBeGreaterThan(5);
    expect(procedures).toEqual(Object.keys(ACCESS).sort());
  });

  /** Every kind of caller: each role, and admins at each access level. */
  const CALLERS: NonNullable<Caller>[] = [
    ...ROLES.filter((r) => r !== "ADMIN").map((role) => ({ role, adminLevel: null })),
    { role: "ADMIN", adminLevel: 1 },
    { role: "ADMIN", adminLevel: 2 },
    { role: "ADMIN", adminLevel: 3 },
  ];

  const signedInAs = async (role: Role, adminLevel: number | null = null) => {
    const u = await createUser(db.prisma, {
      email: `${role.toLowerCase()}-${Math.random().toString(36).slice(2)}@example.com`,
      passwordHash,
      role,
      ...(adminLevel ? { adminAccessLevel: adminLevel } : {}),
    });
    const { token } = await createSession(db.prisma, u.id, { ipAddress: null, userAgent: null });
    const auth = await validateSessionToken(db.prisma, token);
    expect(auth?.user.role).toBe(role);
    return createCaller(ctxFor(db, auth));
  };

  it("answers every procedure as its rule says, for anonymous and each role", async () => {
    const procedures = Object.keys(appRouter._def.procedures) as (keyof typeof ACCESS)[];
    for (const path of procedures) {
      const rule: AccessRule = ACCESS[path];
      const anon = await callAs(createCaller(ctxFor(db, null)), path);
      if (isAllowed(rule, null)) expect([path, anon]).not.toEqual([path, expect.stringMatching(/^(UNAUTHORIZED|FORBIDDEN)$/)]);
      else expect([path, anon]).toEqual([path, "UNAUTHORIZED"]);
      for (const caller of CALLERS) {
        // A fresh user and session per call: signOut and friends may end it.
        const got = await callAs(await signedInAs(caller.role, caller.adminLevel), path);
        const who = `${caller.role}${caller.adminLevel ? `/${caller.adminLevel}` : ""}`;
        if (isAllowed(rule, caller)) expect([path, who, got]).not.toEqual([path, who, expect.stringMatching(/^(UNAUTHORIZED|FORBIDDEN)$/)]);
        else expect([path, who, got]).toEqual([path, who, "FORBIDDEN"]);
      }
    }
  });

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
