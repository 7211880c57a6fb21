// OAuth / OpenID Connect accounts: sign in (find by provider identity, or create, or link
// by a doubly verified email), link from settings, list and unlink. Accounts are keyed by
// (provider, providerAccountId), never by email alone. Every change and its audit rows are
// one transaction; provider tokens are stored, never returned.
import type { Config } from "../../config.ts";
import { AppError } from "../errors.ts";
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import type { OAuthIdentity } from "../../auth/oauth/identity.ts";
import { isProviderEnabled, providerLabel } from "../../auth/oauth/providers.ts";
import { isOAuthProviderId, type OAuthErrorCode, type OAuthProviderId } from "../../../shared/schemas/oauth.ts";
import { audit, type RequestMeta } from "../audit.ts";
import { endExpiredSuspensions } from "../admin/users.ts";
import { createUser } from "../users/create-user.ts";
import { AccountInactiveError, recordSignIn } from "./record-sign-in.ts";
import { issueVerification } from "./sign-up.ts";

type Tx = PrismaClient | Prisma.TransactionClient;

export type OAuthDeps = { db: PrismaClient; config: Pick<Config, "appUrl" | "oauth">; meta: RequestMeta };

export type OAuthFailure = { ok: false; code: OAuthErrorCode };

export type OAuthSignInResult =
  | {
      ok: true;
      token: string;
      expires: Date;
      userId: string;
      /** A new user was created. */
      created: boolean;
      /** The identity was linked to an existing user by a verified email on both sides. */
      linked: boolean;
      /** A verification mail was queued (new user whose provider email is not verified). */
      mailQueued: boolean;
    }
  | OAuthFailure;

export type OAuthLinkResult = { ok: true; alreadyLinked: boolean } | OAuthFailure;

const inactive = (status: string) => status === "SUSPENDED" || status === "DEACTIVATED";
const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === "P2002";


function accountType(provider: OAuthProviderId): "oauth" | "oidc" {
  return provider === "github" ? "oauth" : "oidc";
}

/** The token columns, as stored. A refresh token is kept when the provider sends no new one. */
function tokenColumns(identity: OAuthIdentity) {
  const t = identity.tokens;
  return {
    access_token: t.accessToken,
    expires_at: t.expiresAt,
    token_type: t.tokenType,
    scope: t.scope,
    id_token: t.idToken,
    ...(t.refreshToken ? { refresh_token: t.refreshToken } : {}),
  };
}

async function createAccount(tx: Tx, userId: string, identity: OAuthIdentity): Promise<void> {
  await tx.account.create({
    data: {
      userId,
      type: accountType(identity.provider),
      provider: identity.provider,
      providerAccountId: identity.providerAccountId,
      ...tokenColumns(identity),
    },
    select: { id: true },
  });
}

/** Runs `fn` again once when a parallel request inserted the same user or account first. */
async function retryOnConflict<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return fn();
  }
}

/**
 * A dated suspension that has run out ends now (as at a password sign-in) for the user this
 * identity would sign in: the one its account belongs to, else the one with its email.
 */
async function liftExpiredSuspension(db: PrismaClient, identity: OAuthIdentity): Promise<void> {
  const select = { id: true, status: true, suspendedUntil: true } as const;
  const account = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: identity.provider, providerAccountId: identity.providerAccountId } },
    select: { user: { select } },
  });
  const user = account?.user ?? (identity.email ? await db.user.findUnique({ where: { email: identity.email }, select }) : null);
  if (user?.status === "SUSPENDED" && user.suspendedUntil && user.suspendedUntil.getTime() <= Date.now()) {
    await endExpiredSuspensions(db, user.id);
  }
}

/**
 * Pre-hijacking defence: a password chosen before the address was verified (at sign-up, or
 * before an email change) may have been chosen by someone else — who signed up with this
 * address first — so such an account is never linked automatically; the owner signs in with
 * the password and links in Settings, or resets the password through the mailed link, which
 * makes it theirs (User.passwordProvenAt).
 */
export function passwordMayBeAnotherPersons(u: { password: string | null; emailVerified: Date | null; passwordProvenAt: Date | null }): boolean {
  if (u.password === null) return false;
  return u.passwordProvenAt === null || u.emailVerified === null || u.passwordProvenAt.getTime() < u.emailVerified.getTime();
}

