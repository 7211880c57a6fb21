import { verifyPassword } from "../../auth/password.ts";
import { AppError } from "../errors.ts";
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";

/** How recent a sign-in must be to stand in for a password (users with no password). */
export const RECENT_SIGN_IN_MS = 15 * 60 * 1000;

/**
 * Confirms it is really the account holder before a sensitive change: the current password,
 * or — for accounts that have none (provider sign-in only) — a sign-in in the last 15 minutes.
 */
export async function confirmIdentity(
  db: PrismaClient | Prisma.TransactionClient,
  actor: { userId: string; sessionCreatedAt: Date },
  password: string | undefined,
): Promise<void> {
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { password: true } });
  if (!user) throw new AppError("unauthenticated", "INVALID_CREDENTIALS", "Please sign in again.");
  if (user.password) {
    if (!password || !(await verifyPassword(password, user.password))) {
      throw new AppError("invalid", "INVALID_CREDENTIALS", "Your current password is not correct.", { field: "password" });
    }
    return;
  }
  if (Date.now() - actor.sessionCreatedAt.getTime() > RECENT_SIGN_IN_MS) {
    throw new AppError("forbidden", "REAUTH_REQUIRED", "For your security, sign out and sign in again, then retry within 15 minutes.");
  }
}
