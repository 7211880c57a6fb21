// Recent outbox rows for the development "outbox" page (mails carry sign-in links, so the
// procedure that exposes this must refuse in production; see the dev router).
import type { PrismaClient } from "../db/generated/client.ts";

export type DevOutboxEntry = {
  id: string;
  to: string;
  subject: string;
  text: string;
  kind: string;
  createdAt: Date;
  sentAt: Date | null;
  attempts: number;
  lastError: string | null;
};

export async function listDevOutbox(prisma: PrismaClient, limit = 50): Promise<DevOutboxEntry[]> {
  const n = Math.max(1, Math.min(200, Math.trunc(limit) || 50));
  return prisma.$queryRaw<DevOutboxEntry[]>`
    SELECT id, "to", subject, text, kind, created_at AS "createdAt", sent_at AS "sentAt",
           attempts, last_error AS "lastError"
    FROM mail_outbox
    ORDER BY created_at DESC, id
    LIMIT ${n}`;
}
