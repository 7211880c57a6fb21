import { randomUUID } from "node:crypto";
import { SESSION_TTL_MS, type SessionUser } from "../../auth/session.ts";
import { DEVICE_TTL_MS, DEVICE_TOKEN_SHAPE } from "../../auth/known-device.ts";
import { generateToken, hashToken } from "../../auth/tokens.ts";
import { statementRunner } from "../../db/statement.ts";
import { AppError } from "../errors.ts";
import { BCRYPT_CONCURRENCY, verifyAgainstDummy, verifyPassword } from "../../auth/password.ts";
import { fifoLimiter } from "../../fifo-limiter.ts";
import { audit } from "../audit.ts";
import { endExpiredSuspensions } from "../admin/users.ts";
import type { AuthDeps } from "./deps.ts";
import { clearFailuresUnlessLocked, countUnknownEmailFailure, countWrongPassword } from "./lockout.ts";

export { LOCKOUT_MS, MAX_FAILED_ATTEMPTS, recordFailedAttempt } from "./lockout.ts";

/** One answer for an unknown email and a wrong password: no enumeration, and no talk of a pause. */
export const INVALID_CREDENTIALS_MESSAGE = "That email and password don't match. Check them and try again, or reset your password.";

/**
 * The answer while sign-in for an address is paused: the same for a locked account and for
 * an address without an account that had as many failures (see countUnknownEmailFailure).
 */
export function signInPausedMessage(minutes: number): string {
  return (
    `Sign-in for this email is paused for ${minutes} minute${minutes === 1 ? "" : "s"} after too many failed attempts. ` +
    `If it's your account, we've emailed you a link that unlocks it right away; you can also reset your password.`
  );
}

const invalid = () => new AppError("unauthenticated", "INVALID_CREDENTIALS", INVALID_CREDENTIALS_MESSAGE);

function paused(until: Date, now = new Date()): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError("rate-limited", "SIGN_IN_PAUSED", signInPausedMessage(Math.ceil(seconds / 60)), { retryAfterSeconds: seconds });
}

type SignedIn = {
  token: string;
  expires: Date;
  device: { token: string; expires: Date };
  user: Pick<SessionUser, "id" | "role" | "emailVerified" | "status">;
};

/**
 * Password sign-ins doing their database work and hash at once: two per bcrypt thread (one
 * hashing, one looking up or recording). The hashes bound the rate anyway; what this bounds is
 * the burst at the start of a login storm, when every attempt would otherwise look up its user
 * at the same moment and the requests of signed-in people would wait behind all of those
 * lookups (bench/login-storm.ts). The rest wait their turn, in order, holding nothing but
 * their request. The rate limits are counted before this, so a refused attempt never waits.
 */
export const SIGN_IN_CONCURRENCY = BCRYPT_CONCURRENCY * 2;
/**
 * A sign-in holds its slot for a hash and a few queries, well under a second; one still running
 * after this long (a query that never answers) lets the next one in rather than blocking every
 * sign-in in the process.
 */
export const SIGN_IN_SLOT_RELEASE_MS = 15_000;
const signInSlots = fifoLimiter(SIGN_IN_CONCURRENCY, { releaseAfterMs: SIGN_IN_SLOT_RELEASE_MS });

/** Password sign-ins running and waiting for a slot in this process (tests, diagnostics). */
export function signInsInProgress(): { running: number; waiting: number } {
  return { running: signInSlots.running, waiting: signInSlots.waiting };
}

export function signIn(
  deps: AuthDeps,
  input: { email: string; password: string },
  /** The device cookie this browser presented, if any (rotated on success). */
  presentedDevice?: string,
): Promise<SignedIn> {
  return signInSlots(() => signInNow(deps, input, presentedDevice));
}

/** The account of an email, for a password sign-in. */
const USER_BY_EMAIL_SQL = `
  SELECT id, password, status::text AS status, role::text AS role, email_verified, suspended_until
    FROM users WHERE email = $1`;

type UserRow = {
  id: string;
  password: string | null;
  status: SessionUser["status"];
  role: SessionUser["role"];
  email_verified: Date | null;
  suspended_until: Date | null;
};