/**
 * Signs in with a provider identity:
 * - a known (provider, providerAccountId) signs its user in (tokens refreshed), unless the
 *   account is suspended or deactivated (`account_inactive`);
 * - else an email that matches a user is linked only when the provider says it is verified
 *   AND our user's email is verified AND the user's password (if any) was not chosen before
 *   that verification (passwordMayBeAnotherPersons) (audit OAUTH_LINKED); otherwise
 *   `link_required`;
 * - else a new TRAINEE is created (ACTIVE when the provider verified the email, else
 *   PENDING_VERIFICATION with a verification mail), with profile, progress and the account
 *   (audit SIGN_UP, then SIGN_IN).
 */
export async function oauthSignIn(deps: OAuthDeps, identity: OAuthIdentity): Promise<OAuthSignInResult> {
  const { provider, providerAccountId } = identity;
  await liftExpiredSuspension(deps.db, identity);
  return retryOnConflict(() =>
    deps.db.$transaction(async (tx): Promise<OAuthSignInResult> => {
      const account = await tx.account.findUnique({
        where: { provider_providerAccountId: { provider, providerAccountId } },
        select: { id: true, user: { select: { id: true, status: true } } },
      });
      if (account) {
        if (inactive(account.user.status)) return { ok: false, code: "account_inactive" };
        await tx.account.update({ where: { id: account.id }, data: tokenColumns(identity), select: { id: true } });
        const s = await recordSignIn(tx, account.user.id, provider, deps.meta);
        return { ok: true, token: s.token, expires: s.session.expires, userId: account.user.id, created: false, linked: false, mailQueued: false };
      }

      if (!identity.email) return { ok: false, code: "no_email" };
      const existing = await tx.user.findUnique({
        where: { email: identity.email },
        select: { id: true, status: true, emailVerified: true, password: true, passwordProvenAt: true, accounts: { where: { provider }, select: { id: true } } },
      });
      if (existing) {
        if (!identity.emailVerified || !existing.emailVerified) return { ok: false, code: "link_required" };
        if (passwordMayBeAnotherPersons(existing)) return { ok: false, code: "link_required" };
        if (inactive(existing.status)) return { ok: false, code: "account_inactive" };
        // One account per provider and user (unlink works by provider).
        if (existing.accounts.length > 0) return { ok: false, code: "provider_linked" };
        await createAccount(tx, existing.id, identity);
        await audit(tx, { action: "OAUTH_LINKED", userId: existing.id, details: { provider, method: "verified-email" }, meta: deps.meta });
        const s = await recordSignIn(tx, existing.id, provider, deps.meta);
        return { ok: true, token: s.token, expires: s.session.expires, userId: existing.id, created: false, linked: true, mailQueued: false };
      }

      const user = await createUser(tx, {
        email: identity.email,
        password: null,
        role: "TRAINEE",
        verified: identity.emailVerified,
        ...(identity.name ? { name: identity.name } : {}),
        ...(identity.avatar ? { profile: { avatar: identity.avatar } } : {}),
      });
      await createAccount(tx, user.id, identity);
      await audit(tx, { action: "SIGN_UP", userId: user.id, details: { role: "TRAINEE", method: provider }, meta: deps.meta });
      if (!identity.emailVerified) {
        await issueVerification(tx, deps.config.appUrl, { id: user.id, email: identity.email, name: identity.name });
      }
      const s = await recordSignIn(tx, user.id, provider, deps.meta);
      return { ok: true, token: s.token, expires: s.session.expires, userId: user.id, created: true, linked: false, mailQueued: !identity.emailVerified };
    }),
  ).catch(inactiveAsFailure);
}

/** A suspension or deactivation that committed while the sign-in ran (its transaction rolled back). */
function inactiveAsFailure(e: unknown): OAuthSignInResult {
  if (e instanceof AccountInactiveError) return { ok: false, code: "account_inactive" };
  throw e;
}

/**
 * Links a provider identity to a signed-in user (settings → "link"). Refused when the
 * identity belongs to another user (`identity_taken`), when the user already has another
 * account of that provider (`provider_linked`), or when the user is inactive.
 */
