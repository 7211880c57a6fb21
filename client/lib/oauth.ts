// Sign-in with a provider (Google, GitHub, LinkedIn, an organisation's single sign-on).
// The OAuth steps are plain browser navigations to the server (`/auth/oauth/<id>?…`), not
// tRPC calls; this file builds those addresses and turns the `oauthError=<code>` the server
// sends back into sentences. Shared by the sign-in page and the security settings.
import { useQuery } from "@tanstack/react-query";
import { OAUTH_ERROR_CODES, isOAuthProviderId, type OAuthProviderId } from "../../shared/oauth.ts";
import { trpc } from "./trpc.ts";

/** One configured provider, as `auth.providers` lists it. */
export type OAuthProvider = { id: OAuthProviderId; label: string; startUrl: string };

/** A provider account linked to the signed-in user, as `auth.accounts.list` lists it. */
export type LinkedAccount = { provider: OAuthProviderId; label: string; linkedAt?: Date | null };

/** `auth.accounts.list`: how this person can sign in. */
export type SignInMethods = { hasPassword: boolean; accounts: LinkedAccount[] };

/**
 * `auth.providers`: the providers this HireXp offers (only configured ones). The `select`
 * checks the server's answer against the type above at compile time.
 */
export function useProviders() {
  return useQuery({
    ...trpc.auth.providers.queryOptions(),
    staleTime: 5 * 60_000,
    retry: false,
    select: (d): OAuthProvider[] => d,
  });
}

/** Names to use when the server's own label is not at hand (e.g. in the activity list). */
const PROVIDER_NAMES: Record<OAuthProviderId, string> = {
  google: "Google",
  github: "GitHub",
  linkedin: "LinkedIn",
  oidc: "single sign-on",
};

/** The provider's label from `providers` when listed there, else a built-in name. */
export function providerName(id: string | null | undefined, providers: readonly { id: string; label: string }[] = []): string | null {
  if (!id) return null;
  const listed = providers.find((p) => p.id === id)?.label;
  if (listed) return listed;
  return isOAuthProviderId(id) ? PROVIDER_NAMES[id] : null;
}

/**
 * Where a provider button goes: the server's start URL with `next` (a path on our site the
 * person returns to) and, from the settings, `intent=link` to add the provider to the
 * signed-in account instead of signing in.
 */
export function oauthStartHref(startUrl: string, params: { next: string; intent?: "link" }): string {
  const url = new URL(startUrl, window.location.origin);
  if (params.intent) url.searchParams.set("intent", params.intent);
  url.searchParams.set("next", params.next);
  return url.origin === window.location.origin ? url.pathname + url.search : url.toString();
}

/**
 * Search parameters the server sets when it sends the browser back after a provider step:
 * `/sign-in?oauthError=<code>` after a failed sign-in; `/settings/security?oauthError=<code>`
 * or `?oauthLinked=<id>` after linking. `provider=<id>` names the provider, where given.
 */
export const OAUTH_ERROR_PARAM = "oauthError";
export const OAUTH_LINKED_PARAM = "oauthLinked";
export const OAUTH_PROVIDER_PARAM = "provider";

/**
 * A title and a sentence for `oauthError=<code>`; `provider` is the provider's name when
 * known, `context` whether the person was signing in or linking from the settings.
 */
export function oauthErrorMessage(
  code: string,
  provider?: string | null,
  context: "sign-in" | "link" = "sign-in",
): { title: string; message: string } {
  const p = provider ?? "the provider";
  const at = provider ? `at ${provider}` : "at the provider";
  const messages: Record<string, { title?: string; message: string }> = {
    state: { message: "The sign-in took too long, or was started in another tab or browser. Please try again." },
    denied: { title: "Sign-in cancelled", message: `Sign-in was cancelled ${at}. Nothing was changed.` },
    exchange: { message: `${capitalise(p)} did not confirm the sign-in. Please try again.` },
    identity: { message: `We could not check the answer from ${p}. Please try again.` },
    unavailable: { message: `${capitalise(p)} cannot be reached right now. Please try again later, or sign in with your email and password.` },
    no_email: { message: `${capitalise(p)} did not share an email address with us. Sign in or sign up with your email address instead.` },
    link_required: {
      title: "This email already has an account",
      message: `An account with this email exists. Sign in with your password, then link ${provider ?? "the provider"} from Security settings.`,
    },
    email_unverified: {
      message: `Your email address ${at} is not verified yet. Verify it there first, or sign in with your email and password.`,
    },
    account_inactive: {
      title: "This account cannot sign in",
      message: "This account is suspended or deactivated. Contact support if you think this is a mistake.",
    },
    provider_off: { message: "This sign-in option is not available. Sign in with your email and password, or choose another option." },
    rate_limited: { title: "Too many attempts", message: "Too many sign-in attempts. Please wait a few minutes and try again." },
    not_signed_in: { message: `Sign in first, then link ${p} from Security settings.` },
    identity_taken: { title: "Already linked elsewhere", message: `This ${provider ?? "provider"} account is already linked to another HireXp account.` },
    provider_linked: { message: `You already linked another ${provider ?? "provider"} account. Unlink it first, then try again.` },
  };
  // Own properties only: the code comes from the address bar ("constructor" is not a code).
  const known = Object.hasOwn(messages, code) ? messages[code] : undefined;
  const shared = Object.hasOwn(OAUTH_ERROR_CODES, code) ? (OAUTH_ERROR_CODES as Record<string, string>)[code] : undefined;
  const what = context === "link" ? `Linking ${provider ?? "the provider"}` : `Signing in with ${provider ?? "the provider"}`;
  return {
    title: known?.title ?? `${what} did not work`,
    message: known?.message ?? shared ?? "Something went wrong with the provider. Please try again.",
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