/**
 * A successful password check, in one statement (its parts see one snapshot and commit
 * together, as the transaction of recordSignIn and rememberDevice did):
 * - `cleared`: the lock is checked and cleared in one conditional UPDATE, after the password
 *   check (a lock reached meanwhile by parallel failures holds: no row, nothing else happens),
 *   with `last_login_at` (and `updated_at`, as Prisma's update set it). The same condition
 *   holds the credentials and standing the check was made against: the password hash that was
 *   verified ($12), the email signed in with ($13), an account neither suspended nor
 *   deactivated. A password reset or change, an email change, a suspension or a deactivation
 *   that committed after the account was read (each ends the sessions there were, in the
 *   transaction that updates this row) leaves no row either, so no session outlives it; one
 *   still under way holds the row, and this UPDATE waits for it and then reads its outcome.
 * - the lock's unlock links go (an unlock link has nothing left to do);
 * - the session; the SIGN_IN audit row (method, session, newDevice: no earlier SIGN_IN of this
 *   user with this user agent, read in the statement's snapshot, before its own row);
 * - the device cookie's new value, remembered for this user; the accounts the presented value
 *   ($11, null when none or malformed) was known for move to the new value, and what is left
 *   of the presented value goes (this user's row, expired ones) — two disjoint sets of rows.
 * $1 user, $2 now, $3 session id, $4 session token hash, $5 user agent, $6 session expiry,
 * $7 IP, $8 audit id, $9 new device hash, $10 device expiry, $11 presented device hash,
 * $12 the password hash verified, $13 the email.
 */
const SIGNED_IN_SQL = `
  WITH cleared AS (
    UPDATE users SET failed_login_attempts = 0, locked_until = NULL, last_login_at = $2::timestamp, updated_at = $2::timestamp
     WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2::timestamp)
       AND password = $12::text AND email = $13::text AND status NOT IN ('SUSPENDED', 'DEACTIVATED')
    RETURNING id
  ), unlock_links AS (
    DELETE FROM verification_tokens WHERE user_id IN (SELECT id FROM cleared) AND purpose = 'ACCOUNT_UNLOCK'
  ), seen AS (
    SELECT EXISTS (
      SELECT 1 FROM audit_logs
       WHERE user_id = $1 AND action = 'SIGN_IN' AND (user_agent = $5::text OR ($5::text IS NULL AND user_agent IS NULL))
    ) AS seen
  ), session AS (
    INSERT INTO sessions (id, session_token, user_id, expires, ip_address, user_agent, created_at, last_seen_at)
    SELECT $3::text, $4::text, id, $6::timestamp, $7::text, $5::text, $2::timestamp, $2::timestamp FROM cleared
    RETURNING id, expires
  ), audited AS (
    INSERT INTO audit_logs (id, user_id, target_user_id, action, details, ip_address, user_agent, created_at)
    SELECT $8::text, $1, $1, 'SIGN_IN'::"AuditAction",
           jsonb_build_object('method', 'password', 'sessionId', session.id, 'newDevice', NOT seen.seen),
           $7::text, $5::text, $2::timestamp
      FROM session, seen
  ), moved AS (
    UPDATE known_devices SET token_hash = $9::text, expires = $10::timestamp
     WHERE token_hash = $11::text AND user_id <> $1 AND expires > $2::timestamp AND EXISTS (SELECT 1 FROM cleared)
  ), dropped AS (
    DELETE FROM known_devices
     WHERE token_hash = $11::text AND (user_id = $1 OR expires <= $2::timestamp) AND EXISTS (SELECT 1 FROM cleared)
  ), device AS (
    INSERT INTO known_devices (token_hash, user_id, created_at, last_used_at, expires)
    SELECT $9::text, id, $2::timestamp, $2::timestamp, $10::timestamp FROM cleared
  )
  SELECT id, expires FROM session`;

/** PostgreSQL's deadlock_detected: the statement was rolled back whole. */
const isDeadlock = (e: unknown): boolean => typeof e === "object" && e !== null && (e as { code?: unknown }).code === "40P01";

