import { verifyPassword } from "../../auth/password.ts";
import { AppError } from "../errors.ts";
import type { RequestMeta } from "../audit.ts";
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import type { AuthDeps } from "./deps.ts";
import { clearFailuresUnlessLocked, failPasswordCheck, lockedError, lockInForce } from "./lockout.ts";

/** How recent a sign-in must be to stand in for a password (users with no password). */
export const RECENT_SIGN_IN_MS = 15 * 60 * 1000;

type Actor = {
  userId: string;
  sessionCreatedAt: Date;
  /** The request's IP and user agent, for the audit rows of a wrong password (routers pass them). */
  meta?: RequestMeta | undefined;
  /** For the lockout mail's link, when only a database client is passed. */
  appUrl?: string | undefined;
};

/**
 * Confirms it is really the account holder before a sensitive change: the current password,
 * or — for accounts that have none (provider sign-in only) — a sign-in in the last 15 minutes.
 * A wrong password counts toward the account's lockout (5 lock it for 15 minutes, as at
 * sign-in), and no password is checked while the account is locked.
 * Takes the service deps, or (older callers) a database client with meta/appUrl on the actor.
 */
export async function confirmIdentity(
  dbOrDeps: PrismaClient | Prisma.TransactionClient | AuthDeps,
  actor: Actor,
  password: string | undefined,
): Promise<void> {
  const deps = "db" in dbOrDeps && "config" in dbOrDeps ? dbOrDeps : null;
  const db = (deps ? deps.db : dbOrDeps) as PrismaClient;
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { password: true } });
  if (!user) throw new AppError("unauthenticated", "INVALID_CREDENTIALS", "Please sign in again.");
  if (user.password) {
    const locked = await lockInForce(db, actor.userId);
    if (locked) throw lockedError(locked);
    const wrong = new AppError("invalid", "INVALID_CREDENTIALS", "Your current password is not correct.", { field: "password" });
    if (!password || !(await verifyPassword(password, user.password))) {
      await failPasswordCheck(
        { db, appUrl: deps?.config.appUrl ?? actor.appUrl ?? "", meta: deps?.meta ?? actor.meta ?? { ipAddress: null, userAgent: null } },
        actor.userId,
        "wrong_current_password",
        wrong,
      );
    }
    // Checked again, atomically with clearing the count: a lock reached meanwhile holds.
    if (!(await clearFailuresUnlessLocked(db, actor.userId))) throw lockedError((await lockInForce(db, actor.userId)) ?? new Date(Date.now() + 60_000));
    return;
  }
  if (Date.now() - actor.sessionCreatedAt.getTime() > RECENT_SIGN_IN_MS) {
    throw new AppError("forbidden", "REAUTH_REQUIRED", "For your security, sign out and sign in again, then retry within 15 minutes.");
  }
}
