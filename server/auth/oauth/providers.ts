// Which OAuth / OpenID Connect providers are on (from config), their labels and callback
// URLs, their Arctic clients, and the generic OIDC provider's discovery document (fetched
// once per issuer and cached; a failed fetch is not cached, so the next sign-in retries).
import { CodeChallengeMethod, GitHub, Google, LinkedIn, OAuth2Client } from "arctic";
import type { Config } from "../../config.ts";
import { OAUTH_PROVIDERS, type OAuthProviderId } from "../../../shared/schemas/oauth.ts";

export type OAuthProviderInfo = { id: OAuthProviderId; label: string; startUrl: string };

const FIXED_LABELS = { google: "Google", github: "GitHub", linkedin: "LinkedIn" } as const;

/** What each provider is asked for: identity, email address and profile (name, avatar). */
export const OAUTH_SCOPES: Record<OAuthProviderId, string[]> = {
  google: ["openid", "email", "profile"],
  github: ["read:user", "user:email"],
  linkedin: ["openid", "profile", "email"],
  oidc: ["openid", "email", "profile"],
};

export function isProviderEnabled(config: Pick<Config, "oauth">, id: OAuthProviderId): boolean {
  return config.oauth[id] !== undefined;
}

/** The button label: the provider's name, or OIDC_NAME for the enterprise provider. */
export function providerLabel(config: Pick<Config, "oauth">, id: OAuthProviderId): string {
  if (id === "oidc") return config.oauth.oidc?.name ?? "Single sign-on";
  return FIXED_LABELS[id];
}

/** The configured providers, in a fixed order, for the sign-in page. */
export function enabledProviders(config: Pick<Config, "oauth">): OAuthProviderInfo[] {
  return OAUTH_PROVIDERS.filter((id) => isProviderEnabled(config, id)).map((id) => ({
    id,
    label: providerLabel(config, id),
    startUrl: `/auth/oauth/${id}`,
  }));
}

/** `${APP_URL}/auth/oauth/<provider>/callback`: what is registered at the provider. */
export function callbackUrl(config: Pick<Config, "appUrl">, id: OAuthProviderId): string {
  return `${config.appUrl}/auth/oauth/${id}/callback`;
}

// ---------------------------------------------------------------------------------------
// OpenID Connect discovery

export type OidcMetadata = {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string | null;
};

export class OidcDiscoveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "OidcDiscoveryError";
  }
}

const discoveryCache = new Map<string, Promise<OidcMetadata>>();

const trimSlash = (s: string) => s.replace(/\/+$/, "");

function endpoint(doc: Record<string, unknown>, key: string, required: boolean): string | null {
  const v = doc[key];
  if (v === undefined && !required) return null;
  if (typeof v !== "string") throw new OidcDiscoveryError(`discovery: ${key} is missing`);
  const u = new URL(v);
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname);
  if (u.protocol !== "https:" && !(u.protocol === "http:" && loopback)) {
    throw new OidcDiscoveryError(`discovery: ${key} is not an https URL`);
  }
  return v;
}

async function fetchDiscovery(issuer: string): Promise<OidcMetadata> {
  const url = `${trimSlash(issuer)}/.well-known/openid-configuration`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
  } catch (e) {
    throw new OidcDiscoveryError(`discovery: ${url} could not be fetched`, { cause: e });
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new OidcDiscoveryError(`discovery: ${url} answered ${res.status}`);
  }
  const doc = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!doc || typeof doc !== "object") throw new OidcDiscoveryError(`discovery: ${url} is not a JSON object`);
  // OpenID Connect Discovery 1.0 §4.3: the document's issuer must be the one we asked.
  if (typeof doc.issuer !== "string" || trimSlash(doc.issuer) !== trimSlash(issuer)) {
    throw new OidcDiscoveryError(`discovery: issuer ${String(doc.issuer)} does not match ${issuer}`);
  }
  return {
    issuer: doc.issuer,
    authorization_endpoint: endpoint(doc, "authorization_endpoint", true)!,
    token_endpoint: endpoint(doc, "token_endpoint", true)!,
    userinfo_endpoint: endpoint(doc, "userinfo_endpoint", false),
  };
}

/** The issuer's discovery document, fetched once per process (per issuer) and kept. */
export function discoverOidc(issuer: string): Promise<OidcMetadata> {
  let p = discoveryCache.get(issuer);
  if (!p) {
    p = fetchDiscovery(issuer);
    discoveryCache.set(issuer, p);
    p.catch(() => {
      if (discoveryCache.get(issuer) === p) discoveryCache.delete(issuer);
    });
  }
  return p;
}

// ---------------------------------------------------------------------------------------
// Arctic clients and authorization URLs

function need<T>(v: T | undefined, id: OAuthProviderId): T {
  if (v === undefined) throw new Error(`OAuth provider ${id} is not configured`);
  return v;
}

export function googleClient(config: Pick<Config, "oauth" | "appUrl">): Google {
  const c = need(config.oauth.google, "google");
  return new Google(c.clientId, c.clientSecret, callbackUrl(config, "google"));
}

export function githubClient(config: Pick<Config, "oauth" | "appUrl">): GitHub {
  const c = need(config.oauth.github, "github");
  return new GitHub(c.clientId, c.clientSecret, callbackUrl(config, "github"));
}

export function linkedInClient(config: Pick<Config, "oauth" | "appUrl">): LinkedIn {
  const c = need(config.oauth.linkedin, "linkedin");
  return new LinkedIn(c.clientId, c.clientSecret, callbackUrl(config, "linkedin"));
}

export function oidcClient(config: Pick<Config, "oauth" | "appUrl">): OAuth2Client {
  const c = need(config.oauth.oidc, "oidc");
  return new OAuth2Client(c.clientId, c.clientSecret, callbackUrl(config, "oidc"));
}

/** Whether the provider's flow uses PKCE (Arctic's GitHub and LinkedIn classes do not). */
export function usesPkce(id: OAuthProviderId): boolean {
  return id === "google" || id === "oidc";
}

/**
 * The provider's authorization URL for this state (and PKCE verifier, where used).
 * Throws OidcDiscoveryError when the OIDC issuer cannot be discovered.
 */
export async function authorizationUrl(
  config: Pick<Config, "oauth" | "appUrl">,
  id: OAuthProviderId,
  state: string,
  codeVerifier: string,
): Promise<URL> {
  switch (id) {
    case "google":
      return googleClient(config).createAuthorizationURL(state, codeVerifier, OAUTH_SCOPES.google);
    case "github":
      return githubClient(config).createAuthorizationURL(state, OAUTH_SCOPES.github);
    case "linkedin":
      return linkedInClient(config).createAuthorizationURL(state, OAUTH_SCOPES.linkedin);
    case "oidc": {
      const meta = await discoverOidc(need(config.oauth.oidc, "oidc").issuer);
      return oidcClient(config).createAuthorizationURLWithPKCE(
        meta.authorization_endpoint,
        state,
        CodeChallengeMethod.S256,
        codeVerifier,
        OAUTH_SCOPES.oidc,
      );
    }
  }
}
