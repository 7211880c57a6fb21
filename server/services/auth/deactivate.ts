import { invalidateUserSessions } from "../../auth/session.ts";
import { audit } from "../audit.ts";
import type { AuthDeps } from "./deps.ts";
import { confirmIdentity } from "./reauth.ts";

/** The user leaves: DEACTIVATED, every session ended. An admin can reactivate. */
export async function deactivateAccount(
  deps: AuthDeps,
  actor: { userId: string; sessionCreatedAt: Date },
  input: { password?: string | undefined; reason?: string | undefined },
): Promise<void> {
  await confirmIdentity(deps, actor, input.password);
  await deps.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { status: "DEACTIVATED" }, select: { id: true } });
    const ended = await invalidateUserSessions(tx, actor.userId);
    await audit(tx, { action: "USER_DEACTIVATED", userId: actor.userId, details: { by: "self", sessionsEnded: ended, ...(input.reason ? { reason: input.reason } : {}) }, meta: deps.meta });
  });
}
