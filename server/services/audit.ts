// Audit log writes. Called inside the transaction of the change being described, so an
// event is on record exactly when the change committed. `details` never holds secrets.
import type { Prisma, PrismaClient } from "../db/generated/client.ts";
import type { AuditAction } from "../db/generated/enums.ts";

export type RequestMeta = { ipAddress: string | null; userAgent: string | null };

export async function audit(
  db: PrismaClient | Prisma.TransactionClient,
  entry: {
    action: AuditAction;
    userId: string | null;
    targetUserId?: string | null;
    details?: Prisma.InputJsonObject;
    meta: RequestMeta;
  },
): Promise<void> {
  await db.auditLog.create({
    data: {
      action: entry.action,
      userId: entry.userId,
      targetUserId: entry.targetUserId ?? entry.userId,
      details: entry.details ?? {},
      ipAddress: entry.meta.ipAddress,
      userAgent: entry.meta.userAgent?.slice(0, 512) ?? null,
    },
    select: { id: true },
  });
}
