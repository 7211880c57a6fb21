// Retention, as the schema document specifies: expired verification and reset tokens go
// 7 days after expiry, expired sessions 30 days after expiry. Also prunes ended rate-limit
// windows and delivered mail older than 30 days. Runs at start and then hourly.
import type { PrismaClient } from "../db/generated/client.ts";
import { endExpiredSuspensions } from "../services/admin/users.ts";
import { processPasswordResetRequests } from "../services/auth/password-reset.ts";
import { startPeriodic, type JobLog } from "./periodic.ts";

const DAY = 24 * 60 * 60 * 1000;

export type CleanupResult = { verificationTokens: number; passwordResetTokens: number; sessions: number; rateLimits: number; mail: number; suspensionsEnded: number };

export async function runCleanup(db: PrismaClient, now = new Date()): Promise<CleanupResult> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const [verificationTokens, passwordResetTokens, sessions, rateLimits, mail] = await Promise.all([
    db.verificationToken.deleteMany({ where: { expires: { lt: ago(7) } } }),
    db.passwordResetToken.deleteMany({ where: { expires: { lt: ago(7) } } }),
    db.session.deleteMany({ where: { expires: { lt: ago(30) } } }),
    db.rateLimit.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.mailOutbox.deleteMany({ where: { sentAt: { lt: ago(30) } } }),
  ]);
  const suspensionsEnded = await endExpiredSuspensions(db);
  return {
    suspensionsEnded,
    verificationTokens: verificationTokens.count,
    passwordResetTokens: passwordResetTokens.count,
    sessions: sessions.count,
    rateLimits: rateLimits.count,
    mail: mail.count,
  };
}

export function startCleanupJob(db: PrismaClient, log: JobLog, everyMs = 60 * 60 * 1000, appUrl?: string) {
  return startPeriodic(
    "retention cleanup",
    // Also reset requests left unprocessed by a crash (normally done right after each answer).
    async () => ({ ...(await runCleanup(db)), ...(appUrl ? { resetMailsQueued: await processPasswordResetRequests(db, appUrl) } : {}) }),
    everyMs,
    log,
  );
}
