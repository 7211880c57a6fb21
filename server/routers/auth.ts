import {
  ChangePasswordInput,
  ConfirmEmailChangeInput,
  DeactivateInput,
  RequestEmailChangeInput,
  RevokeSessionInput,
  SecurityEventsInput,
  RequestPasswordResetInput,
  ResetPasswordInput,
  SignInInput,
  SignUpInput,
  UnlockAccountInput,
  VerifyEmailInput,
} from "../../shared/schemas/auth.ts";
import { deviceCookieName, deviceCookieOptions, isKnownDevice } from "../auth/known-device.ts";
import { unlockAccount } from "../services/auth/lockout.ts";
import { RATE_RULES } from "../auth/rate-limit.ts";
import { limit } from "../trpc/rate-limit.ts";
import { AppError } from "../services/errors.ts";
import { invalidateSession, sessionCookieName, sessionCookieOptions } from "../auth/session.ts";
import { changePassword } from "../services/auth/change-password.ts";
import { deactivateAccount } from "../services/auth/deactivate.ts";
import { confirmEmailChange, requestEmailChange } from "../services/auth/email-change.ts";
import { listSecurityEvents } from "../services/security/events.ts";
import { listSessions, revokeOtherSessions, revokeSession } from "../services/security/sessions.ts";
import { accountsRouter, providersProcedure } from "./auth-accounts.ts";
import type { AuthDeps } from "../services/auth/deps.ts";
import { processPasswordResetRequestsAfter, requestPasswordReset, resetPassword } from "../services/auth/password-reset.ts";
import { signIn } from "../services/auth/sign-in.ts";
import { signUp } from "../services/auth/sign-up.ts";
import { resendVerification, verifyEmail } from "../services/auth/verify-email.ts";
import { audit } from "../services/audit.ts";
import type { Context } from "../trpc/context.ts";
import { createRouter, procedure } from "../trpc/init.ts";

const deps = (ctx: Context): AuthDeps => ({ db: ctx.db, config: ctx.config, meta: ctx.meta, prepared: ctx.prepared });


const ipOf = (ctx: Context) => ctx.meta.ipAddress ?? "unknown";

function clearSessionCookie(ctx: Context) {
  const secure = ctx.config.secureCookies;
  ctx.cookies.clear(sessionCookieName(secure), { path: "/", secure });
}

/** The signed-in actor of an authed procedure. */
function actorOf(ctx: Context) {
  if (!ctx.session || !ctx.user) throw new AppError("unauthenticated", "UNAUTHENTICATED", "Please sign in.");
  return { userId: ctx.user.id, sessionId: ctx.session.id, sessionCreatedAt: ctx.session.createdAt, meta: ctx.meta, appUrl: ctx.config.appUrl };
}

const sessionsRouter = createRouter({
  list: procedure("auth.sessions.list").query(({ ctx }) => listSessions(ctx.db, ctx.user.id, ctx.session.id)),
  revoke: procedure("auth.sessions.revoke")
    .input(RevokeSessionInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.sessionsUser, ctx.user.id);
      const r = await revokeSession(ctx.db, actorOf(ctx), input.id);
      if (r.current) clearSessionCookie(ctx);
      return r;
    }),
  revokeOthers: procedure("auth.sessions.revokeOthers").mutation(async ({ ctx }) => {
    await limit(ctx, RATE_RULES.sessionsUser, ctx.user.id);
    return revokeOtherSessions(ctx.db, actorOf(ctx));
  }),
});

