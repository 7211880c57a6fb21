import { invalidateUserSessions } from "../../auth/session.ts";
import { checkPasswordPolicy, hashPassword } from "../../auth/password.ts";
import { generateToken, hashToken, PASSWORD_RESET_TOKEN_TTL_MS } from "../../auth/tokens.ts";
import { enqueueMail } from "../../mail/outbox.ts";
import * as mails from "../../mail/templates.ts";
import { appError } from "../../trpc/errors.ts";
import { audit } from "../audit.ts";
import type { AuthDeps } from "./deps.ts";

const INVALID = "This reset link is invalid, used or expired. Ask for a new one.";

/** Same answer whether or not the account exists. */
export async function requestPasswordReset(deps: AuthDeps, email: string): Promise<void> {
  const user = await deps.db.user.findUnique({
    where: { email },
    select: { id: true, email: true, profile: { select: { name: true } } },
  });
  if (!user) return;
  const token = generateToken();
  await deps.db.$transaction(async (tx) => {
    await tx.passwordResetToken.create({
      data: { email: user.email, token: hashToken(token), expires: new Date(Date.now() + PASSWORD_RESET_TOKEN_TTL_MS), userId: user.id },
      select: { id: true },
    });
    const url = `${deps.config.appUrl}/reset-password?token=${token}`;
    await enqueueMail(tx, { to: user.email, kind: "password-reset", ...mails.passwordReset({ name: user.profile?.name ?? null, url }) });
  });
}

/**
 * Sets a new password from a reset link: 1 h, single use (of two parallel uses exactly one
 * wins), signs out every session, sends a notice, never signs in.
 */
export async function resetPassword(deps: AuthDeps, input: { token: string; password: string }): Promise<void> {
  const tokenHash = hashToken(input.token);
  const row = await deps.db.passwordResetToken.findUnique({
    where: { token: tokenHash },
    select: { email: true, userId: true, used: true, expires: true },
  });
  if (!row || row.used || row.expires.getTime() <= Date.now() || !row.userId) throw appError("BAD_REQUEST", "INVALID_TOKEN", INVALID);
  const problem = checkPasswordPolicy(input.password, [row.email]);
  if (problem) throw appError("BAD_REQUEST", "WEAK_PASSWORD", problem.message, { field: "password" });
  const passwordHash = await hashPassword(input.password);
  await deps.db.$transaction(async (tx) => {
    const claimed = await tx.passwordResetToken.updateMany({
      where: { token: tokenHash, used: false, expires: { gt: new Date() } },
      data: { used: true },
    });
    if (claimed.count !== 1) throw appError("BAD_REQUEST", "INVALID_TOKEN", INVALID);
    const user = await tx.user.findFirst({
      where: { id: row.userId!, email: row.email },
      select: { id: true, email: true, status: true, emailVerified: true, profile: { select: { name: true } } },
    });
    if (!user) throw appError("BAD_REQUEST", "INVALID_TOKEN", INVALID);
    await tx.user.update({
      where: { id: user.id },
      data: {
        password: passwordHash,
        failedLoginAttempts: 0,
        lockedUntil: null,
        // The reset mail reached this inbox, which proves the address.
        emailVerified: user.emailVerified ?? new Date(),
        ...(user.status === "PENDING_VERIFICATION" ? { status: "ACTIVE" } : {}),
      },
      select: { id: true },
    });
    // Other outstanding reset links for this account stop working too.
    await tx.passwordResetToken.updateMany({ where: { userId: user.id, used: false }, data: { used: true } });
    const signedOut = await invalidateUserSessions(tx, user.id);
    await audit(tx, { action: "PASSWORD_RESET", userId: user.id, details: { sessionsEnded: signedOut }, meta: deps.meta });
    await enqueueMail(tx, {
      to: user.email,
      kind: "password-changed",
      ...mails.passwordChanged({ name: user.profile?.name ?? null, appUrl: deps.config.appUrl }),
    });
  });
}
