// Per-request context: the database, config, request metadata, cookie operations and
// the signed-in session + user (one database round trip, see auth/session.ts).
import type { Config } from "../config.ts";
import type { PrismaClient } from "../db/generated/client.ts";
import type { Statement } from "../db/statement.ts";
import type { SessionUser, ValidSession } from "../auth/session.ts";
import type { RequestMeta } from "../services/audit.ts";
import type { ApiKeyCaller } from "../services/api-keys/keys.ts";

export type CookieJar = {
  get(name: string): string | undefined;
  set(name: string, value: string, options: { httpOnly: boolean; sameSite: "lax"; secure: boolean; path: string; expires: Date }): void;
  clear(name: string, options: { path: string; secure: boolean }): void;
};

export type Logger = {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
};

export type Context = {
  db: PrismaClient;
  /** The pg pool's named prepared statements (server/db/statement.ts); absent on PGlite and for in-process callers. */
  prepared?: Statement | undefined;
  config: Config;
  log: Logger;
  requestId: string;
  meta: RequestMeta;
  /** The TCP peer's address (req.socket.remoteAddress), never taken from a header; absent for in-process callers. */
  socketAddress?: string | undefined;
  /** The Origin header of the request, checked on every mutation (CSRF). */
  origin: string | undefined;
  cookies: CookieJar;
  setHeader(name: string, value: string): void;
  session: ValidSession | null;
  user: SessionUser | null;
  /**
   * An API key caller (issue 14: `Authorization: Bearer hxp_…`): `user` is the key's owner,
   * `session` is null, and only the procedures API_SCOPE_OF opens for the key's scopes answer.
   * "refused": a key was sent but does not work (unknown, revoked, expired, owner suspended,
   * deactivated or no longer verified): every call is UNAUTHORIZED. Absent: no key was sent.
   */
  apiKey?: ApiKeyCaller | "refused" | null;
  /** Wakes the mail worker after a transaction enqueued mail. */
  mailQueued(): void;
  /** Runs `task` once the answer has been sent (or the client went away): work that must not delay the answer. */
  afterResponse?(task: () => void): void;
};