export async function linkOAuthIdentity(deps: OAuthDeps, userId: string, identity: OAuthIdentity): Promise<OAuthLinkResult> {
  const { provider, providerAccountId } = identity;
  return retryOnConflict(() =>
    deps.db.$transaction(async (tx): Promise<OAuthLinkResult> => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { status: true } });
      if (!user || inactive(user.status)) return { ok: false, code: "account_inactive" };
      const account = await tx.account.findUnique({
        where: { provider_providerAccountId: { provider, providerAccountId } },
        select: { id: true, userId: true },
      });
      if (account) {
        if (account.userId !== userId) return { ok: false, code: "identity_taken" };
        await tx.account.update({ where: { id: account.id }, data: tokenColumns(identity), select: { id: true } });
        return { ok: true, alreadyLinked: true };
      }
      const other = await tx.account.findFirst({ where: { userId, provider }, select: { id: true } });
      if (other) return { ok: false, code: "provider_linked" };
      await createAccount(tx, userId, identity);
      await audit(tx, { action: "OAUTH_LINKED", userId, details: { provider, method: "settings" }, meta: deps.meta });
      return { ok: true, alreadyLinked: false };
    }),
  );
}

export type LinkedAccount = { provider: OAuthProviderId; label: string; linkedAt?: Date };

/**
 * The user's linked providers (never their tokens) and whether a password is set.
 * `linkedAt` comes from the audit log (OAUTH_LINKED, or SIGN_UP through that provider)
 * and is absent when that row is gone.
 */
export async function listOAuthAccounts(
  db: PrismaClient,
  config: Pick<Config, "oauth">,
  userId: string,
): Promise<{ accounts: LinkedAccount[]; hasPassword: boolean }> {
  const [user, accounts, events] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { password: true } }),
    db.account.findMany({ where: { userId }, select: { provider: true }, orderBy: { provider: "asc" } }),
    db.auditLog.findMany({
      where: { userId, action: { in: ["OAUTH_LINKED", "SIGN_UP"] } },
      select: { action: true, details: true, createdAt: true },
      orderBy: { createdAt: "desc" },
      take: 100,
    }),
  ]);
  const linkedAt = (provider: string): Date | undefined => {
    const row = events.find((e) => {
      const d = (e.details ?? {}) as Record<string, unknown>;
      return e.action === "OAUTH_LINKED" ? d.provider === provider : d.method === provider;
    });
    return row?.createdAt;
  };
  const list: LinkedAccount[] = [];
  for (const a of accounts) {
    if (!isOAuthProviderId(a.provider)) continue;
    const at = linkedAt(a.provider);
    list.push({ provider: a.provider, label: providerLabel(config, a.provider), ...(at ? { linkedAt: at } : {}) });
  }
  return { accounts: list, hasPassword: user?.password != null };
}

/**
 * Unlinks a provider. Refused when it would leave no way to sign in: no password and no
 * other linked provider that is still enabled (LAST_SIGN_IN_METHOD). The user row is
 * locked for the check, so two parallel unlinks cannot both pass it.
 */
export async function unlinkOAuthAccount(deps: OAuthDeps, userId: string, provider: OAuthProviderId): Promise<{ ok: true }> {
  return deps.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId} FOR UPDATE`;
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { password: true, accounts: { select: { provider: true } } },
    });
    if (!user || !user.accounts.some((a) => a.provider === provider)) {
      throw new AppError("not-found", "NOT_LINKED", "This provider is not linked to your account.");
    }
    const others = user.accounts.filter(
      (a) => a.provider !== provider && isOAuthProviderId(a.provider) && isProviderEnabled(deps.config, a.provider),
    );
    if (!user.password && others.length === 0) {
      throw new AppError("invalid",
        "LAST_SIGN_IN_METHOD",
        "This is the only way to sign in to your account. Set a password (Forgot password) or link another provider first.",
      );
    }
    await tx.account.deleteMany({ where: { userId, provider } });
    await audit(tx, { action: "OAUTH_UNLINKED", userId, details: { provider }, meta: deps.meta });
    return { ok: true as const };
  });
}
