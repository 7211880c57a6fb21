// The OAuth / OpenID Connect browser routes (Arctic):
//   GET /auth/oauth/:provider            start: state (+ PKCE verifier, `next`, link intent) in a
//                                        10-minute HttpOnly SameSite=Lax cookie bound to the
//                                        provider, then a redirect to the provider;
//   GET /auth/oauth/:provider/callback   check state and provider, exchange the code, read the
//                                        identity, then sign in (or link, for `?intent=link`).
// Every failure redirects to /sign-in?oauthError=<code>&provider=<id> (linking: to the settings
// page, or its `next`) with no new session; the state cookie is cleared on every callback. Unknown provider → 404.
import crypto from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { generateCodeVerifier, generateState } from "arctic";
import { z } from "zod";
import type { Config } from "../config.ts";
import type { PrismaClient } from "../db/generated/client.ts";
import { hit, type RateRule } from "../auth/rate-limit.ts";
import { invalidateSession, sessionCookieName, sessionCookieOptions, validateSessionToken } from "../auth/session.ts";
import { OAuthFlowError, readIdentity } from "../auth/oauth/identity.ts";
import { authorizationUrl, isProviderEnabled } from "../auth/oauth/providers.ts";
import { linkOAuthIdentity, oauthSignIn, type OAuthDeps } from "../services/auth/oauth-sign-in.ts";
import { safeNextPath, safeRedirectPath } from "../../shared/safe-redirect.ts";
import { isOAuthProviderId, type OAuthErrorCode, type OAuthProviderId } from "../../shared/schemas/oauth.ts";

/** Per client IP, kept in the rate_limits table like the other auth limits. */
export const OAUTH_RATE_RULES = {
  startIp: { name: "oauthStart:ip", limit: 20, windowMs: 10 * 60_000 },
  callbackIp: { name: "oauthCallback:ip", limit: 20, windowMs: 10 * 60_000 },
} as const satisfies Record<string, RateRule>;

export const OAUTH_STATE_TTL_S = 10 * 60;
/** Where linking from settings comes back to when no `next` was given. */
export const LINK_RETURN_PATH = "/settings/security";

export function oauthStateCookieName(secure: boolean): string {
  return secure ? "__Host-hirexp_oauth" : "hirexp_oauth";
}

/** What the state cookie holds (base64url JSON): provider, state, PKCE verifier, next, linking user. */
const StateCookie = z.object({
  p: z.string(),
  s: z.string().min(16).max(256),
  v: z.string().min(43).max(128),
  n: z.string().max(2048).optional(),
  l: z.string().max(64).optional(),
});
type StateCookie = z.infer<typeof StateCookie>;

function encodeStateCookie(v: StateCookie): string {
  return Buffer.from(JSON.stringify(v), "utf8").toString("base64url");
}

