import { hashToken } from "../../auth/tokens.ts";
import { AppError } from "../errors.ts";
import { audit } from "../audit.ts";
import { issueVerification } from "./sign-up.ts";
import type { AuthDeps } from "./deps.ts";

const INVALID = "This verification link is invalid, used or expired. Sign in and ask for a new one.";

/** Single use, 24 h, bound to the email it was issued for. */
export async function verifyEmail(deps: AuthDeps, token: string): Promise<{ email: string }> {
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
    await audit(tx, { action: "EMAIL_VERIFIED", userId: user.id, details: { email: row.email }, meta: deps.meta });
    return { email: row.email };
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
