// Authorization code → a normalised identity, per provider:
//   google   ID token claims (decodeIdToken), iss/aud/exp checked;
//   github   api.github.com/user + /user/emails (the primary address, and whether it is verified);
//   linkedin its OpenID Connect userinfo (api.linkedin.com/v2/userinfo);
//   oidc     ID token claims, iss/aud/exp checked against the discovered issuer, plus the
//            userinfo endpoint when the ID token carries no email (e.g. conformant providers
//            that put scope claims only in userinfo).
// ID tokens come straight from the token endpoint over TLS, so (OpenID Connect Core §3.1.3.7)
// their signature is not checked; their issuer, audience and expiry are.
import { decodeIdToken, type OAuth2Tokens } from "arctic";
import type { Config } from "../../config.ts";
import { EmailSchema } from "../../../shared/schemas/fields.ts";
import type { OAuthErrorCode, OAuthProviderId } from "../../../shared/schemas/oauth.ts";
import { discoverOidc, githubClient, googleClient, linkedInClient, oidcClient } from "./providers.ts";

/** The token fields the accounts table stores (expiresAt in seconds since the epoch). */
export type StoredTokens = {
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: number | null;
  tokenType: string | null;
  scope: string | null;
  idToken: string | null;
};

export type OAuthIdentity = {
  provider: OAuthProviderId;
  providerAccountId: string;
  /** Normalised (trimmed, lower-case) like our own sign-up; null when the provider gave none. */
  email: string | null;
  /** The provider's own verified flag for that email (a string "false" is false). */
  emailVerified: boolean;
  name: string | null;
  /** An https URL, or null. */
  avatar: string | null;
  tokens: StoredTokens;
};

/** A failed flow step, with the `oauthError` code the user is sent back with. */
export class OAuthFlowError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "OAuthFlowError";
  }
}

const CLOCK_SKEW_S = 60;
const GOOGLE_ISSUERS = ["https://accounts.google.com", "accounts.google.com"];
const GITHUB_API = "https://api.github.com";
const LINKEDIN_USERINFO = "https://api.linkedin.com/v2/userinfo";

type Claims = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);

/** `true` or the string "true" (some providers send strings); anything else is not verified. */
export function isVerifiedFlag(v: unknown): boolean {
  return v === true || v === "true";
}

function normaliseEmail(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const r = EmailSchema.safeParse(raw);
  return r.success ? r.data : null;
}

function normaliseName(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const n = raw.normalize("NFKC").trim().replace(/\s+/g, " ");
  return n ? n.slice(0, 255) : null;
}

function normaliseAvatar(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length > 2048) return null;
  try {
    return new URL(raw).protocol === "https:" ? raw : null;
  } catch {
    return null;
  }
}

function storedTokens(t: OAuth2Tokens): StoredTokens {
  const d = t.data as Record<string, unknown>;
  const expiresIn = typeof d.expires_in === "number" ? d.expires_in : typeof d.expires_in === "string" ? Number(d.expires_in) : NaN;
  return {
    accessToken: str(d.access_token),
    refreshToken: str(d.refresh_token),
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? Math.floor(Date.now() / 1000 + expiresIn) : null,
    tokenType: str(d.token_type),
    scope: str(d.scope),
    idToken: str(d.id_token),
  };
}

async function exchange(run: () => Promise<OAuth2Tokens>): Promise<OAuth2Tokens> {
  try {
    const tokens = await run();
    if (!str((tokens.data as Record<string, unknown>).access_token)) {
      throw new OAuthFlowError("exchange", "the token response has no access_token");
    }
    return tokens;
  } catch (e) {
    if (e instanceof OAuthFlowError) throw e;
    // OAuth2RequestError (invalid_grant: expired or replayed code, wrong verifier…),
    // ArcticFetchError, UnexpectedResponseError, UnexpectedErrorResponseBodyError.
    throw new OAuthFlowError("exchange", `token exchange failed: ${(e as Error).message}`, { cause: e });
  }
}

async function getJson(url: string, accessToken: string, headers: Record<string, string> = {}): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { accept: "application/json", authorization: `Bearer ${accessToken}`, "user-agent": "HireXp", ...headers },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    throw new OAuthFlowError("identity", `GET ${url} failed`, { cause: e });
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new OAuthFlowError("identity", `GET ${url} answered ${res.status}`);
  }
  try {
    return await res.json();
  } catch (e) {
    throw new OAuthFlowError("identity", `GET ${url} did not answer JSON`, { cause: e });
  }
}

function decodeClaims(idToken: string | null): Claims {
  if (!idToken) throw new OAuthFlowError("identity", "the token response has no id_token");
  try {
    const claims = decodeIdToken(idToken);
    if (typeof claims !== "object" || claims === null) throw new Error("claims are not an object");
    return claims as Claims;
  } catch (e) {
    throw new OAuthFlowError("identity", "the id_token could not be decoded", { cause: e });
  }
}

