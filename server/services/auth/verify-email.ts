import { createSession, invalidateUserSessions } from "../../auth/session.ts";
import { hashToken } from "../../auth/tokens.ts";
import { AppError } from "../errors.ts";
import { audit } from "../audit.ts";
import { issueVerification } from "./sign-up.ts";
import type { AuthDeps } from "./deps.ts";

const INVALID = "This verification link is invalid, used or expired. Sign in and ask for a new one.";

export type VerifyEmailResult = {
  email: string;
  /** A fresh session for the verifying browser, when it was signed in as this user. */
  session: { token: string; expires: Date } | null;
};

/**
 * Single use, 24 h, bound to the email it was issued for. Pre-hijacking defence: every
 * session that existed before the verification ends — one may belong to someone who signed
 * up with another person's address and stayed signed in — and the verifying browser, if it
 * was signed in as this user, gets a fresh session instead of keeping its old one.
 */
export async function verifyEmail(
  deps: AuthDeps,
  token: string,
  current: { userId: string; sessionId: string } | null = null,
): Promise<VerifyEmailResult> {
  const tokenHash = hashToken(token);
  return deps.db.$transaction(async (tx) => {
    const row = await tx.verificationToken.findUnique({
      where: { token: tokenHash },
      select: { id: true, email: true, expires: true, userId: true, purpose: true },
    });
    if (!row || row.purpose !== "VERIFY_EMAIL" || !row.userId || row.expires.getTime() <= Date.now()) throw new AppError("invalid", "INVALID_TOKEN", INVALID);
    // Single use: only the transaction that deletes the row goes on.
    const deleted = await tx.verificationToken.deleteMany({ where: { id: row.id } });
    if (deleted.count !== 1) throw new AppError("invalid", "INVALID_TOKEN", INVALID);
    const user = await tx.user.findFirst({
      where: { id: row.userId, email: row.email },
      select: { id: true, status: true, emailVerified: true },
    });
    if (!user) throw new AppError("invalid", "INVALID_TOKEN", INVALID);
    await tx.user.update({
      where: { id: user.id },
      data: {
        emailVerified: user.emailVerified ?? new Date(),
        ...(user.status === "PENDING_VERIFICATION" ? { status: "ACTIVE" } : {}),
      },
      select: { id: true },
    });
    const sessionsEnded = await invalidateUserSessions(tx, user.id);
    const fresh = current?.userId === user.id ? await createSession(tx, user.id, deps.meta) : null;
    await audit(tx, { action: "EMAIL_VERIFIED", userId: user.id, details: { email: row.email, sessionsEnded }, meta: deps.meta });
    return { email: row.email, session: fresh ? { token: fresh.token, expires: fresh.session.expires } : null };
  });
}

export async function resendVerification(
  deps: AuthDeps,
  user: { id: string; email: string; name: string | null; emailVerified: Date | null },
): Promise<{ sent: boolean }> {
  if (user.emailVerified) return { sent: false };
  await deps.db.$transaction((tx) => issueVerification(tx, deps.config.appUrl, user));
  return { sent: true };
}
