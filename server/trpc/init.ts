// tRPC setup, in the create-t3-app order: context type, init (transformer + error
// formatting), then the procedure bases. `t` is never exported; every procedure is built
// with `procedure(path)`, which reads its access rule from the table in shared/access.ts.
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { ACCESS, keyMayCall, type AccessRule, type AdminLevel, type ProcedurePath, type Role } from "../../shared/access.ts";
import { transformer } from "../../shared/transformer.ts";
import type { Context } from "./context.ts";
import { AppError } from "../services/errors.ts";
import { translateError } from "./errors.ts";
import { fieldErrorsOf } from "../../shared/field-errors.ts";
import { RATE_RULES } from "../auth/rate-limit.ts";
import { limit } from "./rate-limit.ts";
import { pathForProcedure, runWithDataContext } from "../db/context.ts";

const t = initTRPC.context<Context>().create({
  transformer,
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    const zod = cause instanceof ZodError ? cause : null;
    if (internal) ctx?.log.error({ err: error.cause ?? error, requestId: ctx.requestId }, "unexpected error");
    return {
      ...shape,
      message: internal
        ? `Something went wrong on our side (request ${ctx?.requestId ?? "?"}). Please try again.`
        : zod
          ? (zod.issues[0]?.message ?? "Some fields need your attention.")
          : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        appCode: cause instanceof AppError ? cause.appCode : null,
        retryAfterSeconds: cause instanceof AppError ? (cause.retryAfterSeconds ?? null) : null,
        /** The form field a domain error belongs to (e.g. "password" for WEAK_PASSWORD). */
        field: cause instanceof AppError ? (cause.field ?? null) : null,
        /** zod's errors by field; nested fields by dotted path ("preferences.theme"). */
        fieldErrors: zod ? fieldErrorsOf(zod) : cause instanceof AppError ? (cause.fieldErrors ?? null) : null,
        formErrors: zod ? zod.issues.filter((i) => i.path.length === 0).map((i) => i.message) : null,
        /** When a used-up quota resets (QUOTA_EXCEEDED), as an ISO date-time. */
        resetsAt: cause instanceof AppError ? (cause.resetsAt ?? null) : null,
      },
    };
  },
});


export const createRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors thrown anywhere below (middlewares, resolvers) become tRPC errors here. */
const translated = t.procedure.use(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) {
    const e = translateError(result.error);
    // A domain error that says when to come back (lockout, pause, a database that cannot
    // answer right now) gets a Retry-After header.
    const cause = e instanceof TRPCError && e.cause instanceof AppError ? e.cause : undefined;
    if (cause && (cause.kind === "rate-limited" || cause.kind === "unavailable") && cause.retryAfterSeconds) ctx.setHeader("Retry-After", String(cause.retryAfterSeconds));
    if (cause?.appCode === "DATABASE_UNAVAILABLE" || cause?.appCode === "DATABASE_BUSY") ctx.log.warn({ err: result.error.cause, requestId: ctx.requestId }, `database: ${cause.appCode}`);
    if (e !== result.error) throw e;
  }
  return result;
});

/**
 * API key callers (issue 14): a key that does not work is refused at once (401); a working key
 * reaches only the procedures its scopes open (shared/access.ts API_SCOPE_OF; 403 otherwise)
 * and is rate-limited per key, apart from the per-IP limits. Key callers send no cookies, so
 * the CSRF check below does not apply to them.
 */
const keyChecked = translated.use(async ({ ctx, path, next }) => {
  if (!ctx.apiKey) return next();
  if (ctx.apiKey === "refused") {
    throw new AppError("unauthenticated", "API_KEY_INVALID", "This API key is not valid: it was revoked or has expired, or its company account cannot use the API now.");
  }
  if (!keyMayCall(path, ctx.apiKey.scopes)) {
    throw new AppError("forbidden", "API_SCOPE_MISSING", "This API key does not have the scope for this.");
  }
  await limit(ctx, RATE_RULES.apiKey, ctx.apiKey.id);
  return next();
});

/** CSRF: every mutation must come from our own origin (Lucia guide); key callers excepted. */
const base = keyChecked.use(({ ctx, type, next }) => {
  if (type === "mutation" && !ctx.apiKey && ctx.origin !== ctx.config.appOrigin) {
    throw new AppError("forbidden", "CSRF", "This request did not come from the HireXp site. Reload the page and try again.");
  }
  return next();
});

