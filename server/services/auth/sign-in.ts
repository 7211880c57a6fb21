import type { SessionUser } from "../../auth/session.ts";
import { createSession } from "../../auth/session.ts";
import { verifyAgainstDummy, verifyPassword } from "../../auth/password.ts";
import { appError } from "../../trpc/errors.ts";
import { audit } from "../audit.ts";
import type { AuthDeps } from "./deps.ts";

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

/** One answer for unknown email, wrong password and locked account: no enumeration. */
export const INVALID_CREDENTIALS_MESSAGE =
  "Email or password is incorrect, or sign-in is paused after too many failed attempts. " +
  "Check them and try again in 15 minutes, or reset your password.";

const invalid = () => appError("UNAUTHORIZED", "INVALID_CREDENTIALS", INVALID_CREDENTIALS_MESSAGE);

/**
 * Counts a failed attempt atomically (exact under parallel attempts). Reaching the limit
 * locks the account for 15 minutes; a lock is not extended by further attempts, and the
 * count starts over once a lock has run out.
 */
export async function recordFailedAttempt(deps: AuthDeps, userId: string, now = new Date()): Promise<{ attempts: number; lockedUntil: Date | null }> {
  const lockUntil = new Date(now.getTime() + LOCKOUT_MS);
  const rows = await deps.db.$queryRaw<{ failed_login_attempts: number; locked_until: Date | null }[]>`
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
    select: { id: true, password: true, status: true, role: true, emailVerified: true, lockedUntil: true },
  });
  if (!user || !user.password) {
    await verifyAgainstDummy(input.password);
    throw invalid();
  }
  const ok = await verifyPassword(input.password, user.password);
  const locked = user.lockedUntil !== null && user.lockedUntil.getTime() > Date.now();
  if (!ok) {
    await recordFailedAttempt(deps, user.id);
    throw invalid();
  }
  if (locked) throw invalid();
  if (user.status === "SUSPENDED") {
    throw appError("FORBIDDEN", "ACCOUNT_SUSPENDED", "This account is suspended. Contact support if you think this is a mistake.");
  }
  if (user.status === "DEACTIVATED") {
    throw appError("FORBIDDEN", "ACCOUNT_DEACTIVATED", "This account was deactivated. Contact support to reactivate it.");
  }
  const { token, session } = await deps.db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { failedLoginAttempts: 0, lockedUntil: null, lastLoginAt: new Date() },
      select: { id: true },
    });
    const created = await createSession(tx, user.id, deps.meta);
    await audit(tx, { action: "SIGN_IN", userId: user.id, details: { method: "password", sessionId: created.session.id }, meta: deps.meta });
    return created;
  });
  return { token, expires: session.expires, user: { id: user.id, role: user.role, emailVerified: user.emailVerified, status: user.status } };
}
