// OAuth / OpenID Connect sign-in: provider ids and the error codes the server puts in
// `/sign-in?oauthError=<code>&provider=<id>` (for linking: on the settings page, or the `next` it
// was started with); a successful link comes back with `oauthLinked=<id>`. The unlink input (zod)
// is in schemas/oauth.ts.
// No zod here: the SPA's first page (sign-in) reads these, and zod stays out of its chunk.
export const OAUTH_PROVIDERS = ["google", "github", "linkedin", "oidc"] as const;
export type OAuthProviderId = (typeof OAUTH_PROVIDERS)[number];

export function isOAuthProviderId(v: unknown): v is OAuthProviderId {
  return typeof v === "string" && (OAUTH_PROVIDERS as readonly string[]).includes(v);
}

/** `oauthError=<code>` values, each with what the user should be told. */
export const OAUTH_ERROR_CODES = {
  /** The state cookie was missing, expired, from another browser or for another provider. */
  state: "The sign-in took too long or was started elsewhere. Please try again.",
  /** The user cancelled at the provider, or the provider refused. */
  denied: "Sign-in was cancelled at the provider.",
  /** The code could not be exchanged (expired, replayed, or the provider failed). */
  exchange: "The provider did not confirm the sign-in. Please try again.",
  /** The provider's answer about who you are was missing or not valid. */
  identity: "The provider's answer could not be verified. Please try again.",
  /** The OIDC issuer's discovery document could not be read. */
  unavailable: "This sign-in provider is not reachable right now. Please try again later.",
  /** The provider gave no email address. */
  no_email: "The provider did not share an email address with us. Sign up with your email instead.",
  /** The identity's email belongs to an account that cannot be linked automatically. */
  link_required:
    "An account with this email already exists. Sign in with your password, then link this provider from Settings → Security.",
  /** Not sent by the server at present (an unverified new identity becomes a PENDING_VERIFICATION account). */
  email_unverified: "Your email address at the provider is not verified.",
  account_inactive: "This account is suspended or deactivated.",
  provider_off: "This sign-in provider is not enabled.",
  rate_limited: "Too many sign-in attempts. Please wait a few minutes and try again.",
  /** Linking: no signed-in session. */
  not_signed_in: "Sign in first, then link the provider from Settings → Security.",
  /** Linking: this provider identity already belongs to another HireXp account. */
  identity_taken: "This provider account is already linked to another HireXp account.",
  /** Linking: the user already has a different account of this provider linked. */
  provider_linked: "You already linked another account of this provider. Unlink it first.",
} as const;
export type OAuthErrorCode = keyof typeof OAUTH_ERROR_CODES;