/**
 * PostgreSQL cannot store the NUL character, nor text that is not well-formed UTF-16 (a lone
 * surrogate): any string (or object key) in the input that holds one is bad input for every
 * procedure (400 with the field), never a 500.
 */
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
function fieldWithUnstorableText(input: unknown): string | null {
  const stack: [unknown, string][] = [[input, ""]];
  while (stack.length > 0) {
    const [v, field] = stack.pop()!;
    if (typeof v === "string") {
      if (UNSTORABLE.test(v)) return field;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push([x, field]);
    } else if (v !== null && typeof v === "object" && !(v instanceof Date)) {
      for (const [k, x] of Object.entries(v)) {
        if (UNSTORABLE.test(k)) return field || k;
        stack.push([x, field || k]);
      }
    }
  }
  return null;
}
const storableInput = base.use(async ({ getRawInput, next }) => {
  const field = fieldWithUnstorableText(await getRawInput());
  if (field !== null) throw new AppError("invalid", "BAD_INPUT", "This text holds a character that cannot be stored (NUL or a broken Unicode sequence).", field ? { field } : {});
  return next();
});

export const publicProcedure = storableInput;

/** Signed in (any session whose account may still use it), e.g. the verify-your-email page. */
export const sessionProcedure = storableInput.use(({ ctx, next }) => {
  // A working API key stands in for a session (keyChecked let it through to its scopes only).
  if (!ctx.user || (!ctx.session && !(ctx.apiKey && ctx.apiKey !== "refused"))) throw new AppError("unauthenticated", "UNAUTHENTICATED", "Please sign in.");
  if (ctx.user.status === "SUSPENDED" || ctx.user.status === "DEACTIVATED") {
    throw new AppError("unauthenticated", "ACCOUNT_INACTIVE", "This account can no longer be used.");
  }
  // For a key caller `session` is null although typed as present: no procedure a key can
  // reach reads it (the session procedures are auth.* ones, never in API_SCOPE_OF).
  return next({ ctx: { ...ctx, user: ctx.user, session: ctx.session as NonNullable<Context["session"]> } });
});

/** Signed in, account ACTIVE and email verified. */
export const authedProcedure = sessionProcedure.use(({ ctx, next }) => {
  if (!ctx.user.emailVerified || ctx.user.status !== "ACTIVE") {
    throw new AppError("forbidden", "EMAIL_NOT_VERIFIED", "Verify your email address first: open the link we sent you.");
  }
  return next();
});

export function roleProcedure(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) {
      throw new AppError("forbidden", "FORBIDDEN", "Your account does not have access to this.");
    }
    return next();
  });
}

/** An ADMIN whose AdminProfile access level is at least `level`. */
export function adminProcedure(level: AdminLevel) {
  return roleProcedure("ADMIN").use(({ ctx, next }) => {
    if ((ctx.user.adminLevel ?? 0) < level) {
      throw new AppError("forbidden", "ADMIN_LEVEL", `This needs admin access level ${level}; yours is ${ctx.user.adminLevel ?? 0}.`);
    }
    return next();
  });
}

function baseFor(rule: AccessRule) {
  if (rule === "public") return publicProcedure;
  if (rule === "session") return sessionProcedure;
  if (rule === "authed") return authedProcedure;
  if ("admin" in rule) return adminProcedure(rule.admin);
  return roleProcedure(...rule);
}

type BaseFor<R> = R extends "public"
  ? typeof publicProcedure
  : R extends "session"
    ? typeof sessionProcedure
    : typeof authedProcedure;

/**
 * The procedure base for `path`, with the access rule the table in shared/ gives it; its
 * database work runs in the data context of the caller and the procedure's named path
 * (row-level security, server/db/context.ts).
 */
export function procedure<P extends ProcedurePath>(path: P): BaseFor<(typeof ACCESS)[P]> {
  const rule = ACCESS[path];
  return baseFor(rule).use(({ ctx, next }) =>
    runWithDataContext({ userId: ctx.user?.id ?? null, path: pathForProcedure(path, rule, ctx.user?.role ?? null) }, () => next()),
  ) as unknown as BaseFor<(typeof ACCESS)[P]>;
}
