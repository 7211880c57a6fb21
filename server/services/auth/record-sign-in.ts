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

/** The account was suspended, deactivated or deleted while the sign-in was under way. */
export class AccountInactiveError extends Error {
  constructor() {
    super("the account became inactive during the sign-in");
    this.name = "AccountInactiveError";
  }
}

/**
 * The end of a provider sign-in (oauth-sign-in.ts), inside the caller's transaction:
 * `lastLoginAt` (plus `userData`), a new session, and the SIGN_IN audit row (method, session,
 * newDevice) with the request's IP and user agent. The password sign-in writes the same rows in
 * one statement (SIGNED_IN_SQL in sign-in.ts, decision 030): a change to one is a change to both.
 */
export async function recordSignIn(
  tx: Tx,
  userId: string,
  method: string,
  meta: RequestMeta,
  userData: Prisma.UserUpdateInput = {},
): Promise<{ token: string; session: { id: string; expires: Date } }> {
  // Conditional, so the decision and the row lock are one statement: a suspension or
  // deactivation that committed after the caller read the status (it ended the sessions
  // there were) is seen here, and no session outlives it. The caller's transaction rolls back.
  const { count } = await tx.user.updateMany({
    where: { id: userId, status: { notIn: ["SUSPENDED", "DEACTIVATED"] } },
    data: { lastLoginAt: new Date(), ...userData },
  });
  if (count !== 1) throw new AccountInactiveError();
  const newDevice = await isNewDevice(tx, userId, meta.userAgent);
  const created = await createSession(tx, userId, meta);
  await audit(tx, { action: "SIGN_IN", userId, details: { method, sessionId: created.session.id, newDevice }, meta });
  return created;
}