function decodeStateCookie(raw: string | undefined): StateCookie | null {
  if (!raw || raw.length > 4096) return null;
  try {
    const r = StateCookie.safeParse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** `path` with query parameters added (path is already a safe same-origin path). */
function withParams(path: string, params: Record<string, string>): string {
  const u = new URL(path, "https://hirexp.invalid");
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.pathname + u.search + u.hash;
}

/** `/sign-in?oauthError=<code>&provider=<id>`. */
const signInError = (code: OAuthErrorCode, provider: OAuthProviderId) => withParams("/sign-in", { oauthError: code, provider });

const one = (v: unknown): string | undefined => (typeof v === "string" ? v : Array.isArray(v) && typeof v[0] === "string" ? v[0] : undefined);

export type OAuthRouteDeps = {
  config: Config;
  db: PrismaClient;
  /** Wakes the mail worker (a new user with an unverified provider email gets a verification mail). */
  onMailQueued?: (() => void) | undefined;
};

export async function registerOAuthRoutes(app: FastifyInstance, deps: OAuthRouteDeps): Promise<void> {
  const { config, db } = deps;
  const secure = config.secureCookies;
  const stateCookie = oauthStateCookieName(secure);
  const sessionCookie = sessionCookieName(secure);

  const meta = (req: FastifyRequest) => {
    const ua = req.headers["user-agent"];
    return { ipAddress: req.ip ?? null, userAgent: typeof ua === "string" ? ua : null };
  };

  const redirect = (reply: FastifyReply, to: string) => reply.header("cache-control", "no-store").redirect(to, 302);

  async function limited(req: FastifyRequest, reply: FastifyReply, rule: RateRule, provider: OAuthProviderId): Promise<boolean> {
    const r = await hit(db, rule, req.ip ?? "unknown");
    if (r.ok) return false;
    const minutes = Math.ceil(r.retryAfterSeconds / 60);
    reply
      .code(429)
      .header("retry-after", String(r.retryAfterSeconds))
      .header("cache-control", "no-store")
      .type("text/html; charset=utf-8")
      .send(
        `<!doctype html><html lang="en"><meta charset="utf-8"><title>Too many attempts · HireXp</title>` +
          `<p>Too many sign-in attempts from your network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.</p>` +
          `<p><a href="${signInError("rate_limited", provider).replace(/&/g, "&amp;")}">Back to sign in</a></p></html>`,
      );
    return true;
  }

  /**
   * The browser's current session (and user), if its cookie is valid. With `reply`, a session
   * that was just renewed gets its cookie renewed too (as for tRPC requests).
   */
  async function currentSession(req: FastifyRequest, reply?: FastifyReply) {
    const token = req.cookies[sessionCookie];
    const auth = token ? await validateSessionToken(db, token) : null;
    if (auth?.session.fresh && reply) reply.setCookie(sessionCookie, token!, sessionCookieOptions(secure, auth.session.expires));
    return auth;
  }

  const notFound = (reply: FastifyReply) => reply.code(404).send({ error: "Not found" });

  app.get<{ Params: { provider: string }; Querystring: Record<string, unknown> }>("/auth/oauth/:provider", async (req, reply) => {
    const provider = req.params.provider;
    if (!isOAuthProviderId(provider)) return notFound(reply);
    if (await limited(req, reply, OAUTH_RATE_RULES.startIp, provider)) return reply;
    if (!isProviderEnabled(config, provider)) return redirect(reply, signInError("provider_off", provider));

    const linking = one(req.query.intent) === "link";
    const rawNext = one(req.query.next);
    let linkUserId: string | undefined;
    if (linking) {
      const auth = await currentSession(req, reply);
      if (!auth) return redirect(reply, signInError("not_signed_in", provider));
      linkUserId = auth.user.id;
    }
    const next = linking ? safeRedirectPath(rawNext, LINK_RETURN_PATH) : safeNextPath(rawNext);

    const state = generateState();
    const verifier = generateCodeVerifier();
    let url: URL;
    try {
      url = await authorizationUrl(config, provider, state, verifier);
    } catch (err) {
      req.log.warn({ err, provider }, "oauth: could not build the authorization URL");
      return redirect(reply, linking ? withParams(next, { oauthError: "unavailable", provider }) : signInError("unavailable", provider));
    }
    const value: StateCookie = { p: provider, s: state, v: verifier, n: next, ...(linkUserId ? { l: linkUserId } : {}) };
    reply.setCookie(stateCookie, encodeStateCookie(value), {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      maxAge: OAUTH_STATE_TTL_S,
    });
    return redirect(reply, url.toString());
  });

  app.get<{ Params: { provider: string }; Querystring: Record<string, unknown> }>("/auth/oauth/:provider/callback", async (req, reply) => {
    // The state is single use: whatever happens next, the cookie goes.
    const saved = decodeStateCookie(req.cookies[stateCookie]);
    reply.clearCookie(stateCookie, { httpOnly: true, sameSite: "lax", secure, path: "/" });

    const provider = req.params.provider;
    if (!isOAuthProviderId(provider)) return notFound(reply);
    if (await limited(req, reply, OAUTH_RATE_RULES.callbackIp, provider)) return reply;
    if (!isProviderEnabled(config, provider)) return redirect(reply, signInError("provider_off", provider));

    const state = one(req.query.state);
    if (!saved || saved.p !== provider || !state || !sameString(saved.s, state)) {
      return redirect(reply, signInError("state", provider));
    }
    const linking = saved.l !== undefined;
    const fail = (code: OAuthErrorCode) =>
      redirect(reply, linking ? withParams(safeRedirectPath(saved.n, LINK_RETURN_PATH), { oauthError: code, provider }) : signInError(code, provider));

    const providerError = one(req.query.error);
    if (providerError) {
      req.log.info({ provider, error: providerError.slice(0, 100) }, "oauth: the provider answered with an error");
      return fail("denied");
    }
    const code = one(req.query.code);
    if (!code || code.length > 4096) return fail("exchange");

    let identity;
    try {
      identity = await readIdentity(config, provider, code, saved.v);
    } catch (err) {
      if (!(err instanceof OAuthFlowError)) throw err;
      req.log.warn({ err, provider }, "oauth: sign-in failed");
      return fail(err.code);
    }

    const serviceDeps: OAuthDeps = { db, config, meta: meta(req) };
    const auth = await currentSession(req, linking ? reply : undefined);

    if (linking) {
      if (!auth) return fail("not_signed_in");
      // The flow was started by another user than the one signed in now.
      if (auth.user.id !== saved.l) return fail("state");
      const r = await linkOAuthIdentity(serviceDeps, auth.user.id, identity);
      if (!r.ok) return fail(r.code);
      return redirect(reply, withParams(safeRedirectPath(saved.n, LINK_RETURN_PATH), { oauthLinked: provider }));
    }

    const r = await oauthSignIn(serviceDeps, identity);
    if (!r.ok) return fail(r.code);
    if (r.mailQueued) deps.onMailQueued?.();
    // A new token at every sign-in: the session this browser had before ends.
    if (auth) await invalidateSession(db, auth.session.id);
    reply.setCookie(sessionCookie, r.token, sessionCookieOptions(secure, r.expires));
    return redirect(reply, safeNextPath(saved.n));
  });
}
