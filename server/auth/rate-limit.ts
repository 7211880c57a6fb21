// Fixed-window rate limits kept in PostgreSQL (table rate_limits), so every app server
// shares them. One atomic upsert per check; each procedure call counts once, so a tRPC
// batch of 20 sign-ins counts 20.
import type { PrismaClient } from "../db/generated/client.ts";

export type RateRule = { name: string; limit: number; windowMs: number };

export const RATE_RULES = {
  signInIp: { name: "signIn:ip", limit: 10, windowMs: 60_000 },
  signUpIp: { name: "signUp:ip", limit: 10, windowMs: 10 * 60_000 },
  resendIp: { name: "resend:ip", limit: 5, windowMs: 10 * 60_000 },
  resendEmail: { name: "resend:email", limit: 3, windowMs: 60 * 60_000 },
  resetIp: { name: "reset:ip", limit: 5, windowMs: 10 * 60_000 },
  resetEmail: { name: "reset:email", limit: 3, windowMs: 60 * 60_000 },
  signInEmail: { name: "signIn:email", limit: 20, windowMs: 10 * 60_000 },
  tokenIp: { name: "token:ip", limit: 30, windowMs: 10 * 60_000 },
  sensitiveUser: { name: "sensitive:user", limit: 10, windowMs: 10 * 60_000 },
  emailChangeUser: { name: "emailChange:user", limit: 5, windowMs: 60 * 60_000 },
  sessionsUser: { name: "sessions:user", limit: 30, windowMs: 60_000 },
  signOutIp: { name: "signOut:ip", limit: 60, windowMs: 60_000 },
  /** "Someone tried to sign up with your address" mails: one per address per hour. */
  accountExistsMail: { name: "accountExistsMail:email", limit: 1, windowMs: 60 * 60_000 },
} as const satisfies Record<string, RateRule>;

export type RateResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export async function hit(db: PrismaClient, rule: RateRule, subject: string, now = new Date()): Promise<RateResult> {
  const key = `${rule.name}:${subject}`;
  const until = new Date(now.getTime() + rule.windowMs);
  const rows = await db.$queryRaw<{ count: number; expires_at: Date }[]>`
    INSERT INTO rate_limits (key, count, window_start, expires_at)
    VALUES (${key}, 1, ${now}, ${until})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limits.expires_at <= ${now} THEN 1 ELSE rate_limits.count + 1 END,
      window_start = CASE WHEN rate_limits.expires_at <= ${now} THEN ${now} ELSE rate_limits.window_start END,
      expires_at = CASE WHEN rate_limits.expires_at <= ${now} THEN ${until} ELSE rate_limits.expires_at END
    RETURNING count, expires_at`;
  const row = rows[0]!;
  if (row.count <= rule.limit) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((row.expires_at.getTime() - now.getTime()) / 1000)) };
}
