// The device cookie: a long-lived, HttpOnly cookie holding a random token (160 bits, like the
// session token), set at every successful password sign-in. The database keeps only its
// SHA-256 with the user id (known_devices), so a leaked table does not let anyone pose as a
// known device. A browser that presents a token known for the account it signs in to skips
// the per-IP and per-account sign-in rate limits (an attacker's anonymous attempts cannot
// keep the owner out) — never the account lockout (a stolen cookie must not turn into
// unlimited password guesses).
import type { Prisma, PrismaClient } from "../db/generated/client.ts";
import { generateToken, hashToken } from "./tokens.ts";

export const DEVICE_TTL_MS = 365 * 24 * 60 * 60 * 1000;

type Tx = PrismaClient | Prisma.TransactionClient;

const TOKEN_SHAPE = /^[a-z2-7]{32}$/;

export function deviceCookieName(secure: boolean): string {
  return secure ? "__Host-hirexp_device" : "hirexp_device";
}

export function deviceCookieOptions(secure: boolean, expires: Date) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", expires };
}

/** Whether `token` (the cookie's value) is a device that signed in to the account of `email` before. */
export async function isKnownDevice(db: Tx, token: string, email: string, now = new Date()): Promise<boolean> {
  if (!TOKEN_SHAPE.test(token)) return false;
  const rows = await db.$queryRaw<{ known: number }[]>`
    SELECT 1 AS known FROM known_devices d JOIN users u ON u.id = d.user_id
    WHERE d.token_hash = ${hashToken(token)} AND u.email = ${email} AND d.expires > ${now}
    LIMIT 1`;
  return rows.length > 0;
}

/**
 * At a successful sign-in (inside its transaction): a new cookie value for this browser,
 * remembered for `userId`. The value is rotated every time; the accounts the browser's
 * previous value was known for move to the new value, so several accounts can share one
 * browser. A presented value the database does not know (e.g. planted by someone else)
 * carries nothing over.
 */
export async function rememberDevice(
  tx: Tx,
  userId: string,
  presented: string | undefined,
  now = new Date(),
): Promise<{ token: string; expires: Date }> {
  const token = generateToken();
  const tokenHash = hashToken(token);
  const expires = new Date(now.getTime() + DEVICE_TTL_MS);
  if (presented && TOKEN_SHAPE.test(presented)) {
    await tx.knownDevice.updateMany({
      where: { tokenHash: hashToken(presented), userId: { not: userId }, expires: { gt: now } },
      data: { tokenHash, expires },
    });
    await tx.knownDevice.deleteMany({ where: { tokenHash: hashToken(presented) } });
  }
  await tx.knownDevice.create({ data: { tokenHash, userId, createdAt: now, lastUsedAt: now, expires }, select: { userId: true } });
  return { token, expires };
}
