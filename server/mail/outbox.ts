// Transactional outbox: a mail is a row written in the same transaction as the change
// that causes it (sign-up, reset request, …). If that transaction rolls back, the mail
// never existed; if it commits, the worker (worker.ts) delivers it, retrying until the
// SMTP server takes it. Nothing is sent from inside a request.
import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "../db/generated/client.ts";

export type OutboxMail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What the mail is for ("verify-email", "password-reset", …): for the dev page and logs. */
  kind: string;
};

/** Call it with the transaction client (`tx`) of the change the mail belongs to. */
export async function enqueueMail(tx: Prisma.TransactionClient | PrismaClient, mail: OutboxMail): Promise<void> {
  // Raw SQL, like the worker: the timestamps are written as UTC explicitly, because the
  // columns are `timestamp without time zone` and the column defaults (CURRENT_TIMESTAMP)
  // would store the *session's* local time on a server whose TimeZone is not UTC, while
  // Prisma and the worker read and compare them as UTC.
  await tx.$executeRaw`
    INSERT INTO mail_outbox (id, "to", subject, text, html, kind, attempts, next_attempt, created_at)
    VALUES (${randomUUID()}, ${mail.to}, ${mail.subject}, ${mail.text}, ${mail.html ?? null}, ${mail.kind}, 0,
            (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC'))`;
}