async function signInNow(deps: AuthDeps, input: { email: string; password: string }, presentedDevice?: string): Promise<SignedIn> {
  const sql = statementRunner(deps.db, deps.prepared);
  const row = (await sql<UserRow>("hirexp_sign_in_user", USER_BY_EMAIL_SQL, [input.email]))[0];
  const user = row && {
    id: row.id,
    password: row.password,
    status: row.status,
    role: row.role,
    emailVerified: row.email_verified,
    suspendedUntil: row.suspended_until,
  };
  const lockout = { db: deps.db, appUrl: deps.config.appUrl, meta: deps.meta };
  if (!user || !user.password) {
    await verifyAgainstDummy(input.password);
    const pausedUntil = await countUnknownEmailFailure(deps.db, input.email);
    await audit(deps.db, {
      action: "SIGN_IN_FAILED",
      userId: null,
      targetUserId: user?.id ?? null,
      details: { reason: user ? "no_password" : "unknown_email", email: input.email },
      meta: deps.meta,
    });
    throw pausedUntil ? paused(pausedUntil) : invalid();
  }
  const ok = await verifyPassword(input.password, user.password);
  if (!ok) {
    // Counted even during a lock (never extending it); while locked, right and wrong
    // passwords get the same answer, so the pause is no password oracle.
    const r = await countWrongPassword(lockout, user.id, "wrong_password");
    throw r.lockedUntil ? paused(r.lockedUntil) : invalid();
  }
  if (user.status === "SUSPENDED" && user.suspendedUntil && user.suspendedUntil.getTime() <= Date.now()) {
    // A dated suspension that has run out ends now rather than at the next cleanup run (unless
    // an admin suspended the account again meanwhile: then it is refused as suspended).
    if (await endExpiredSuspensions(deps.db, user.id)) user.status = "ACTIVE";
  }
  let signedIn: { token: string; session: { id: string; expires: Date }; device: { token: string; expires: Date } } | { refused: "SUSPENDED" | "DEACTIVATED" } | null;
  if (user.status === "SUSPENDED" || user.status === "DEACTIVATED") {
    // Refused after the password check; the failures are still cleared unless a lock holds.
    const refused = user.status;
    signedIn = await deps.db.$transaction(async (tx) => ((await clearFailuresUnlessLocked(tx, user.id)) ? { refused } : null));
  } else {
    const now = new Date();
    const token = generateToken();
    const device = { token: generateToken(), expires: new Date(now.getTime() + DEVICE_TTL_MS) };
    const userAgent = deps.meta.userAgent?.slice(0, 512) ?? null;
    const presented = presentedDevice && DEVICE_TOKEN_SHAPE.test(presentedDevice) ? hashToken(presentedDevice) : null;
    const values = [
      user.id,
      now.toISOString(),
      randomUUID(),
      hashToken(token),
      userAgent,
      new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
      deps.meta.ipAddress,
      randomUUID(),
      hashToken(device.token),
      device.expires.toISOString(),
      presented,
      user.password,
      input.email,
    ];
    const signedInNow = () => sql<{ id: string; expires: Date }>("hirexp_signed_in", SIGNED_IN_SQL, values);
    // One browser signing in to two accounts it is known for at the same moment (two tabs): each
    // statement moves the other account's device row and drops its own, so they lock the two rows
    // in opposite orders and PostgreSQL may end one of them as a deadlock. The statement is all or
    // nothing, so it runs once more (the other one has finished by then) rather than fail.
    const rows = await signedInNow().catch((e: unknown) => {
      if (!isDeadlock(e)) throw e;
      return signedInNow();
    });
    signedIn = rows[0] ? { token, session: rows[0], device } : null;
  }
  if (!signedIn) {
    // Why the account was not signed in, as it is now: a lock (parallel failures) answers as a
    // lock does, whatever else changed; then credentials that changed meanwhile (the password
    // given is no longer the account's, or the email no longer its address) answer as a wrong
    // password would, without counting toward the lockout (it was right when checked); then a
    // suspension or deactivation as the refusals below.
    const current = await deps.db.user.findUnique({ where: { id: user.id }, select: { lockedUntil: true, password: true, email: true, status: true } });
    const failed = async (reason: string) => {
      const entry = { action: "SIGN_IN_FAILED" as const, userId: null, targetUserId: current ? user.id : null, details: { reason }, meta: deps.meta };
      await audit(deps.db, entry).catch((e: unknown) => {
        // The account was deleted since it was read (its foreign key refused the row): on record without it.
        if ((e as { code?: string } | null)?.code !== "P2003") throw e;
        return audit(deps.db, { ...entry, targetUserId: null });
      });
    };
    if (current?.lockedUntil && current.lockedUntil.getTime() > Date.now()) {
      await failed("locked");
      throw paused(current.lockedUntil);
    }
    if (!current || current.password !== user.password || current.email !== input.email) {
      await failed("credentials_changed");
      throw invalid();
    }
    if (current.status !== "SUSPENDED" && current.status !== "DEACTIVATED") {
      // A lock that ended between the statement and this read.
      await failed("locked");
      throw paused(new Date(Date.now() + 60_000));
    }
    // Refused as an account suspended before the sign-in is: the password was right, so the
    // failures before it are cleared (unless a lock began in the meantime; it stands).
    await deps.db.$transaction((tx) => clearFailuresUnlessLocked(tx, user.id));
    signedIn = { refused: current.status };
  }
  if ("refused" in signedIn) {
    if (signedIn.refused === "SUSPENDED") {
      throw new AppError("forbidden", "ACCOUNT_SUSPENDED", "This account is suspended. Contact support if you think this is a mistake.");
    }
    throw new AppError("forbidden", "ACCOUNT_DEACTIVATED", "This account was deactivated. Contact support to reactivate it.");
  }
  return {
    token: signedIn.token,
    expires: signedIn.session.expires,
    device: signedIn.device,
    user: { id: user.id, role: user.role, emailVerified: user.emailVerified, status: user.status },
  };
}
