// "Where you're signed in": the user's own sessions, with ownership in every query.
import type { PrismaClient } from "../../db/generated/client.ts";
import { AppError } from "../errors.ts";
import { describeDevice } from "../../../shared/device.ts";
import { audit, type RequestMeta } from "../audit.ts";
import { revokeAccountRecoveryTokens } from "../../auth/tokens.ts";

export async function listSessions(db: PrismaClient, userId: string, currentSessionId: string) {
  const rows = await db.session.findMany({
    where: { userId, expires: { gt: new Date() } },
    select: { id: true, ipAddress: true, userAgent: true, createdAt: true, lastSeenAt: true, expires: true },
    orderBy: { lastSeenAt: "desc" },
  });
  return rows
    .map((s) => ({ ...s, device: describeDevice(s.userAgent), current: s.id === currentSessionId }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

export async function revokeSession(db: PrismaClient, actor: { userId: string; sessionId: string; meta: RequestMeta }, id: string): Promise<{ current: boolean }> {
  return db.$transaction(async (tx) => {
    const r = await tx.session.deleteMany({ where: { id, userId: actor.userId } });
    if (r.count !== 1) throw new AppError("not-found", "NOT_FOUND", "That session has already ended.");
    await audit(tx, { action: "SESSION_REVOKED", userId: actor.userId, details: { sessionId: id, current: id === actor.sessionId }, meta: actor.meta });
    return { current: id === actor.sessionId };
  });
}

export async function revokeOtherSessions(db: PrismaClient, actor: { userId: string; sessionId: string; meta: RequestMeta }): Promise<{ ended: number }> {
  return db.$transaction(async (tx) => {
    const r = await tx.session.deleteMany({ where: { userId: actor.userId, id: { not: actor.sessionId } } });
    // Whoever is being signed out may have asked for an email change: their link ends too.
    const revoked = await revokeAccountRecoveryTokens(tx, actor.userId, "sign-out-others");
    await audit(tx, {
      action: "SESSION_REVOKED",
      userId: actor.userId,
      details: { others: true, ended: r.count, emailChangeLinksEnded: revoked.emailChange },
      meta: actor.meta,
    });
    return { ended: r.count };
  });
}
