import type { SessionUser } from "../../auth/session.ts";
import { AppError } from "../errors.ts";
import { verifyAgainstDummy, verifyPassword } from "../../auth/password.ts";
import { audit } from "../audit.ts";
import { endExpiredSuspensions } from "../admin/users.ts";
import type { AuthDeps } from "./deps.ts";
import { recordSignIn } from "./record-sign-in.ts";
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

/** One answer for unknown email, wrong password and locked account: no enumeration. */
export const INVALID_CREDENTIALS_MESSAGE =
  "Email or password is incorrect, or sign-in is paused after too many failed attempts. " +
  "Check them and try again in 15 minutes, or reset your password.";

const invalid = () => new AppError("unauthenticated", "INVALID_CREDENTIALS", INVALID_CREDENTIALS_MESSAGE);

/**
 * Counts a failed attempt atomically (exact under parallel attempts). Reaching the limit
 * locks the account for 15 minutes; a lock is not extended by further attempts, and the
 * count starts over once a lock has run out.
 */
export async function recordFailedAttempt(
  db: Prisma.TransactionClient | PrismaClient,
  userId: string,
  now = new Date(),
): Promise<{ attempts: number; lockedUntil: Date | null }> {
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
  return { attempts: row?.failed_login_attempts ?? 0, lockedUntil: row?.locked_until ?? null };
}


export async function signIn(
  deps: AuthDeps,
  input: { email: string; password: string },
): Promise<{ token: string; expires: Date; user: Pick<SessionUser, "id" | "role" | "emailVerified" | "status"> }> {
  const user = await deps.db.user.findUnique({
    where: { email: input.email },
    select: { id: true, password: true, status: true, role: true, emailVerified: true, lockedUntil: true, suspendedUntil: true },
  });
  if (!user || !user.password) {
    await verifyAgainstDummy(input.password);
    await audit(deps.db, {
      action: "SIGN_IN_FAILED",
      userId: null,
      targetUserId: user?.id ?? null,
      details: { reason: user ? "no_password" : "unknown_email", email: input.email },
      meta: deps.meta,
    });
    throw invalid();
  }
  const ok = await verifyPassword(input.password, user.password);
  const locked = user.lockedUntil !== null && user.lockedUntil.getTime() > Date.now();
  if (!ok) {
    await deps.db.$transaction(async (tx) => {
      const r = await recordFailedAttempt(tx, user.id);
      await audit(tx, { action: "SIGN_IN_FAILED", userId: null, targetUserId: user.id, details: { reason: "wrong_password", attempts: r.attempts }, meta: deps.meta });
      if (r.attempts === MAX_FAILED_ATTEMPTS && r.lockedUntil) {
        await audit(tx, { action: "ACCOUNT_LOCKED", userId: null, targetUserId: user.id, details: { until: r.lockedUntil.toISOString(), minutes: LOCKOUT_MS / 60_000 }, meta: deps.meta });
      }
    });
    throw invalid();
  }
  if (locked) {
    await audit(deps.db, { action: "SIGN_IN_FAILED", userId: null, targetUserId: user.id, details: { reason: "locked" }, meta: deps.meta });
    throw invalid();
  }
  if (user.status === "SUSPENDED" && user.suspendedUntil && user.suspendedUntil.getTime() <= Date.now()) {
    // A dated suspension that has run out ends now rather than at the next cleanup run.
    await endExpiredSuspensions(deps.db, user.id);
    user.status = "ACTIVE";
  }
  if (user.status === "SUSPENDED") {
    throw new AppError("forbidden", "ACCOUNT_SUSPENDED", "This account is suspended. Contact support if you think this is a mistake.");
  }
  if (user.status === "DEACTIVATED") {
    throw new AppError("forbidden", "ACCOUNT_DEACTIVATED", "This account was deactivated. Contact support to reactivate it.");
  }
  const { token, session } = await deps.db.$transaction((tx) =>
    recordSignIn(tx, user.id, "password", deps.meta, { failedLoginAttempts: 0, lockedUntil: null }),
  );
  return { token, expires: session.expires, user: { id: user.id, role: user.role, emailVerified: user.emailVerified, status: user.status } };
}
