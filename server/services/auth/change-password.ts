import { invalidateUserSessions } from "../../auth/session.ts";
import { AppError } from "../errors.ts";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "../../auth/password.ts";
import { enqueueMail } from "../../mail/outbox.ts";
import * as mails from "../../mail/templates.ts";
import { audit } from "../audit.ts";
import { revokeAccountRecoveryTokens } from "../../auth/tokens.ts";
import type { AuthDeps } from "./deps.ts";
import { clearFailuresUnlessLocked, failPasswordCheck, lockedError, lockInForce } from "./lockout.ts";

/** Current password required; every other session of the user is signed out. */
export async function changePassword(
  deps: AuthDeps,
  actor: { userId: string; sessionId: string },
  input: { currentPassword: string; newPassword: string },
): Promise<{ otherSessionsEnded: number }> {
  const user = await deps.db.user.findUnique({
    where: { id: actor.userId },
    select: { id: true, email: true, password: true, profile: { select: { name: true } } },
  });
  if (!user) throw new AppError("unauthenticated", "INVALID_CREDENTIALS", "Please sign in again.");
  const wrong = new AppError("invalid", "INVALID_CREDENTIALS", "Your current password is not correct.", { field: "currentPassword" });
  if (!user.password) throw wrong;
  // A wrong current password counts toward the lockout; none is checked while locked.
  const locked = await lockInForce(deps.db, user.id);
  if (locked) throw lockedError(locked);
  if (!(await verifyPassword(input.currentPassword, user.password))) {
    await failPasswordCheck({ db: deps.db, appUrl: deps.config.appUrl, meta: deps.meta }, user.id, "wrong_current_password", wrong);
  }
  if (!(await clearFailuresUnlessLocked(deps.db, user.id))) throw lockedError((await lockInForce(deps.db, user.id)) ?? new Date(Date.now() + 60_000));
  if (input.newPassword === input.currentPassword) {
    throw new AppError("invalid", "WEAK_PASSWORD", "Choose a password different from your current one.", { field: "newPassword" });
  }
  const problem = checkPasswordPolicy(input.newPassword, [user.email, user.profile?.name ?? ""]);
  if (problem) throw new AppError("invalid", "WEAK_PASSWORD", problem.message, { field: "newPassword" });
  const passwordHash = await hashPassword(input.newPassword);
  return deps.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { password: passwordHash }, select: { id: true } });
    const ended = await invalidateUserSessions(tx, user.id, actor.sessionId);
    await revokeAccountRecoveryTokens(tx, user.id, "password-change"); // pending email changes, reset and unlock links end
    await audit(tx, { action: "PASSWORD_CHANGED", userId: user.id, details: { otherSessionsEnded: ended }, meta: deps.meta });
    await enqueueMail(tx, {
      to: user.email,
      kind: "password-changed",
      ...mails.passwordChanged({ name: user.profile?.name ?? null, appUrl: deps.config.appUrl }),
    });
    return { otherSessionsEnded: ended };
  });
}
