// Sessions after the Lucia guide: a random token in an HttpOnly cookie, only its SHA-256
// in the sessions table, 30-day expiry renewed when less than 15 days remain, and one
// database round trip (session joined with its user) to validate a request.
import type { Prisma, PrismaClient } from "../db/generated/client.ts";
import type { Statement } from "../db/statement.ts";
import type { Role } from "../../shared/access.ts";
import { generateToken, hashToken } from "./tokens.ts";
import { adoptUser } from "../db/context.ts";

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_RENEW_WITHIN_MS = 15 * 24 * 60 * 60 * 1000;
export const LAST_SEEN_INTERVAL_MS = 60 * 1000;

type Tx = PrismaClient | Prisma.TransactionClient;

export type SessionUser = {
  id: string;
  email: string;
  role: Role;
  status: "ACTIVE" | "SUSPENDED" | "DEACTIVATED" | "PENDING_VERIFICATION";
  emailVerified: Date | null;
  name: string | null;
  /** The profile picture's URL (an uploaded one, /api/images/…, or a sign-in provider's), or null. */
  avatar: string | null;
  /** AdminProfile.accessLevel for admins, else null. */
  adminLevel: number | null;
  /** Whether the account has a password (false: provider sign-in only). */
  hasPassword: boolean;
};

export type ValidSession = { id: string; userId: string; expires: Date; createdAt: Date; fresh: boolean };

export async function createSession(
  db: Tx,
  userId: string,
  meta: { ipAddress: string | null; userAgent: string | null },
): Promise<{ token: string; session: { id: string; expires: Date } }> {
  const token = generateToken();
  const expires = new Date(Date.now() + SESSION_TTL_MS);
  const session = await db.session.create({
    data: {
      sessionToken: hashToken(token),
      userId,
      expires,
      ipAddress: meta.ipAddress,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
    },
    select: { id: true, expires: true },
  });
  return { token, session };
}

/**
 * The session lookup before a user is known (row-level security lets nobody read sessions by
 * token): a SECURITY DEFINER function, session joined with user, profile and admin level
 * (migration ..._row_level_security).
 */
export const SESSION_LOOKUP_SQL = "SELECT * FROM auth_session_lookup($1)";

type Row = {
  session_id: string;
  expires: Date;
  created_at: Date;
  last_seen_at: Date;
  user_id: string;
  email: string;
  role: Role;
  status: SessionUser["status"];
  email_verified: Date | null;
  name: string | null;
  avatar: string | null;
  admin_level: number | null;
  has_password: boolean;
};

/** The session's write when renewal or last-seen is due ($1 id, $2 last seen, $3 expires or null to keep). */
export const SESSION_TOUCH_SQL = `UPDATE sessions SET last_seen_at = $2, expires = COALESCE($3, expires) WHERE id = $1`;

/**
 * Runs a statement on the `pg` pool directly as a named prepared statement (Database.preparedQuery,
 * PostgreSQL only): ~0.15 ms a query against ~0.6 ms through Prisma's $queryRaw. Absent on PGlite.
 */
export type PreparedQuery = Statement;

/** Session ids whose last-seen / renewal write is in flight: concurrent requests do not repeat it. */
const touching = new Set<string>();

/**
 * Looks the token up (one query, session joined with user and profile name). Expired
 * sessions, and those of suspended / deactivated accounts, are deleted. Renewal and last-seen
 * writes happen only when due, not per request: a renewal is awaited (the cookie it sets must
 * match the row), a last-seen touch is not (it never changes the answer).
 *
 * `prepared` (the pg pool's named prepared statements, see server/db/client.ts) is the fast
 * path; without it (PGlite, tests) the same SQL runs through Prisma. Both give the same answers
 * (tests/integration/session-fast-path.test.ts).
 */
export async function validateSessionToken(
  db: PrismaClient,
  token: string,
  prepared?: PreparedQuery,
): Promise<{ session: ValidSession; user: SessionUser } | null> {
  if (token.length !== 32 || !/^[a-z2-7]{32}$/.test(token)) return null;
  const tokenHash = hashToken(token);
  const rows = prepared
    ? await prepared<Row>("hirexp_session_lookup", SESSION_LOOKUP_SQL, [tokenHash])
    : await db.$queryRawUnsafe<Row[]>(SESSION_LOOKUP_SQL, tokenHash);
  const row = rows[0];
  if (!row) return null;
  // The session's user is now the acting user of this request's data context (row-level security).
  adoptUser(row.user_id);
  const now = Date.now();
  // Expired, or the account was suspended / deactivated since: the session is over.
  if (row.expires.getTime() <= now || row.status === "SUSPENDED" || row.status === "DEACTIVATED") {
    await db.session.deleteMany({ where: { id: row.session_id } });
    return null;
  }
  let expires = row.expires;
  let fresh = false;
  const renew = expires.getTime() - now < SESSION_RENEW_WITHIN_MS;
  const touch = now - row.last_seen_at.getTime() >= LAST_SEEN_INTERVAL_MS;
  if (renew) {
    expires = new Date(now + SESSION_TTL_MS);
    fresh = true;
    await writeTouch(db, prepared, row.session_id, new Date(now), expires);
  } else if (touch && !touching.has(row.session_id)) {
    // Off the answer's path: the request does not wait for the last-seen write.
    touching.add(row.session_id);
    writeTouch(db, prepared, row.session_id, new Date(now), null)
      .catch(() => {
        /* a missed last-seen update is retried by the next request after the interval */
      })
      .finally(() => touching.delete(row.session_id));
  }
  return {
    session: { id: row.session_id, userId: row.user_id, expires, createdAt: row.created_at, fresh },
    user: sessionUserOf(row),
  };
}

/** The acting user from a lookup row (auth_session_lookup, api_key_lookup: the same columns). */
export function sessionUserOf(row: Pick<Row, "user_id" | "email" | "role" | "status" | "email_verified" | "name" | "avatar" | "admin_level" | "has_password">): SessionUser {
  return {
    id: row.user_id,
    email: row.email,
    role: row.role,
    status: row.status,
    emailVerified: row.email_verified,
    name: row.name,
    avatar: row.avatar,
    adminLevel: row.admin_level,
    hasPassword: row.has_password,
  };
}

async function writeTouch(db: PrismaClient, prepared: PreparedQuery | undefined, id: string, lastSeen: Date, expires: Date | null): Promise<void> {
  if (prepared) {
    // ISO strings in UTC: the columns have no time zone and Prisma keeps them in UTC.
    await prepared("hirexp_session_touch", SESSION_TOUCH_SQL, [id, lastSeen.toISOString(), expires?.toISOString() ?? null]);
    return;
  }
  await db.session.updateMany({ where: { id }, data: { lastSeenAt: lastSeen, ...(expires ? { expires } : {}) } });
}

export async function invalidateSession(db: Tx, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } });
}

export async function invalidateUserSessions(db: Tx, userId: string, exceptSessionId?: string): Promise<number> {
  const r = await db.session.deleteMany({
    where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
  });
  return r.count;
}

export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-hirexp_session" : "hirexp_session";
}

export function sessionCookieOptions(secure: boolean, expires: Date) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    secure,
    path: "/",
    expires,
  };
}
