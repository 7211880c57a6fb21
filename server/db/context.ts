// The data context of the work in progress: who is acting (userId) and through which named
// path (docs/decisions/017-row-level-security.md). Held in AsyncLocalStorage, so it follows
// the request (or job) through every await down to the database pool, which hands it to
// PostgreSQL as `app.user_id` / `app.path` on the connection it checks out
// (server/db/client.ts). The row-level security policies (migration ..._row_level_security)
// read them through current_user_id() and app_path().
//
//   user    — a signed-in caller on their own rows (the default of a signed-in procedure)
//   public  — anyone, signed in or not: published content, open jobs, certificate verification
//   auth    — sign-up, sign-in, password reset, OAuth: before (or while) the user is known
//   company — a company user: search over opted-in trainees, their interest and applications
//   admin   — an admin procedure (access level checked by the procedure)
//   system  — the app itself: start-up, background jobs, operator commands
//
// Work with no context at all gets the pool's `contextless` setting: "deny" in the app (no
// user, no path: the policies return nothing), "system" for tests' fixtures and tools.
import { AsyncLocalStorage } from "node:async_hooks";

export const DATA_PATHS = ["user", "public", "auth", "company", "admin", "system"] as const;
export type DataPath = (typeof DATA_PATHS)[number];

export type DataContext = {
  /** The acting user's id, or null before anyone is known. Adopted once a session is validated. */
  userId: string | null;
  path: DataPath;
};

const storage = new AsyncLocalStorage<DataContext>();

export const SYSTEM_CONTEXT: Readonly<DataContext> = Object.freeze({ userId: null, path: "system" });

/** The data context of the caller, or undefined outside any. */
export function currentDataContext(): DataContext | undefined {
  return storage.getStore();
}

/**
 * Runs `fn` (and everything it awaits or schedules) in `ctx`. A lazy thenable it returns (a
 * Prisma query not awaited inside `fn`) is started here, inside the context, not by the
 * caller's later `await`.
 */
export function runWithDataContext<T>(ctx: DataContext, fn: () => T): T {
  return storage.run(ctx, () => {
    const r = fn();
    if (r !== null && typeof r === "object" && typeof (r as { then?: unknown }).then === "function" && !(r instanceof Promise)) {
      return new Promise((resolve, reject) => (r as unknown as PromiseLike<unknown>).then(resolve, reject)) as T;
    }
    return r;
  });
}

/** Runs `fn` in the `system` path: start-up, background jobs, operator work. */
export function asSystem<T>(fn: () => T): T {
  return runWithDataContext({ userId: null, path: "system" }, fn);
}

/**
 * The user of a validated session becomes the acting user of the current context, when it
 * has none yet (a request's context starts without one: the session lookup comes first).
 */
export function adoptUser(userId: string): void {
  const ctx = storage.getStore();
  if (ctx && ctx.userId === null && ctx.path !== "system") ctx.userId = userId;
}

/** `fn` bound to the caller's data context, for callbacks run later from an event emitter. */
export function bindDataContext<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ctx = storage.getStore();
  if (!ctx) return fn;
  const copy = { ...ctx };
  return (...args: A) => storage.run(copy, () => fn(...args));
}

/**
 * Procedures that find a user by something other than the caller's session (an email, a
 * mailed token) or create one: the `auth` path.
 */
const AUTH_PROCEDURES: ReadonlySet<string> = new Set([
  "auth.signUp",
  "auth.signIn",
  "auth.verifyEmail",
  "auth.unlockAccount",
  "auth.requestPasswordReset",
  "auth.resetPassword",
  "auth.confirmEmailChange",
  // Answers a taken address exactly like a free one: it must see whether it is taken.
  "auth.requestEmailChange",
]);

type Rule = "public" | "session" | "authed" | { readonly admin: number } | readonly string[];

/** The path of a tRPC procedure, from its access rule (shared/access.ts) and the caller's role. */
export function pathForProcedure(procedurePath: string, rule: Rule, role: string | null): DataPath {
  if (AUTH_PROCEDURES.has(procedurePath)) return "auth";
  if (rule === "public") return "public";
  if (typeof rule === "object" && "admin" in rule) return "admin";
  if (Array.isArray(rule)) {
    if (role === "ADMIN" && rule.includes("ADMIN")) return "admin";
    if (role === "COMPANY" && rule.includes("COMPANY")) return "company";
  }
  return "user";
}

/** The path of a plain HTTP route (not tRPC), by its URL; a validated session adds the user. */
export function pathForUrl(url: string): DataPath {
  if (url.startsWith("/auth/oauth/")) return "auth";
  if (url.startsWith("/api/admin/")) return "admin";
  if (url.startsWith("/api/practice/")) return "user";
  return "public";
}
