// A user's own security events (the audit rows about their account), newest first, keyset-paged.
import type { PrismaClient } from "../../db/generated/client.ts";
import type { AuditAction } from "../../db/generated/enums.ts";
import { describeDevice } from "../../../shared/device.ts";

export const SECURITY_ACTIONS = [
  "SIGN_IN",
  "SIGN_OUT",
  "SIGN_UP",
  "SIGN_IN_FAILED",
  "ACCOUNT_LOCKED",
  "ACCOUNT_UNLOCKED",
  "PASSWORD_RESET",
  "PASSWORD_CHANGED",
  "EMAIL_VERIFIED",
  "EMAIL_CHANGE_REQUESTED",
  "EMAIL_CHANGED",
  "OAUTH_LINKED",
  "OAUTH_UNLINKED",
  "SESSION_REVOKED",
  "USER_DEACTIVATED",
  "USER_SUSPENDED",
  "USER_ACTIVATED",
  "ROLE_CHANGED",
] as const satisfies readonly AuditAction[];

/** Only these detail keys are shown back to the user. */
const SAFE_DETAILS = ["method", "newDevice", "from", "to", "provider", "reason", "otherSessionsEnded", "sessionsEnded", "ended", "others", "current", "minutes", "until", "attempts", "by"] as const;

/**
 * What an administrator (or an operator command, or the suspension-end job) did to the
 * account. The user sees "an administrator" and the action — never the admin's IP address,
 * device, identity or internal reason; those stay in the audit log for admins.
 */
const ADMINISTRATIVE_ACTIONS: ReadonlySet<AuditAction> = new Set(["USER_SUSPENDED", "USER_ACTIVATED", "USER_DEACTIVATED", "ROLE_CHANGED", "SESSION_REVOKED"]);
/** The detail keys of an administrator's action that the user may see. */
const ADMINISTRATIVE_DETAILS = ["from", "to", "until", "sessionsEnded", "ended", "automatic"] as const;

export async function listSecurityEvents(db: PrismaClient, userId: string, opts: { cursor?: string | undefined; limit?: number }) {
  const limit = Math.min(opts.limit ?? 30, 100);
  let cursorRow: { createdAt: Date; id: string } | null = null;
  // Rows about this account: every event a user causes on their own account has them as target
  // too (audit() defaults the target to the actor); what they did to others is not theirs to see here.
  if (opts.cursor) cursorRow = await db.auditLog.findFirst({ where: { id: opts.cursor, targetUserId: userId }, select: { id: true, createdAt: true } });
  const rows = await db.auditLog.findMany({
    where: {
      AND: [
        { targetUserId: userId },
        { action: { in: [...SECURITY_ACTIONS] } },
        cursorRow ? { OR: [{ createdAt: { lt: cursorRow.createdAt } }, { createdAt: cursorRow.createdAt, id: { lt: cursorRow.id } }] } : {},
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: { id: true, action: true, createdAt: true, ipAddress: true, userAgent: true, details: true, userId: true },
  });
  const page = rows.slice(0, limit);
  return {
    events: page.map((r) => presentSecurityEvent(r, userId)),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/**
 * An audit row about `userId` as that user may see it: the IP address and device of what they
 * did, only "an administrator" and the action for what an admin did to them, and only the
 * detail keys listed above. (Also used by the your-data export, services/account/export.ts.)
 */
export function presentSecurityEvent(
  r: { id: string; action: AuditAction; createdAt: Date; ipAddress: string | null; userAgent: string | null; details: unknown; userId: string | null },
  userId: string,
) {
  const d = (r.details ?? {}) as Record<string, unknown>;
  const byYou = r.userId === userId;
  const byAdministrator = !byYou && ADMINISTRATIVE_ACTIONS.has(r.action);
  const keys: readonly string[] = byAdministrator ? ADMINISTRATIVE_DETAILS : SAFE_DETAILS;
  return {
    id: r.id,
    action: r.action,
    createdAt: r.createdAt,
    ipAddress: byAdministrator ? null : r.ipAddress,
    device: byAdministrator ? null : describeDevice(r.userAgent),
    byYou,
    byAdministrator,
    details: Object.fromEntries(keys.filter((k) => k in d).map((k) => [k, d[k]])) as Record<string, unknown>,
  };
}
