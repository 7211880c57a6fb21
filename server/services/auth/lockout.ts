// The account lockout, shared by the password sign-in and the procedures that check the
// current password (change password, email change, deactivate):
//   - 5 wrong passwords lock the account for 15 minutes. Counting is one SQL statement (exact
//     under parallel attempts); the statement that reaches the threshold sets the lock, and
//     only that one writes ACCOUNT_LOCKED and queues the lockout mail (once per lock).
//     Attempts during a lock are counted but never extend it.
//   - A correct password clears the count only through a conditional UPDATE that refuses
//     while a lock is in force, so a lock reached by concurrent failures holds.
//   - The lockout mail carries a one-time unlock link (a verification token of purpose
//     ACCOUNT_UNLOCK, SHA-256 at rest). It is bound to the lock that sent it: it works only
//     while that very lock is in force (its expiry equals the lock's end), so it dies when
//     the lock ends or is cleared by a sign-in, a password reset or another link, and it is
//     deleted when the password changes.
import { generateToken, hashToken } from "../../auth/tokens.ts";
import { RATE_RULES } from "../../auth/rate-limit.ts";
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import { enqueueMail } from "../../mail/outbox.ts";
import * as mails from "../../mail/templates.ts";
import { audit, type RequestMeta } from "../audit.ts";
import { AppError } from "../errors.ts";

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
/** How long failures at an unknown address are remembered when they do not lead to a pause. */
const UNKNOWN_EMAIL_MEMORY_MS = 24 * 60 * 60 * 1000;

type Tx = PrismaClient | Prisma.TransactionClient;
export type LockoutDeps = { db: PrismaClient; appUrl: string; meta: RequestMeta };

export const UNLOCK_PATH = "/unlock-account";

const minutesLeft = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
const secondsLeft = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));

/**
 * Counts a failed attempt atomically. Reaching the limit locks the account for 15 minutes;
 * a lock is not extended by further attempts, and the count starts over once a lock has run
 * out. `justLocked` is true for exactly one statement per lock: the one whose increment
 * reached the threshold (row locks serialise the increments).
 */
export async function recordFailedAttempt(
  db: Tx,
  userId: string,
  now = new Date(),
): Promise<{ attempts: number; lockedUntil: Date | null; justLocked: boolean }> {
  const lockUntil = new Date(now.getTime() + LOCKOUT_MS);
  const rows = await db.$queryRaw<{ failed_login_attempts: number; locked_until: Date | null }[]>`
    UPDATE users SET
      failed_login_attempts = CASE
        WHEN locked_until IS NOT NULL AND locked_until <= ${now} THEN 1
        ELSE failed_login_attempts + 1 END,
      locked_until = CASE
        WHEN locked_until IS NOT NULL AND locked_until > ${now} THEN locked_until
        WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= ${now} THEN 1
                   ELSE failed_login_attempts + 1 END) >= ${MAX_FAILED_ATTEMPTS} THEN ${lockUntil}
        ELSE NULL END
    WHERE id = ${userId}
    RETURNING failed_login_attempts, locked_until`;
  const row = rows[0];
  const attempts = row?.failed_login_attempts ?? 0;
  const lockedUntil = row?.locked_until ?? null;
  return { attempts, lockedUntil, justLocked: attempts === MAX_FAILED_ATTEMPTS && lockedUntil !== null };
}

/**
 * A wrong password for an existing account, from the sign-in or a password check: counted,
 * audited (SIGN_IN_FAILED with `reason`), and when it locks the account, ACCOUNT_LOCKED plus
 * the lockout mail with its unlock link — all in one transaction. Returns the lock's end
 * when the account is locked now (just locked or already).
 */
export async function countWrongPassword(
  deps: LockoutDeps,
  userId: string,
  reason: string,
  now = new Date(),
): Promise<{ lockedUntil: Date | null }> {
  return deps.db.$transaction(async (tx) => {
    const r = await recordFailedAttempt(tx, userId, now);
    await audit(tx, { action: "SIGN_IN_FAILED", userId: null, targetUserId: userId, details: { reason, attempts: r.attempts }, meta: deps.meta });
    if (r.justLocked && r.lockedUntil) {
      await audit(tx, { action: "ACCOUNT_LOCKED", userId: null, targetUserId: userId, details: { until: r.lockedUntil.toISOString(), minutes: LOCKOUT_MS / 60_000 }, meta: deps.meta });
      await sendLockoutMail(tx, deps.appUrl, userId, r.lockedUntil, now);
    }
    return { lockedUntil: r.lockedUntil && r.lockedUntil.getTime() > now.getTime() ? r.lockedUntil : null };
  });
}

async function sendLockoutMail(tx: Prisma.TransactionClient, appUrl: string, userId: string, lockedUntil: Date, now: Date): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, profile: { select: { name: true } } } });
  if (!user) return;
  const token = generateToken();
  await tx.verificationToken.deleteMany({ where: { userId, purpose: "ACCOUNT_UNLOCK" } });
  await tx.verificationToken.create({
    data: { email: user.email, token: hashToken(token), expires: lockedUntil, userId, purpose: "ACCOUNT_UNLOCK" },
    select: { id: true },
  });
  const url = `${appUrl}${UNLOCK_PATH}?token=${token}`;
  await enqueueMail(tx, { to: user.email, kind: "account-locked", ...mails.accountLocked({ name: user.profile?.name ?? null, url, minutes: minutesLeft(lockedUntil, now) }) });
}

/**
 * After a correct password: clears the failure count — only if no lock is in force, in the
 * same statement that checks it. False means the account is locked (possibly by failures
 * that ran in parallel with this attempt) and the caller must refuse.
 */
