// Password hashing (bcrypt cost 12, as the schema document says) and the NIST 800-63B
// checks. @node-rs/bcrypt hashes on threads of its own at low priority (bcrypt-threads.ts),
// so the event loop never blocks and never waits behind a hash for the CPU.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { BCRYPT_THREADS, hashOnThread, verifyOnThread } from "./bcrypt-threads.ts";
import { fifoLimiter } from "../fifo-limiter.ts";
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { BCRYPT_MAX_BYTES, PASSWORD_MAX, PASSWORD_MIN } from "../../shared/schemas/fields.ts";

export const BCRYPT_COST = 12;

/**
 * bcrypt reads only the first 72 bytes. Longer passwords are pre-hashed (SHA-256, base64:
 * 44 bytes) so every byte counts and nothing is silently truncated.
 */
function bcryptInput(password: string): string {
  if (Buffer.byteLength(password, "utf8") <= BCRYPT_MAX_BYTES) return password;
  return createHash("sha256").update(password, "utf8").digest("base64");
}

/**
 * At most one bcrypt computation per core (per bcrypt thread) at a time; the rest wait their
 * turn here, in order. More hashes at once than cores would not finish sooner: they share the
 * cores.
 */
export const BCRYPT_CONCURRENCY = BCRYPT_THREADS;
const limited = fifoLimiter(BCRYPT_CONCURRENCY);

export function hashPassword(password: string, cost = BCRYPT_COST): Promise<string> {
  return limited(() => hashOnThread(bcryptInput(password), cost));
}

export async function verifyPassword(password: string, passwordHash: string): Promise<boolean> {
  try {
    return await limited(() => verifyOnThread(bcryptInput(password), passwordHash));
  } catch {
    return false;
  }
}

// A real cost-12 hash of a random string: unknown emails are checked against it so that
// "no such account" takes as long as "wrong password".
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}`);
  await verifyPassword(password, await dummyHash);
  return false;
}

// zxcvbn's dictionaries take ~0.3 s to load: on first use (sign-up, password change, reset),
// not at start-up; server/main.ts warms it up once the server listens.
const require = createRequire(import.meta.url);
let zxcvbnInstance: ZxcvbnFactory | undefined;
export function passwordChecker(): ZxcvbnFactory {
  if (!zxcvbnInstance) {
    const { ZxcvbnFactory: Factory } = require("@zxcvbn-ts/core") as typeof import("@zxcvbn-ts/core");
    const common = require("@zxcvbn-ts/language-common") as typeof import("@zxcvbn-ts/language-common");
    const en = require("@zxcvbn-ts/language-en") as typeof import("@zxcvbn-ts/language-en");
    zxcvbnInstance = new Factory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
  }
  return zxcvbnInstance;
}

export type PasswordProblem = { message: string };

/**
 * Server-side password policy: length (8–128, as typed, no composition rules) and a
 * common/guessable-password check (zxcvbn, offline dictionaries). Returns null when fine.
 */
export function checkPasswordPolicy(password: string, userInputs: string[] = []): PasswordProblem | null {
  if (password.length < PASSWORD_MIN) return { message: `Use at least ${PASSWORD_MIN} characters.` };
  if (password.length > PASSWORD_MAX) return { message: `Use at most ${PASSWORD_MAX} characters.` };
  const inputs = userInputs.flatMap((s) => [s, ...s.split(/[@.\s_-]+/)]).filter((s) => s.length >= 3);
  const result = passwordChecker().check(password.slice(0, 100), inputs);
  if (result.score < 2) {
    const why = result.feedback.warning || "This password is too common or easy to guess.";
    const tip = result.feedback.suggestions[0];
    return { message: tip ? `${why} ${tip}` : why };
  }
  return null;
}
