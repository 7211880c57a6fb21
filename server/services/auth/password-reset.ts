import { invalidateUserSessions } from "../../auth/session.ts";
import { AppError } from "../errors.ts";
import { checkPasswordPolicy, hashPassword } from "../../auth/password.ts";
import { randomUUID } from "node:crypto";
import { generateToken, hashToken, PASSWORD_RESET_TOKEN_TTL_MS, revokeAccountRecoveryTokens } from "../../auth/tokens.ts";
import { enqueueMail } from "../../mail/outbox.ts";
import * as mails from "../../mail/templates.ts";
import { audit } from "../audit.ts";
import type { AuthDeps } from "./deps.ts";
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";

const INVALID = "This reset link is invalid, used or expired. Ask for a new one.";

/** Issues a 1-hour reset token for `user` inside `tx` and queues its mail. */
export async function issuePasswordReset(
  tx: Prisma.TransactionClient,
  appUrl: string,
  user: { id: string; email: string; name: string | null },
): Promise<void> {
  const token = generateToken();
  await tx.passwordResetToken.create({
    data: { email: user.email, token: hashToken(token), expires: new Date(Date.now() + PASSWORD_RESET_TOKEN_TTL_MS), userId: user.id },
    select: { id: true },
  });
  const url = `${appUrl}/reset-password?token=${token}`;
  await enqueueMail(tx, { to: user.email, kind: "password-reset", ...mails.passwordReset({ name: user.name, url }) });
}

/**
 * Same answer, after the same work, whether or not the account exists: the request is
 * written to password_reset_requests (one insert, identical for every address) and the
 * caller answers at once. Looking the address up, issuing the token and queueing the mail
 * happen after the answer, in processPasswordResetRequests — so the response time says
 * nothing about whether the address has an account (issue 7, #8).
 */
export async function requestPasswordReset(deps: Pick<AuthDeps, "db">, email: string): Promise<void> {
  await deps.db.$executeRaw`
    INSERT INTO password_reset_requests (id, email, created_at)
    VALUES (${randomUUID()}, ${email}, (now() AT TIME ZONE 'UTC'))`;
}

/**
 * Works through the queued reset requests, oldest first, a batch per transaction: each
 * request row is deleted in the same transaction that issues the token and queues the mail
 * (or, for an address with no account, alone), so a crash loses nothing and a row is done
 * once even with several app servers (SKIP LOCKED). Returns how many mails were queued.
 * Runs right after each request's answer and with the periodic cleanup (left-overs of a
 * crash).
 */
export async function processPasswordResetRequests(db: PrismaClient, appUrl: string, batchSize = 20): Promise<number> {
  let mailed = 0;
  for (;;) {
    const r = await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ email: string }[]>`
        DELETE FROM password_reset_requests
        WHERE id IN (SELECT id FROM password_reset_requests ORDER BY created_at LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)
        RETURNING email`;
      let n = 0;
      // Several requests for one address in a batch get one mail (the rate limits allow 3 an hour).
      for (const email of new Set(rows.map((row) => row.email))) {
        const user = await tx.user.findUnique({ where: { email }, select: { id: true, email: true, profile: { select: { name: true } } } });
        if (!user) continue;
        await issuePasswordReset(tx, appUrl, { id: user.id, email: user.email, name: user.profile?.name ?? null });
        n++;
      }
      return { claimed: rows.length, mailed: n };
    });
    mailed += r.mailed;
    if (r.claimed < batchSize) return mailed;
  }
}

/**
 * processPasswordResetRequests for the request path: runs it once the answer has gone out
 * (`after`, e.g. the response's close event), then `mailed` so the mail worker wakes up.
 * Failures are logged; the rows stay for the next run or the periodic cleanup.
 */
export function processPasswordResetRequestsAfter(
  after: (task: () => void) => void,
  db: PrismaClient,
  appUrl: string,
  mailed: () => void,
  log: { error(obj: object, msg?: string): void },
): void {
  after(() => {
    processPasswordResetRequests(db, appUrl).then(
      (n) => {
        if (n > 0) mailed();
      },
      (err: unknown) => log.error({ err }, "password reset requests: processing failed, will retry"),
    );
  });
}

/**
 * Sets a new password from a reset link: 1 h, single use (of two parallel uses exactly one
 * wins), signs out every session, sends a notice, never signs in.
 */
export async function resetPassword(deps: AuthDeps, input: { token: string; password: string }): Promise<void> {
  const tokenHash = hashToken(input.token);
  const row = await deps.db.passwordResetToken.findUnique({
    where: { token: tokenHash },
    select: { email: true, userId: true, used: true, expires: true },
  });
  if (!row || row.used || row.expires.getTime() <= Date.now() || !row.userId) throw new AppError("invalid", "INVALID_TOKEN", INVALID);
  const problem = checkPasswordPolicy(input.password, [row.email]);
  if (problem) throw new AppError("invalid", "WEAK_PASSWORD", problem.message, { field: "password" });
  const passwordHash = await hashPassword(input.password);
  await deps.db.$transaction(async (tx) => {
    const claimed = await tx.passwordResetToken.updateMany({
      where: { token: tokenHash, used: false, expires: { gt: new Date() } },
      data: { used: true },
    });
    if (claimed.count !== 1) throw new AppError("invalid", "INVALID_TOKEN", INVALID);
    const user = await tx.user.findFirst({
      where: { id: row.userId!, email: row.email },
      select: { id: true, email: true, status: true, emailVerified: true, profile: { select: { name: true } } },
    });
    if (!user) throw new AppError("invalid", "INVALID_TOKEN", INVALID);
    const now = new Date();
    await tx.user.update({
      where: { id: user.id },
      data: {
        password: passwordHash,
        failedLoginAttempts: 0,
        lockedUntil: null,
        // The reset mail reached this inbox, which proves the address — and the password
        // was chosen by whoever holds it (provider auto-linking may trust it again).
        emailVerified: user.emailVerified ?? now,
        passwordProvenAt: now,
        ...(user.status === "PENDING_VERIFICATION" ? { status: "ACTIVE" } : {}),
      },
      select: { id: true },
    });
    // Pre-hijacking defence: while the address was unverified, anyone could have created or
    // linked a provider identity claiming it. Proving the mailbox with this link removes them.
    if (!user.emailVerified) {
      const stale = await tx.account.findMany({ where: { userId: user.id }, select: { id: true, provider: true } });
      if (stale.length) {
        await tx.account.deleteMany({ where: { id: { in: stale.map((a) => a.id) } } });
        for (const a of stale) {
          await audit(tx, { action: "OAUTH_UNLINKED", userId: user.id, details: { provider: a.provider, reason: "linked before the email was verified" }, meta: deps.meta });
        }
      }
    }
    // Other outstanding reset links and every pending email change stop working too.
    const revoked = await revokeAccountRecoveryTokens(tx, user.id, "password-reset");
    const signedOut = await invalidateUserSessions(tx, user.id);
    await audit(tx, {
      action: "PASSWORD_RESET",
      userId: user.id,
      details: { sessionsEnded: signedOut, emailChangeLinksEnded: revoked.emailChange },
      meta: deps.meta,
    });
    await enqueueMail(tx, {
      to: user.email,
      kind: "password-changed",
      ...mails.passwordChanged({ name: user.profile?.name ?? null, appUrl: deps.config.appUrl }),
    });
  });
}
