import type { SessionUser } from "../../auth/session.ts";
import { rememberDevice } from "../../auth/known-device.ts";
import { AppError } from "../errors.ts";
import { BCRYPT_CONCURRENCY, verifyAgainstDummy, verifyPassword } from "../../auth/password.ts";
import { fifoLimiter } from "../../fifo-limiter.ts";
import { audit } from "../audit.ts";
import { endExpiredSuspensions } from "../admin/users.ts";
import type { AuthDeps } from "./deps.ts";
import { clearFailuresUnlessLocked, countUnknownEmailFailure, countWrongPassword } from "./lockout.ts";
import { recordSignIn } from "./record-sign-in.ts";

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

async function signInNow(deps: AuthDeps, input: { email: string; password: string }, presentedDevice?: string): Promise<SignedIn> {
  const user = await deps.db.user.findUnique({
    where: { email: input.email },
    select: { id: true, password: true, status: true, role: true, emailVerified: true, suspendedUntil: true },
  });
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
    // A dated suspension that has run out ends now rather than at the next cleanup run.
    await endExpiredSuspensions(deps.db, user.id);
    user.status = "ACTIVE";
  }
  const signedIn = await deps.db.$transaction(async (tx) => {
    // The lock is checked and cleared in one statement, after the password check: a lock
    // reached meanwhile by parallel failures holds.
    if (!(await clearFailuresUnlessLocked(tx, user.id))) return null;
    if (user.status === "SUSPENDED" || user.status === "DEACTIVATED") return { refused: user.status } as const;
    const created = await recordSignIn(tx, user.id, "password", deps.meta);
    const device = await rememberDevice(tx, user.id, presentedDevice);
    return { ...created, device };
  });
  if (!signedIn) {
    const locked = await deps.db.user.findUnique({ where: { id: user.id }, select: { lockedUntil: true } });
    await audit(deps.db, { action: "SIGN_IN_FAILED", userId: null, targetUserId: user.id, details: { reason: "locked" }, meta: deps.meta });
    throw paused(locked?.lockedUntil && locked.lockedUntil.getTime() > Date.now() ? locked.lockedUntil : new Date(Date.now() + 60_000));
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
