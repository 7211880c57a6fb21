// What every successful sign-in does, password or provider.
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import { createSession } from "../../auth/session.ts";
import { audit, type RequestMeta } from "../audit.ts";

type Tx = PrismaClient | Prisma.TransactionClient;

/** True when this user has never signed in with this user agent before. */
export async function isNewDevice(db: Tx, userId: string, userAgent: string | null): Promise<boolean> {
  const seen = await db.auditLog.findFirst({
    where: { userId, action: "SIGN_IN", userAgent: userAgent?.slice(0, 512) ?? null },
    select: { id: true },
  });
  return seen === null;
}

/**
 * The end of every successful sign-in, inside the caller's transaction: `lastLoginAt`
 * (plus `userData`), a new session, and the SIGN_IN audit row (method, session, newDevice)
 * with the request's IP and user agent. Used by the password
 * sign-in (sign-in.ts) and the provider sign-in (oauth-sign-in.ts).
 */
export async function recordSignIn(
  tx: Tx,
  userId: string,
  method: string,
  meta: RequestMeta,
  userData: Prisma.UserUpdateInput = {},
): Promise<{ token: string; session: { id: string; expires: Date } }> {
  await tx.user.update({ where: { id: userId }, data: { lastLoginAt: new Date(), ...userData }, select: { id: true } });
  const newDevice = await isNewDevice(tx, userId, meta.userAgent);
  const created = await createSession(tx, userId, meta);
  await audit(tx, { action: "SIGN_IN", userId, details: { method, sessionId: created.session.id, newDevice }, meta });
  return created;
}
