// The per-request session check has two ways to run the same SQL (server/auth/session.ts):
// Prisma's $queryRawUnsafe (PGlite, and the slow path) and a named prepared statement on the pg
// pool (Database.preparedQuery, PostgreSQL only). Each case below is set up twice, identically,
// and each path gets its own copy: the answers and the rows left behind must be the same —
// valid, admin, expired, revoked, suspended, deactivated, renewal due, last-seen due, and
// timestamps read in UTC whatever the process's time zone. On PGlite the slow path is checked
// against the same explicit expectations.
import { afterAll, expect, it } from "vitest";
import { generateToken, hashToken } from "../../server/auth/tokens.ts";
import {
  LAST_SEEN_INTERVAL_MS,
  SESSION_RENEW_WITHIN_MS,
  SESSION_TTL_MS,
  validateSessionToken,
  type PreparedQuery,
} from "../../server/auth/session.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { describeEachDatabase } from "../helpers/db.ts";

const DAY = 24 * 60 * 60 * 1000;
const VERIFIED_AT = new Date("2026-01-02T03:04:05.678Z");
let seq = 0;

describeEachDatabase("session check: fast path = slow path", (t) => {
  const originalTz = process.env.TZ;
  afterAll(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  type Setup = { role?: "TRAINEE" | "ADMIN"; status?: "ACTIVE" | "SUSPENDED" | "DEACTIVATED"; expiresIn: number; lastSeenAgo: number; revoked?: boolean; password?: boolean };

  /** One user and session per call, as described; returns the cookie token and ids. */
  async function make(s: Setup, base: Date) {
    const n = ++seq;
    const user = await createUser(t.prisma, {
      email: `fast-${n}-${Math.random().toString(36).slice(2, 7)}@example.com`,
      name: `Fast ${n}`,
      role: s.role ?? "TRAINEE",
      status: s.status ?? "ACTIVE",
      adminAccessLevel: 2,
      ...(s.password === false ? {} : { passwordHash: "$2b$12$abcdefghijklmnopqrstuuJ3ZQvVh6dPpDg9pPZ0JvXq9YgH0m0bG" }),
      profile: { avatar: `/api/images/${n}.webp` },
    });
    // The same verification time in both copies (createUser stamps "now"), with milliseconds.
    await t.prisma.user.update({ where: { id: user.id }, data: { emailVerified: VERIFIED_AT }, select: { id: true } });
    const token = generateToken();
    const session = await t.prisma.session.create({
      data: {
        sessionToken: hashToken(token),
        userId: user.id,
        expires: new Date(base.getTime() + s.expiresIn),
        createdAt: new Date(base.getTime() - 40 * DAY),
        lastSeenAt: new Date(base.getTime() - s.lastSeenAgo),
      },
      select: { id: true, expires: true, createdAt: true, lastSeenAt: true },
    });
    if (s.revoked) await t.prisma.session.delete({ where: { id: session.id } });
    return { token, userId: user.id, session };
  }

  const row = (id: string) => t.prisma.session.findUnique({ where: { id }, select: { expires: true, lastSeenAt: true } });

  /** The answer with the ids (which differ between the two copies) taken out. */
  function shape(r: Awaited<ReturnType<typeof validateSessionToken>>) {
    if (!r) return null;
    // A renewed expiry is "now + 30 days" at each call: checked on its own by the renewal test.
    const { id: _sid, userId: _uid, expires, ...rest } = r.session;
    const session = r.session.fresh ? rest : { ...rest, expires };
    const { id: _id, email: _email, name: _name, avatar: _avatar, ...user } = r.user;
    return { session, user };
  }

  /**
   * Runs the case on the slow path and (PostgreSQL) on the fast path, each on its own copy;
   * checks the fast answer equals the slow one, field for field, and returns the slow one.
   */
  async function both(s: Setup) {
    // One base time for both copies (whole seconds): they start from exactly the same stored values.
    const base = new Date(Math.floor(Date.now() / 1000) * 1000);
    const slowCase = await make(s, base);
    const slow = await validateSessionToken(t.prisma, slowCase.token);
    const fast: PreparedQuery | undefined = t.db.preparedQuery;
    if (t.kind === "pglite") {
      expect(fast).toBeUndefined();
      return { slow, slowCase, fastCase: null, fastAnswer: null };
    }
    expect(fast).toBeTypeOf("function");
    const fastCase = await make(s, base);
    const fastAnswer = await validateSessionToken(t.prisma, fastCase.token, fast);
    expect(shape(fastAnswer)).toEqual(shape(slow));
    if (slow) {
      expect(fastAnswer!.session.id).toBe(fastCase.session.id);
      expect(fastAnswer!.user.id).toBe(fastCase.userId);
    }
    return { slow, slowCase, fastCase, fastAnswer };
  }

  it("a valid session: same user, session and timestamps (read in UTC) on both paths", async () => {
    const { slow, slowCase, fastAnswer, fastCase } = await both({ expiresIn: 25 * DAY, lastSeenAgo: 1000 });
    expect(slow).not.toBeNull();
    expect(slow!.session).toEqual({ id: slowCase.session.id, userId: slowCase.userId, expires: slowCase.session.expires, createdAt: slowCase.session.createdAt, fresh: false });
    expect(slow!.user).toMatchObject({ id: slowCase.userId, role: "TRAINEE", status: "ACTIVE", adminLevel: null, hasPassword: true, avatar: expect.stringMatching(/^\/api\/images\/\d+\.webp$/) });
    expect(slow!.user.emailVerified).toEqual(VERIFIED_AT);
    if (fastCase) {
      expect(fastAnswer!.session.expires).toEqual(fastCase.session.expires);
      expect(fastAnswer!.session.createdAt).toEqual(fastCase.session.createdAt);
    }
    // Neither wrote anything: nothing was due.
    expect(await row(slowCase.session.id)).toEqual({ expires: slowCase.session.expires, lastSeenAt: slowCase.session.lastSeenAt });
    if (fastCase) expect(await row(fastCase.session.id)).toEqual({ expires: fastCase.session.expires, lastSeenAt: fastCase.session.lastSeenAt });
  });

  // PostgreSQL only: the fast path parses `timestamp` columns itself (server/db/client.ts).
  // (On PGlite, the adapter reads them in the process's local zone: run the server in UTC.)
  if (t.kind === "postgres") it("timestamps are UTC on the fast path whatever the process's time zone (it parses them itself)", async () => {
    process.env.TZ = "America/Los_Angeles";
    try {
      const { slow, slowCase, fastAnswer, fastCase } = await both({ expiresIn: 20 * DAY, lastSeenAgo: 1000 });
      expect(slow!.session.expires.getTime()).toBe(slowCase.session.expires.getTime());
      if (fastCase) {
        expect(fastAnswer!.session.expires.getTime()).toBe(fastCase.session.expires.getTime());
        expect(fastAnswer!.session.createdAt.getTime()).toBe(fastCase.session.createdAt.getTime());
      }
    } finally {
      if (originalTz === undefined) delete process.env.TZ;
      else process.env.TZ = originalTz;
    }
  });

  it("an admin: access level and role come through; a provider-only account has no password", async () => {
    const { slow } = await both({ role: "ADMIN", expiresIn: 25 * DAY, lastSeenAgo: 1000, password: false });
    expect(slow!.user).toMatchObject({ role: "ADMIN", adminLevel: 2, hasPassword: false });
  });

  it("expired: no session, and the row is deleted", async () => {
    const { slow, slowCase, fastCase } = await both({ expiresIn: -1000, lastSeenAgo: 1000 });
    expect(slow).toBeNull();
    expect(await row(slowCase.session.id)).toBeNull();
    if (fastCase) expect(await row(fastCase.session.id)).toBeNull();
  });

  it("revoked (row gone) and malformed tokens: no session", async () => {
    const { slow } = await both({ expiresIn: 25 * DAY, lastSeenAgo: 1000, revoked: true });
    expect(slow).toBeNull();
    for (const bad of ["", "x", "A".repeat(32), `${generateToken()}a`, generateToken().replace(/.$/, "1")]) {
      expect(await validateSessionToken(t.prisma, bad)).toBeNull();
      if (t.db.preparedQuery) expect(await validateSessionToken(t.prisma, bad, t.db.preparedQuery)).toBeNull();
    }
  });

  it("suspended or deactivated account: no session, and the row is deleted", async () => {
    for (const status of ["SUSPENDED", "DEACTIVATED"] as const) {
      const { slow, slowCase, fastCase } = await both({ status, expiresIn: 25 * DAY, lastSeenAgo: 1000 });
      expect(slow).toBeNull();
      expect(await row(slowCase.session.id)).toBeNull();
      if (fastCase) expect(await row(fastCase.session.id)).toBeNull();
    }
  });

  it("renewal due: a fresh 30-day expiry, written before the answer, on both paths", async () => {
    const before = Date.now();
    const { slow, slowCase, fastAnswer, fastCase } = await both({ expiresIn: SESSION_RENEW_WITHIN_MS - DAY, lastSeenAgo: 1000 });
    const after = Date.now();
    for (const [answer, c] of [[slow, slowCase], [fastAnswer, fastCase]] as const) {
      if (!c) continue;
      expect(answer!.session.fresh).toBe(true);
      const exp = answer!.session.expires.getTime();
      expect(exp).toBeGreaterThanOrEqual(before + SESSION_TTL_MS);
      expect(exp).toBeLessThanOrEqual(after + SESSION_TTL_MS);
      const stored = await row(c.session.id);
      expect(stored!.expires.getTime()).toBe(exp);
      expect(stored!.lastSeenAt.getTime()).toBeGreaterThanOrEqual(before);
    }
  });

  it("last seen due: the answer does not change, and last_seen_at is written (off the answer's path)", async () => {
    const before = Date.now();
    const { slow, slowCase, fastAnswer, fastCase } = await both({ expiresIn: 25 * DAY, lastSeenAgo: LAST_SEEN_INTERVAL_MS + 5000 });
    for (const [answer, c] of [[slow, slowCase], [fastAnswer, fastCase]] as const) {
      if (!c) continue;
      expect(answer!.session.fresh).toBe(false);
      expect(answer!.session.expires).toEqual(c.session.expires);
      // The write is not awaited by the check: wait for it to land.
      await expect.poll(async () => (await row(c.session.id))!.lastSeenAt.getTime(), { timeout: 10_000 }).toBeGreaterThanOrEqual(before);
      expect((await row(c.session.id))!.expires).toEqual(c.session.expires);
    }
  });
});
