// Fixed-window rate limits kept in PostgreSQL (table rate_limits), so every app server
// shares them. One atomic upsert per check; each procedure call counts once, so a tRPC
// batch of 20 sign-ins counts 20. A subject that is an IP address is counted per network
// (ipSubject): callers pass the client's address as it is.
import net from "node:net";
import type { PrismaClient } from "../db/generated/client.ts";
import { statementRunner, type Statement } from "../db/statement.ts";

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
  /** account.export ("Download my data"): 5 per hour per user — each reads everything they have. */
  dataExportUser: { name: "dataExport:user", limit: 5, windowMs: 60 * 60_000 },
  emailChangeUser: { name: "emailChange:user", limit: 5, windowMs: 60 * 60_000 },
  sessionsUser: { name: "sessions:user", limit: 30, windowMs: 60_000 },
  signOutIp: { name: "signOut:ip", limit: 60, windowMs: 60_000 },
  /** admin.stats.refresh rebuilds a materialized view: 3 per minute per admin. */
  statsRefreshUser: { name: "statsRefresh:user", limit: 3, windowMs: 60_000 },
  /** Avatar and logo uploads together (each is decoded and re-encoded): 20 per 10 minutes per user. */
  imageUploadUser: { name: "imageUpload:user", limit: 20, windowMs: 10 * 60_000 },
  /** content.previewReply (the studio's coach preview): 60 replies per minute per author. */
  coachPreviewUser: { name: "coachPreview:user", limit: 60, windowMs: 60_000 },
  /** "Someone tried to sign up with your address" mails: one per address per hour. */
  accountExistsMail: { name: "accountExistsMail:email", limit: 1, windowMs: 60 * 60_000 },
  /** Practice: messages (chat) and utterances (calls) a trainee sends, 30 per minute. */
  practiceMessageUser: { name: "practiceMessage:user", limit: 30, windowMs: 60_000 },
  /** Call practice: recordings sent to the speech-to-text server, 30 per minute per trainee. */
  practiceTranscribeUser: { name: "practiceTranscribe:user", limit: 30, windowMs: 60_000 },
  // assessments: the page autosaves every few seconds while answering; submits are idempotent
  assessmentStartUser: { name: "assessmentStart:user", limit: 20, windowMs: 60_000 },
  assessmentSaveUser: { name: "assessmentSave:user", limit: 60, windowMs: 60_000 },
  assessmentSubmitUser: { name: "assessmentSubmit:user", limit: 20, windowMs: 60_000 },
  /** certificates.verify (public): 30 lookups per minute per address (IPv6: per /64), against guessing codes. */
  certificateVerifyIp: { name: "certificateVerify:ip", limit: 30, windowMs: 60_000 },
  /** jobs.apply: 30 applications per hour per trainee. */
  jobApplyUser: { name: "jobApply:user", limit: 30, windowMs: 60 * 60_000 },
  /** API keys (issue 14): 600 calls per minute per key, apart from any per-IP limit. */
  apiKey: { name: "apiKey:key", limit: 600, windowMs: 60_000 },
} as const satisfies Record<string, RateRule>;

const IPV4_MAPPED = new net.BlockList();
IPV4_MAPPED.addSubnet("::ffff:0:0", 96, "ipv6");

/** The eight 16-bit groups of a valid IPv6 address (any notation, zone id already removed). */
function ipv6Groups(address: string): number[] {
  // The URL parser writes an IPv6 host in its canonical form: lower-case hex, the longest
  // zero run as "::", an embedded IPv4 tail as two hex groups.
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head = "", tail] = canonical.split("::");
  const part = (s: string | undefined) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const left = part(head);
  const right = part(tail);
  return tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The subject a per-address limit counts a client address under. An IPv6 client is counted
 * by its /64 ("2001:db8:1:2::/64"): that is what one subscriber or host is given, and it can
 * pick a new address in it for every request. An IPv4-mapped IPv6 address (::ffff:a.b.c.d, how
 * a dual-stack socket shows an IPv4 client) is its IPv4 address. IPv4 addresses, and anything
 * that is not an IP address (an email, a user id, "unknown"), are returned unchanged.
 */
export function ipSubject(subject: string): string {
  const address = subject.replace(/%[^%]*$/, "");
  const version = net.isIP(address);
  if (version === 4) return address;
  if (version !== 6) return subject;
  const g = ipv6Groups(address);
  if (IPV4_MAPPED.check(address, "ipv6")) return [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].join(".");
  return `${g.slice(0, 4).map((n) => n.toString(16)).join(":")}::/64`;
}

export type RateResult = { ok: true } | { ok: false; retryAfterSeconds: number };

const HIT_SQL = `
  INSERT INTO rate_limits (key, count, window_start, expires_at)
  VALUES ($1, 1, $2::timestamp, $3::timestamp)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN rate_limits.expires_at <= $2::timestamp THEN 1 ELSE rate_limits.count + 1 END,
    window_start = CASE WHEN rate_limits.expires_at <= $2::timestamp THEN $2::timestamp ELSE rate_limits.window_start END,
    expires_at = CASE WHEN rate_limits.expires_at <= $2::timestamp THEN $3::timestamp ELSE rate_limits.expires_at END
  RETURNING count, expires_at`;

/**
 * Counts one attempt and answers in one statement (an upsert that restarts an expired window):
 * concurrent attempts cannot slip past the limit. `prepared` is the pg pool's fast path
 * (server/db/statement.ts); without it the same SQL runs through Prisma.
 */
export async function hit(db: PrismaClient, rule: RateRule, subject: string, now = new Date(), prepared?: Statement): Promise<RateResult> {
  const key = `${rule.name}:${ipSubject(subject)}`;
  const until = new Date(now.getTime() + rule.windowMs);
  const rows = await statementRunner(db, prepared)<{ count: number; expires_at: Date }>("hirexp_rate_hit", HIT_SQL, [key, now.toISOString(), until.toISOString()]);
  const row = rows[0]!;
  if (row.count <= rule.limit) return { ok: true };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((row.expires_at.getTime() - now.getTime()) / 1000)) };
}
