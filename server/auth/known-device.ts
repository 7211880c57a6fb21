// The device cookie: a long-lived, HttpOnly cookie holding a random token (160 bits, like the
// session token), set at every successful password sign-in. The database keeps only its
// SHA-256 with the user id (known_devices), so a leaked table does not let anyone pose as a
// known device. A browser that presents a token known for the account it signs in to skips
// the per-IP and per-account sign-in rate limits (an attacker's anonymous attempts cannot
// keep the owner out) — never the account lockout (a stolen cookie must not turn into
// unlimited password guesses). A password sign-in rotates the value in its one statement
// (SIGNED_IN_SQL, server/services/auth/sign-in.ts).
import type { Prisma, PrismaClient } from "../db/generated/client.ts";
import { hashToken } from "./tokens.ts";

export const DEVICE_TTL_MS = 365 * 24 * 60 * 60 * 1000;

type Tx = PrismaClient | Prisma.TransactionClient;

/** A device cookie's value as generateToken makes it; any other value is not looked up. */
export const DEVICE_TOKEN_SHAPE = /^[a-z2-7]{32}$/;

export function deviceCookieName(secure: boolean): string {
  return secure ? "__Host-hirexp_device" : "hirexp_device";
}

export function deviceCookieOptions(secure: boolean, expires: Date) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", expires };
}

/** Whether `token` (the cookie's value) is a device that signed in to the account of `email` before. */
export async function isKnownDevice(db: Tx, token: string, email: string, now = new Date()): Promise<boolean> {
  if (!DEVICE_TOKEN_SHAPE.test(token)) return false;
  const rows = await db.$queryRaw<{ known: number }[]>`
    SELECT 1 AS known FROM known_devices d JOIN users u ON u.id = d.user_id
    WHERE d.token_hash = ${hashToken(token)} AND u.email = ${email} AND d.expires > ${now}
    LIMIT 1`;
  return rows.length > 0;
}