export const authRouter = createRouter({
  signUp: procedure("auth.signUp")
    .input(SignUpInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.signUpIp, ipOf(ctx));
      const r = await signUp(deps(ctx), input);
      ctx.mailQueued();
      return { email: r.email };
    }),

  verifyEmail: procedure("auth.verifyEmail")
    .input(VerifyEmailInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.tokenIp, ipOf(ctx));
      const current = ctx.session && ctx.user ? { userId: ctx.user.id, sessionId: ctx.session.id } : null;
      const r = await verifyEmail(deps(ctx), input.token, current);
      // Every earlier session of the account ended; this browser, if it was one, gets a new one.
      if (r.session) ctx.cookies.set(sessionCookieName(ctx.config.secureCookies), r.session.token, sessionCookieOptions(ctx.config.secureCookies, r.session.expires));
      return { email: r.email };
    }),

  resendVerification: procedure("auth.resendVerification").mutation(async ({ ctx }) => {
    await limit(ctx, RATE_RULES.resendIp, ipOf(ctx));
    await limit(ctx, RATE_RULES.resendEmail, ctx.user.email);
    const r = await resendVerification(deps(ctx), ctx.user);
    ctx.mailQueued();
    return r;
  }),

  signIn: procedure("auth.signIn")
    .input(SignInInput)
    .mutation(async ({ ctx, input }) => {
      const secure = ctx.config.secureCookies;
      // A browser that signed in to this account before (its device cookie) is not held back
      // by the per-IP and per-account limits, which anyone can exhaust; the lockout still applies.
      const device = ctx.cookies.get(deviceCookieName(secure));
      if (!(device && (await isKnownDevice(ctx.db, device, input.email)))) {
        await limit(ctx, RATE_RULES.signInIp, ipOf(ctx));
        await limit(ctx, RATE_RULES.signInEmail, input.email);
      }
      let r;
      try {
        r = await signIn(deps(ctx), input, device);
      } catch (e) {
        // A failure may have locked the account and queued the lockout mail. A success queues
        // none: waking the mail worker then cost a poll of the outbox (and the pool connection's
        // switch to the worker's data context and back) per sign-in, for nothing.
        ctx.mailQueued();
        throw e;
      }
      // A new token at every sign-in: the session this browser had before ends.
      if (ctx.session) await invalidateSession(ctx.db, ctx.session.id);
      ctx.cookies.set(sessionCookieName(secure), r.token, sessionCookieOptions(secure, r.expires));
      ctx.cookies.set(deviceCookieName(secure), r.device.token, deviceCookieOptions(secure, r.device.expires));
      return { userId: r.user.id, role: r.user.role, emailVerified: r.user.emailVerified !== null };
    }),

  /** The lockout mail's link: unlocks the account (single use); signing in still takes the password. */
  unlockAccount: procedure("auth.unlockAccount")
    .input(UnlockAccountInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.tokenIp, ipOf(ctx));
      return unlockAccount({ db: ctx.db, meta: ctx.meta }, input.token);
    }),

  signOut: procedure("auth.signOut").mutation(async ({ ctx }) => {
    await limit(ctx, RATE_RULES.signOutIp, ipOf(ctx));
    if (ctx.session && ctx.user) {
      const { session, user } = ctx;
      await ctx.db.$transaction(async (tx) => {
        await invalidateSession(tx, session.id);
        await audit(tx, { action: "SIGN_OUT", userId: user.id, details: { sessionId: session.id }, meta: ctx.meta });
      });
    }
    clearSessionCookie(ctx);
    return { ok: true as const };
  }),

  me: procedure("auth.me").query(({ ctx }) => {
    if (!ctx.user) return null;
    const u = ctx.user;
    return {
      id: u.id,
      email: u.email,
      role: u.role,
      status: u.status,
      emailVerified: u.emailVerified,
      name: u.name,
      /** The profile picture's URL; absent when there is none. */
      ...(u.avatar ? { avatar: u.avatar } : {}),
      hasPassword: u.hasPassword,
      /** AdminProfile.accessLevel (1–3) for admins, null otherwise: the UI offers only what the level allows. */
      adminLevel: u.adminLevel,
    };
  }),

  requestPasswordReset: procedure("auth.requestPasswordReset")
    .input(RequestPasswordResetInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.resetIp, ipOf(ctx));
      await limit(ctx, RATE_RULES.resetEmail, input.email);
      // Same work for every address before the answer; the lookup and mail come after it.
      await requestPasswordReset(deps(ctx), input.email);
      processPasswordResetRequestsAfter(ctx.afterResponse ?? setImmediate, ctx.db, ctx.config.appUrl, ctx.mailQueued, ctx.log);
      return { ok: true as const };
    }),

  resetPassword: procedure("auth.resetPassword")
    .input(ResetPasswordInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.tokenIp, ipOf(ctx));
      await resetPassword(deps(ctx), input);
      ctx.mailQueued();
      return { ok: true as const };
    }),

  changePassword: procedure("auth.changePassword")
    .input(ChangePasswordInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.sensitiveUser, ctx.user.id);
      try {
        return await changePassword(deps(ctx), actorOf(ctx), input);
      } finally {
        ctx.mailQueued();
      }
    }),

  providers: providersProcedure,
  accounts: accountsRouter,
  sessions: sessionsRouter,

  securityEvents: procedure("auth.securityEvents")
    .input(SecurityEventsInput)
    .query(({ ctx, input }) => listSecurityEvents(ctx.db, ctx.user.id, { cursor: input?.cursor })),

  requestEmailChange: procedure("auth.requestEmailChange")
    .input(RequestEmailChangeInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.sensitiveUser, ctx.user.id);
      await limit(ctx, RATE_RULES.emailChangeUser, ctx.user.id);
      try {
        return await requestEmailChange(deps(ctx), actorOf(ctx), input);
      } finally {
        ctx.mailQueued();
      }
    }),

  confirmEmailChange: procedure("auth.confirmEmailChange")
    .input(ConfirmEmailChangeInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.tokenIp, ipOf(ctx));
      const current = ctx.session && ctx.user ? { userId: ctx.user.id, sessionId: ctx.session.id } : null;
      return confirmEmailChange(deps(ctx), input.token, current);
    }),

  deactivate: procedure("auth.deactivate")
    .input(DeactivateInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.sensitiveUser, ctx.user.id);
      try {
        await deactivateAccount(deps(ctx), actorOf(ctx), input);
      } finally {
        ctx.mailQueued();
      }
      clearSessionCookie(ctx);
      return { ok: true as const };
    }),
});
