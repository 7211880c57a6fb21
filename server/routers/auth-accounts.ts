// OAuth provider procedures, wired into the auth router by routers/auth.ts:
//   auth.providers               (public)  the configured sign-in providers, for the sign-in page;
//   auth.accounts.list           (authed)  the user's linked providers and whether a password is set;
//   auth.accounts.unlink {provider} (authed) refused when it is the last way to sign in.
// Tokens never leave the server: the services select explicit, token-free fields.
import { UnlinkAccountInput } from "../../shared/schemas/oauth.ts";
import { enabledProviders } from "../auth/oauth/providers.ts";
import { listOAuthAccounts, unlinkOAuthAccount } from "../services/auth/oauth-sign-in.ts";
import { createRouter, procedure } from "../trpc/init.ts";
import { RATE_RULES } from "../auth/rate-limit.ts";
import { limit } from "../trpc/rate-limit.ts";

export const providersProcedure = procedure("auth.providers").query(({ ctx }) => enabledProviders(ctx.config));

export const accountsRouter = createRouter({
  list: procedure("auth.accounts.list").query(({ ctx }) => listOAuthAccounts(ctx.db, ctx.config, ctx.user.id)),

  unlink: procedure("auth.accounts.unlink")
    .input(UnlinkAccountInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.sensitiveUser, ctx.user.id);
      return unlinkOAuthAccount({ db: ctx.db, config: ctx.config, meta: ctx.meta }, ctx.user.id, input.provider);
    }),
});