export async function clearFailuresUnlessLocked(tx: Tx, userId: string, now = new Date()): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    UPDATE users SET failed_login_attempts = 0, locked_until = NULL
    WHERE id = ${userId} AND (locked_until IS NULL OR locked_until <= ${now})
    RETURNING id`;
  if (rows.length === 0) return false;
  // The lock (if any) is over: an unlock link from it has nothing left to do.
  await tx.verificationToken.deleteMany({ where: { userId, purpose: "ACCOUNT_UNLOCK" } });
  return true;
}

/** The error of a password check refused because the account is locked (signed-in callers). */
export function lockedError(lockedUntil: Date, now = new Date()): AppError {
  const minutes = minutesLeft(lockedUntil, now);
  return new AppError(
    "rate-limited",
    "ACCOUNT_LOCKED",
    `Too many wrong passwords: password checks on your account are paused for ${minutes} minute${minutes === 1 ? "" : "s"}. ` +
      `The email we sent you has a link that unlocks it now; you can also reset your password.`,
    { retryAfterSeconds: secondsLeft(lockedUntil, now) },
  );
}

/** The lock in force on the account, if any (for refusing a password check up front). */
export async function lockInForce(db: Tx, userId: string, now = new Date()): Promise<Date | null> {
  const u = await db.user.findUnique({ where: { id: userId }, select: { lockedUntil: true } });
  return u?.lockedUntil && u.lockedUntil.getTime() > now.getTime() ? u.lockedUntil : null;
}

/**
 * Wrong password for a signed-in user's password check (change password, email change,
 * deactivate): counts toward the lockout; throws ACCOUNT_LOCKED when this locked the
 * account, otherwise `wrong`.
 */
export async function failPasswordCheck(deps: LockoutDeps, userId: string, reason: string, wrong: AppError): Promise<never> {
  const now = new Date();
  const r = await countWrongPassword(deps, userId, reason, now);
  if (r.lockedUntil) throw lockedError(r.lockedUntil, now);
  throw wrong;
}

/**
 * Failed sign-ins at an address with no password account (unknown, or provider-only) are
 * counted like an account's (in rate_limits, key signInFail:<email>): after 5 the address is
 * "paused" for 15 minutes, not extended by further attempts. So the pause answer says
 * nothing about whether an account exists. Returns the pause's end when paused.
 */
export async function countUnknownEmailFailure(db: Tx, email: string, now = new Date()): Promise<Date | null> {
  const key = `signInFail:${email}`;
  const lockUntil = new Date(now.getTime() + LOCKOUT_MS);
  const idleUntil = new Date(now.getTime() + UNKNOWN_EMAIL_MEMORY_MS);
  const rows = await db.$queryRaw<{ count: number; expires_at: Date }[]>`
    INSERT INTO rate_limits (key, count, window_start, expires_at)
    VALUES (${key}, 1, ${now}, ${idleUntil})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limits.expires_at <= ${now} THEN 1 ELSE rate_limits.count + 1 END,
      window_start = CASE WHEN rate_limits.expires_at <= ${now} THEN ${now} ELSE rate_limits.window_start END,
      expires_at = CASE
        WHEN rate_limits.expires_at <= ${now} THEN ${idleUntil}
        WHEN rate_limits.count >= ${MAX_FAILED_ATTEMPTS} THEN rate_limits.expires_at
        WHEN rate_limits.count + 1 >= ${MAX_FAILED_ATTEMPTS} THEN ${lockUntil}
        ELSE rate_limits.expires_at END
    RETURNING count, expires_at`;
  const row = rows[0];
  return row && row.count >= MAX_FAILED_ATTEMPTS && row.expires_at.getTime() > now.getTime() ? row.expires_at : null;
}

const INVALID_UNLOCK = "This unlock link is invalid, used or expired. Your account may already be unlocked: try signing in, or reset your password.";

/**
 * Opens the lockout mail's link: single use; works only while the lock that sent it is still
 * in force. Clears the lock, the failure count and the address's sign-in rate limit, and
 * audits ACCOUNT_UNLOCKED. It does not sign in: the password is still needed (see
 * docs/decisions/007-lockout-unlock-link.md).
 */
export async function unlockAccount(deps: { db: PrismaClient; meta: RequestMeta }, token: string, now = new Date()): Promise<{ ok: true }> {
  const tokenHash = hashToken(token);
  return deps.db.$transaction(async (tx) => {
    const row = await tx.verificationToken.findUnique({
      where: { token: tokenHash },
      select: { id: true, email: true, expires: true, userId: true, purpose: true },
    });
    if (!row || row.purpose !== "ACCOUNT_UNLOCK" || !row.userId || row.expires.getTime() <= now.getTime()) {
      throw new AppError("invalid", "INVALID_TOKEN", INVALID_UNLOCK);
    }
    const deleted = await tx.verificationToken.deleteMany({ where: { id: row.id } });
    if (deleted.count !== 1) throw new AppError("invalid", "INVALID_TOKEN", INVALID_UNLOCK);
    const unlocked = await tx.$queryRaw<{ id: string }[]>`
      UPDATE users SET failed_login_attempts = 0, locked_until = NULL
      WHERE id = ${row.userId} AND email = ${row.email} AND locked_until = ${row.expires} AND locked_until > ${now}
      RETURNING id`;
    if (unlocked.length !== 1) throw new AppError("invalid", "INVALID_TOKEN", INVALID_UNLOCK);
    // The attacker's attempts also used up the address's sign-in limit: the owner starts afresh.
    await tx.rateLimit.deleteMany({ where: { key: { in: [`${RATE_RULES.signInEmail.name}:${row.email}`] } } });
    await audit(tx, { action: "ACCOUNT_UNLOCKED", userId: row.userId, details: { method: "email_link" }, meta: deps.meta });
    return { ok: true as const };
  });
}
