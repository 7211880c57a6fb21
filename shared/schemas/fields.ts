// Field schemas shared by server procedures and client forms (Epic Stack style).
import { z } from "zod";

export const PASSWORD_MIN = 8;
export const PASSWORD_RECOMMENDED = 15;
export const PASSWORD_MAX = 128;
/** bcrypt reads only 72 bytes; longer passwords are pre-hashed, never truncated. */
export const BCRYPT_MAX_BYTES = 72;

/** Trim, NFKC and lower-case an email address before it is validated or stored. */
export function normalizeEmail(raw: string): string {
  return raw.normalize("NFKC").trim().toLowerCase();
}

export const EmailSchema = z
  .string({ error: "Enter your email address" })
  .transform(normalizeEmail)
  .pipe(
    z
      .string()
      .min(1, "Enter your email address")
      .max(255, "An email address has at most 255 characters")
      .email("Enter a single valid email address, like name@example.com"),
  );

/** Length rules only; the common-password check runs on the server (password-policy). */
export const PasswordSchema = z
  .string({ error: "Enter a password" })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters (${PASSWORD_RECOMMENDED} or more is best)`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`);

export const NameSchema = z
  .string()
  .trim()
  .min(1, "Enter your name")
  .max(255, "A name has at most 255 characters");

/** A token from a mailed link: base32 text, bounded so junk never reaches the database. */
export const TokenSchema = z.string().trim().min(16, "This link is incomplete").max(128, "This link is not valid");
