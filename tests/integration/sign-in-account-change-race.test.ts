// A sign-in is checked (password, status) before it writes its session; an account change that
// commits in between — a password reset, a suspension — ends the sessions there are, in the
// transaction that updates the user row. The sign-in's write is conditional on what it checked,
// on the row that change left, so no session outlives the change: the password sign-in
// (SIGNED_IN_SQL) and the provider sign-in (recordSignIn) alike. Each change here is held open on
// its own connection, so the sign-in is seen waiting for its row lock before it commits. Needs two
// connections: real PostgreSQL.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { hashToken } from "../../server/auth/tokens.ts";
import { openDatabase, type Database } from "../../server/db/client.ts";
import { migrate } from "../../server/db/migrate.ts";
import { endExpiredSuspensions } from "../../server/services/admin/users.ts";
import { oauthSignIn } from "../../server/services/auth/oauth-sign-in.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { startTestApp, trpcError, type TestApp } from "../helpers/app.ts";
import { createPostgresDatabaseUrl, describeRealPostgres } from "../helpers/db.ts";

const PASSWORD = "correct horse battery staple";
const SLOW = { timeout: 120_000 }; // bcrypt cost 12 on a busy 2-core machine
let seq = 0;

describeRealPostgres("a sign-in racing an account change", () => {
  let db: Database;
  let url: string;
  let drop: () => Promise<void>;
  let app: TestApp;
  let hash: string;
  // Watches the others' lock waits from outside any transaction: inside one, pg_stat_activity is
  // read once and kept until the transaction ends.
  let watcher: pg.Client;
  beforeAll(async () => {
    ({ url, drop } = await createPostgresDatabaseUrl());
    // PostgreSQL looks for a deadlock once, deadlock_timeout after a wait begins (1 s by default);
    // 3 s gives the deadlock test room to close its cycle on a busy machine before that look.
    // Best effort: setting it takes a superuser (the test's own server is run as one).
    const owner = new pg.Client({ connectionString: url });
    await owner.connect();
    try {
      const { rows } = await owner.query<{ db: string }>("SELECT current_database() AS db");
      await owner.query(`ALTER DATABASE "${rows[0]!.db}" SET deadlock_timeout = '3s'`).catch(() => undefined);
    } finally {
      await owner.end();
    }
    db = await openDatabase({ databaseUrl: url, poolSize: 4 });
    await migrate(db.sql);
    app = await startTestApp(db);
    hash = await hashPassword(PASSWORD);
    watcher = new pg.Client({ connectionString: url });
    await watcher.connect();
  }, SLOW.timeout);
  afterAll(async () => {
    await watcher?.end();
    await app?.close();
    await db?.close();
    await drop?.();
  });

  const user = async () => {
    const email = `racer-${++seq}@example.com`;
    const u = await createUser(db.prisma, { email, passwordHash: hash, name: "Rae Racer" });
    return { id: u.id, email };
  };
  /** Statements of this database waiting for a lock (a condition to poll, not a sleep). */
  const lockWaits = async () =>
    (await watcher.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).rows[0]!.n;
  const sessions = (userId: string) => db.prisma.session.count({ where: { userId } });

  /**
   * Runs `change` in a transaction on its own connection and, before it commits, starts
   * `signIn`; commits (or rolls back) once the sign-in waits for the change's row lock.
   */
  async function racing<T>(change: (c: pg.Client) => Promise<void>, signIn: () => Promise<T>, end: "COMMIT" | "ROLLBACK" = "COMMIT"): Promise<T> {
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query("BEGIN");
      await change(other);
      const result = signIn().then(
        (v) => ({ ok: true as const, v }),
        (e: unknown) => ({ ok: false as const, e }),
      );
      // A condition, not a sleep: the sign-in's statement is waiting for the change's row lock.
      await expect.poll(lockWaits, { timeout: 60_000, interval: 20 }).toBe(1);
      await other.query(end);
      const r = await result;
      if (!r.ok) throw r.e;
      return r.v;
    } finally {
      await other.end();
    }
  }

  const endSessions = (c: pg.Client, userId: string) => c.query("DELETE FROM sessions WHERE user_id = $1", [userId]);

  /**
   * A sign-in with the right password while an account change is under way: `update` (one
   * statement on the user's row, `$1` its id) and the end of its sessions, as each such flow
   * does in one transaction, committed once the sign-in waits. The sign-in's error.
   */
  const signInDuring = (u: { id: string; email: string }, client: ReturnType<TestApp["client"]>, update: string, params: unknown[] = []) =>
    racing(
      async (c) => {
        await c.query(update, [u.id, ...params]);
        await endSessions(c, u.id);
      },
      () => trpcError(client.signIn(u.email, PASSWORD)),
    );

  it("a password reset that commits during the sign-in: the old password is refused, no session is left, nothing is counted", SLOW, async () => {
    const u = await user();
    const newHash = await hashPassword("a brand new passphrase 2026");
    const client = app.client();
    // What the reset's transaction does to the row (password-reset.ts).
    const err = await signInDuring(u, client, "UPDATE users SET password = $2, failed_login_attempts = 0, locked_until = NULL WHERE id = $1", [newHash]);
    expect(err.data?.appCode).toBe("INVALID_CREDENTIALS");
    expect([...client.cookies.keys()].filter((k) => k.includes("session"))).toEqual([]);
    expect(await sessions(u.id)).toBe(0);
    const row = await db.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { failedLoginAttempts: true, lastLoginAt: true } });
    expect(row).toEqual({ failedLoginAttempts: 0, lastLoginAt: null });
    const failed = await db.prisma.auditLog.findMany({ where: { targetUserId: u.id, action: "SIGN_IN_FAILED" }, select: { details: true } });
    expect(failed.map((f) => (f.details as { reason?: string }).reason)).toEqual(["credentials_changed"]);
    expect(await db.prisma.auditLog.count({ where: { userId: u.id, action: "SIGN_IN" } })).toBe(0);
  });

  it("an email change that commits during the sign-in: the old address no longer signs in, no session", SLOW, async () => {
    const u = await user();
    const client = app.client();
    const err = await signInDuring(u, client, "UPDATE users SET email = $2 WHERE id = $1", [`moved-${seq}@example.com`]);
    expect(err.data?.appCode).toBe("INVALID_CREDENTIALS");
    expect(await sessions(u.id)).toBe(0);
  });

  it.each([
    ["SUSPENDED", "ACCOUNT_SUSPENDED"],
    ["DEACTIVATED", "ACCOUNT_DEACTIVATED"],
  ])("an account %s while the sign-in runs: refused as such (%s), no session, earlier failures cleared", SLOW, async (status, appCode) => {
    const u = await user();
    await db.prisma.user.update({ where: { id: u.id }, data: { failedLoginAttempts: 3 } });
    const client = app.client();
    const err = await signInDuring(u, client, `UPDATE users SET status = '${status}' WHERE id = $1`);
    expect(err.data?.appCode).toBe(appCode);
    expect(await sessions(u.id)).toBe(0);
    expect(await db.prisma.auditLog.count({ where: { userId: u.id, action: "SIGN_IN" } })).toBe(0);
    // The password was right: as when the account was already suspended, the failures before it are cleared.
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { failedLoginAttempts: true } })).failedLoginAttempts).toBe(0);
  });

  it("an account deleted just after the sign-in found its password changed: still a wrong password, not a server error", SLOW, async () => {
    const u = await user();
    const client = app.client();
    const reset = new pg.Client({ connectionString: url });
    const deletion = new pg.Client({ connectionString: url });
    await reset.connect();
    await deletion.connect();
    try {
      await reset.query("BEGIN");
      await reset.query("UPDATE users SET password = $2 WHERE id = $1", [u.id, await hashPassword("another password entirely")]);
      const answer = trpcError(client.signIn(u.email, PASSWORD));
      await expect.poll(lockWaits, { timeout: 60_000, interval: 20 }).toBe(1); // the sign-in's statement
      await deletion.query("BEGIN");
      const deleted = deletion.query("DELETE FROM users WHERE id = $1", [u.id]);
      await expect.poll(lockWaits, { timeout: 60_000, interval: 20 }).toBe(2); // and the deletion, behind it
      // The sign-in's statement goes first and finds the password changed; the deletion then
      // takes the row and holds it; the sign-in reads the account (still there for it) and
      // records the failure, whose foreign key waits for the deletion.
      await reset.query("COMMIT");
      await deleted;
      await expect.poll(lockWaits, { timeout: 60_000, interval: 20 }).toBe(1);
      await deletion.query("COMMIT");
      const err = await answer;
      expect(err.data?.appCode).toBe("INVALID_CREDENTIALS");
      expect(await db.prisma.auditLog.count({ where: { action: "SIGN_IN_FAILED", targetUserId: null, details: { path: ["reason"], equals: "credentials_changed" } } })).toBeGreaterThanOrEqual(1);
    } finally {
      await reset.end();
      await deletion.end();
    }
  });

  it("a change that rolls back: the sign-in waits for it and then signs in", SLOW, async () => {
    const u = await user();
    const client = app.client();
    const me = await racing(
      async (c) => {
        await c.query("UPDATE users SET status = 'SUSPENDED' WHERE id = $1", [u.id]);
      },
      () => client.signIn(u.email, PASSWORD),
      "ROLLBACK",
    );
    expect(me).toMatchObject({ userId: u.id });
    expect(await sessions(u.id)).toBe(1);
    expect(await client.trpc.auth.me.query()).toMatchObject({ id: u.id });
  });

  it("one browser signing in to an account while another transaction holds the device rows in the other order: the deadlock ends in a sign-in, not an error", SLOW, async () => {
    // The browser is known for two accounts (it signed in to one, then the other): one device
    // cookie, a row for each account. Two tabs signing in to both at once lock those rows in
    // opposite orders; here a transaction of our own plays the other tab, holding one row and
    // then asking for the other once the sign-in waits for the first.
    const a = await user();
    const b = await user();
    const browser = app.client();
    await browser.signIn(a.email, PASSWORD);
    await browser.signIn(b.email, PASSWORD);
    const deviceCookie = [...browser.cookies].find(([k]) => k.includes("device"))![1];
    const tokenHash = hashToken(deviceCookie);
    const rows = await db.prisma.knownDevice.findMany({ where: { tokenHash }, select: { userId: true } });
    expect(rows.map((r) => r.userId).sort()).toEqual([a.id, b.id].sort());

    // The database's deadlocks so far: the test checks that one happened (not a pass by luck of order).
    const deadlocks = async () => (await watcher.query<{ n: number }>("SELECT deadlocks::int AS n FROM pg_stat_database WHERE datname = current_database()")).rows[0]!.n;
    const deadlocksBefore = await deadlocks();
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query("SELECT 1 FROM known_devices WHERE token_hash = $1 AND user_id = $2 FOR UPDATE", [tokenHash, b.id]);
      const signingIn = browser.signIn(a.email, PASSWORD).then(
        (v) => ({ ok: true as const, v }),
        (e: unknown) => ({ ok: false as const, e }),
      );
      // The sign-in has taken a's row (it drops it) and waits for b's (it moves it to the new
      // cookie); asking for a's closes the cycle, and PostgreSQL ends the sign-in's statement
      // (it waited first, so its own check finds the cycle).
      await expect.poll(lockWaits, { timeout: 60_000, interval: 20 }).toBe(1);
      await other.query("UPDATE known_devices SET last_used_at = last_used_at WHERE token_hash = $1 AND user_id = $2", [tokenHash, a.id]);
      // The statement runs again and now waits for this transaction's rows (a sign-in that
      // failed instead ends the wait with its error).
      await Promise.race([
        expect.poll(lockWaits, { timeout: 60_000, interval: 20 }).toBe(1),
        signingIn.then((r) => {
          if (!r.ok) throw r.e;
        }),
      ]);
      await other.query("COMMIT");
      const r = await signingIn;
      if (!r.ok) throw r.e;
      expect(r.v).toMatchObject({ userId: a.id });
    } finally {
      await other.end();
    }
    // The sign-in's statement was the one PostgreSQL ended (ours went on), and it is counted once
    // the server reports its statistics (within 10 s of going idle).
    await expect.poll(deadlocks, { timeout: 30_000, interval: 200 }).toBe(deadlocksBefore + 1);
    expect(await browser.trpc.auth.me.query()).toMatchObject({ id: a.id });
  });

  it("a suspension's automatic end racing an admin who suspends the account again: the new suspension stays", SLOW, async () => {
    const u = await user();
    // A dated suspension that has run out, not yet lifted (the cleanup job, or a sign-in, will).
    await db.prisma.user.update({ where: { id: u.id }, data: { status: "SUSPENDED", suspendedUntil: new Date(Date.now() - 60_000) } });
    const until = new Date(Date.now() + 86_400_000);
    const ended = await racing(
      async (c) => {
        // The admin's new suspension (suspendUser: the row, then the sessions), not yet committed.
        await c.query("UPDATE users SET status = 'SUSPENDED', suspended_until = $2 WHERE id = $1", [u.id, until.toISOString()]);
        await endSessions(c, u.id);
      },
      () => endExpiredSuspensions(db.prisma, u.id),
    );
    expect(ended).toBe(0);
    const row = await db.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { status: true, suspendedUntil: true } });
    expect(row).toEqual({ status: "SUSPENDED", suspendedUntil: until });
    expect(await db.prisma.auditLog.count({ where: { targetUserId: u.id, action: "USER_ACTIVATED" } })).toBe(0);
    // And the right password is refused as suspended.
    expect((await trpcError(app.client().signIn(u.email, PASSWORD))).data?.appCode).toBe("ACCOUNT_SUSPENDED");
  });

  it("a provider sign-in during a suspension that commits: account_inactive, no session, the provider's tokens not stored", SLOW, async () => {
    const u = await user();
    await db.prisma.user.update({ where: { id: u.id }, data: { emailVerified: new Date() } });
    const providerAccountId = `sub-${seq}`;
    await db.prisma.account.create({
      data: { userId: u.id, type: "oidc", provider: "google", providerAccountId, access_token: "old-token" },
    });
    const deps = { db: db.prisma, config: app.config, meta: { ipAddress: "203.0.113.9", userAgent: "HireXp-Test/1.0" } };
    const identity = {
      provider: "google" as const,
      providerAccountId,
      email: u.email,
      emailVerified: true,
      name: null,
      avatar: null,
      tokens: { accessToken: "new-token", refreshToken: null, expiresAt: null, tokenType: "Bearer", scope: null, idToken: null },
    };
    const result = await racing(
      async (c) => {
        await c.query("UPDATE users SET status = 'SUSPENDED' WHERE id = $1", [u.id]);
        await endSessions(c, u.id);
      },
      () => oauthSignIn(deps, identity),
    );
    expect(result).toEqual({ ok: false, code: "account_inactive" });
    expect(await sessions(u.id)).toBe(0);
    // The transaction rolled back: the token columns it had updated are as they were.
    const account = await db.prisma.account.findFirstOrThrow({ where: { userId: u.id }, select: { access_token: true } });
    expect(account.access_token).toBe("old-token");
  });
});
