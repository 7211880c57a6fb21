import { invalidateUserSessions } from "../../auth/session.ts";
import { AppError } from "../errors.ts";
import { checkPasswordPolicy, hashPassword } from "../../auth/password.ts";
import { generateToken, hashToken, PASSWORD_RESET_TOKEN_TTL_MS } from "../../auth/tokens.ts";
import { enqueueMail } from "../../mail/outbox.ts";
import * as mails from "../../mail/templates.ts";
import { audit } from "../audit.ts";
import type { AuthDeps } from "./deps.ts";
import type { Prisma } from "../../db/generated/client.ts";

const INVALID = "This reset link is invalid, used or expired. Ask for a new one.";

/** Issues a 1-hour reset token for `user` inside `tx` and queues its mail. */
export async function issuePasswordReset(
  tx: Prisma.TransactionClient,
  appUrl: string,
  user: { id: string; email: string; name: string | null },
): Promise<void> {
  const token = generateToken();
  await tx.passwordResetToken.create({
    data: { email: user.email, token: hashToken(token), expires: new Date(Date.now() + PASSWORD_RESET_TOKEN_TTL_MS), userId: user.id },
    select: { id: true },
  });
  const url = `${appUrl}/reset-password?token=${token}`;
  await enqueueMail(tx, { to: user.email, kind: "password-reset", ...mails.passwordReset({ name: user.name, url }) });
}

/** Same answer whether or not the account exists. */
export async function requestPasswordReset(deps: AuthDeps, email: string): Promise<void> {
  const user = await deps.db.user.findUnique({
    where: { email },
    select: { id: true, email: true, profile: { select: { name: true } } },
  });
  if (!user) return;
  await deps.db.$transaction((tx) => issuePasswordReset(tx, deps.config.appUrl, { id: user.id, email: user.email, name: user.profile?.name ?? null }));
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
  if (!row || row.used || row.expires.getTime() <= Date.now() || !row.userId) throw new AppError("invalid", "INVALID_TOKEN", INVALID);
  const problem = checkPasswordPolicy(input.password, [row.email]);
  if (problem) throw new AppError("invalid", "WEAK_PASSWORD", problem.message, { field: "password" });
  const passwordHash = await hashPassword(input.password);
  await deps.db.$transaction(async (tx) => {
    const claimed = await tx.passwordResetToken.updateMany({
      where: { token: tokenHash, used: false, expires: { gt: new Date() } },
      data: { used: true },
    });
    if (claimed.count !== 1) throw new AppError("invalid", "INVALID_TOKEN", INVALID);
    const user = await tx.user.findFirst({
      where: { id: row.userId!, email: row.email },
      select: { id: true, email: true, status: true, emailVerified: true, profile: { select: { name: true } } },
    });
    if (!user) throw new AppError("invalid", "INVALID_TOKEN", INVALID);
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
    // Pre-hijacking defence: while the address was unverified, anyone could have created or
    // linked a provider identity claiming it. Proving the mailbox with this link removes them.
    if (!user.emailVerified) {
      const stale = await tx.account.findMany({ where: { userId: user.id }, select: { id: true, provider: true } });
      if (stale.length) {
        await tx.account.deleteMany({ where: { id: { in: stale.map((a) => a.id) } } });
        for (const a of stale) {
          await audit(tx, { action: "OAUTH_UNLINKED", userId: user.id, details: { provider: a.provider, reason: "linked before the email was verified" }, meta: deps.meta });
        }
      }
    }
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
