// Random tokens and their at-rest form. Tokens (session cookies, mailed links) are 160 bits
// of randomness in lower-case base32; the database stores only their SHA-256, hex encoded.
import { createHash } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Prisma, PrismaClient } from "../db/generated/client.ts";

export function generateToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** SHA-256 of the token's UTF-8 bytes, lower-case hex (node:crypto: every signed-in request hashes its cookie). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export const VERIFICATION_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
export const PASSWORD_RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

// -- Which account event ends which mailed links --------------------------------------------
// One table, so the rules can be read (and tested) against each other. An email-change link
// is the way an attacker who once knew the password keeps a foothold after the owner
// recovers the account, so every recovery step ends it; a password change also ends the
// reset links that were outstanding (an old one must not undo the new password).

export type RecoveryTokenKind = "email-change" | "password-reset" | "account-unlock";

export const TOKENS_ENDED_BY = {
  /** A password reset through a mailed link (services/auth/password-reset.ts). */
  "password-reset": ["email-change", "password-reset", "account-unlock"],
  /** A password change in Settings (services/auth/change-password.ts). */
  "password-change": ["email-change", "password-reset", "account-unlock"],
  /** "Sign out other sessions" (services/security/sessions.ts). */
  "sign-out-others": ["email-change"],
  /** An admin's "sign out everywhere" (services/admin/users.ts). */
  "admin-sign-out": ["email-change"],
} as const satisfies Record<string, readonly RecoveryTokenKind[]>;

export type RecoveryEvent = keyof typeof TOKENS_ENDED_BY;

/**
 * Ends the outstanding mailed links that `event` must end for `userId` (see TOKENS_ENDED_BY):
 * email-change links are deleted, reset links marked used. Call it inside the transaction of
 * the event. Returns how many of each ended.
 */
export async function revokeAccountRecoveryTokens(
  db: PrismaClient | Prisma.TransactionClient,
  userId: string,
  event: RecoveryEvent,
): Promise<{ emailChange: number; passwordReset: number }> {
  const kinds: readonly RecoveryTokenKind[] = TOKENS_ENDED_BY[event];
  let emailChange = 0;
  let passwordReset = 0;
  if (kinds.includes("email-change")) {
    emailChange = (await db.verificationToken.deleteMany({ where: { userId, purpose: "EMAIL_CHANGE" } })).count;
  }
  if (kinds.includes("account-unlock")) {
    // The lockout mail's unlock link (services/auth/lockout.ts): a new password ends it.
    await db.verificationToken.deleteMany({ where: { userId, purpose: "ACCOUNT_UNLOCK" } });
  }
  if (kinds.includes("password-reset")) {
    passwordReset = (await db.passwordResetToken.updateMany({ where: { userId, used: false }, data: { used: true } })).count;
  }
  return { emailChange, passwordReset };
}