/** Checks an ID token's iss, aud (and azp when several audiences), exp and sub. */
export function checkIdTokenClaims(claims: Claims, expect: { issuers: string[]; clientId: string; now?: number }): void {
  const now = Math.floor((expect.now ?? Date.now()) / 1000);
  const fail = (why: string) => {
    throw new OAuthFlowError("identity", `id_token rejected: ${why}`);
  };
  if (typeof claims.iss !== "string" || !expect.issuers.includes(claims.iss)) fail(`iss ${String(claims.iss)}`);
  const aud = claims.aud;
  const auds = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
  if (!auds.includes(expect.clientId)) fail("aud does not name us");
  if (auds.length > 1 && claims.azp !== expect.clientId) fail("azp does not name us");
  if (typeof claims.exp !== "number" || claims.exp + CLOCK_SKEW_S < now) fail("expired");
  if (!str(claims.sub)) fail("no sub");
}

function fromClaims(provider: OAuthProviderId, claims: Claims, tokens: StoredTokens): OAuthIdentity {
  const given = str(claims.given_name);
  const family = str(claims.family_name);
  return {
    provider,
    providerAccountId: String(claims.sub),
    email: normaliseEmail(claims.email),
    emailVerified: isVerifiedFlag(claims.email_verified),
    name: normaliseName(claims.name) ?? normaliseName([given, family].filter(Boolean).join(" ")) ?? normaliseName(claims.preferred_username),
    avatar: normaliseAvatar(claims.picture),
    tokens,
  };
}

async function google(config: Pick<Config, "oauth" | "appUrl">, code: string, verifier: string): Promise<OAuthIdentity> {
  const tokens = storedTokens(await exchange(() => googleClient(config).validateAuthorizationCode(code, verifier)));
  const claims = decodeClaims(tokens.idToken);
  checkIdTokenClaims(claims, { issuers: GOOGLE_ISSUERS, clientId: config.oauth.google!.clientId });
  return fromClaims("google", claims, tokens);
}

type GitHubEmail = { email?: unknown; primary?: unknown; verified?: unknown };

async function github(config: Pick<Config, "oauth" | "appUrl">, code: string): Promise<OAuthIdentity> {
  const tokens = storedTokens(await exchange(() => githubClient(config).validateAuthorizationCode(code)));
  const headers = { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28" };
  const user = (await getJson(`${GITHUB_API}/user`, tokens.accessToken!, headers)) as Record<string, unknown> | null;
  if (!user || (typeof user.id !== "number" && typeof user.id !== "string")) {
    throw new OAuthFlowError("identity", "GitHub /user has no id");
  }
  const emails = await getJson(`${GITHUB_API}/user/emails`, tokens.accessToken!, headers);
  const list = Array.isArray(emails) ? (emails as GitHubEmail[]) : [];
  const primary = list.find((e) => e && e.primary === true && typeof e.email === "string");
  return {
    provider: "github",
    providerAccountId: String(user.id),
    email: normaliseEmail(primary?.email),
    emailVerified: primary ? isVerifiedFlag(primary.verified) : false,
    name: normaliseName(user.name) ?? normaliseName(user.login),
    avatar: normaliseAvatar(user.avatar_url),
    tokens,
  };
}

async function linkedin(config: Pick<Config, "oauth" | "appUrl">, code: string): Promise<OAuthIdentity> {
  const tokens = storedTokens(await exchange(() => linkedInClient(config).validateAuthorizationCode(code)));
  const info = (await getJson(LINKEDIN_USERINFO, tokens.accessToken!)) as Claims | null;
  if (!info || typeof info !== "object" || !str(info.sub)) throw new OAuthFlowError("identity", "LinkedIn userinfo has no sub");
  return fromClaims("linkedin", info, tokens);
}

async function oidc(config: Pick<Config, "oauth" | "appUrl">, code: string, verifier: string): Promise<OAuthIdentity> {
  const c = config.oauth.oidc!;
  let meta;
  try {
    meta = await discoverOidc(c.issuer);
  } catch (e) {
    throw new OAuthFlowError("unavailable", (e as Error).message, { cause: e });
  }
  const tokens = storedTokens(await exchange(() => oidcClient(config).validateAuthorizationCode(meta.token_endpoint, code, verifier)));
  const claims = decodeClaims(tokens.idToken);
  checkIdTokenClaims(claims, { issuers: [meta.issuer], clientId: c.clientId });
  if (claims.email === undefined && meta.userinfo_endpoint) {
    const info = (await getJson(meta.userinfo_endpoint, tokens.accessToken!)) as Claims | null;
    // OpenID Connect Core §5.3.2: userinfo's sub must be the ID token's.
    if (!info || typeof info !== "object" || info.sub !== claims.sub) {
      throw new OAuthFlowError("identity", "userinfo sub does not match the id_token");
    }
    // The ID token's claims win; userinfo fills in what it lacks (email, email_verified…).
    return fromClaims("oidc", { ...(info as Claims), ...claims }, tokens);
  }
  return fromClaims("oidc", claims, tokens);
}

/**
 * Exchanges the authorization code (with the PKCE verifier where the provider uses one)
 * and reads who signed in. Throws OAuthFlowError with code "exchange" (token endpoint
 * refused or failed), "identity" (the answer was missing or not valid) or "unavailable"
 * (OIDC discovery failed).
 */
export async function readIdentity(
  config: Pick<Config, "oauth" | "appUrl">,
  provider: OAuthProviderId,
  code: string,
  codeVerifier: string,
): Promise<OAuthIdentity> {
  switch (provider) {
    case "google":
      return google(config, code, codeVerifier);
    case "github":
      return github(config, code);
    case "linkedin":
      return linkedin(config, code);
    case "oidc":
      return oidc(config, code, codeVerifier);
  }
}
