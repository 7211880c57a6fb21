// API keys (issue 14): a verified company's own keys. The secret is in the answer of create
// only; list never shows it (server/services/api-keys/keys.ts).
import { ApiKeyCreateInput, ApiKeyRevokeInput } from "../../shared/schemas/api-keys.ts";
import { createApiKey, listApiKeys, revokeApiKey, type KeyOwner } from "../services/api-keys/keys.ts";
import type { Context } from "../trpc/context.ts";
import { createRouter, procedure } from "../trpc/init.ts";

const owner = (ctx: Context): KeyOwner => ({ userId: ctx.user!.id, meta: ctx.meta });

export const apiKeysRouter = createRouter({
  create: procedure("apiKeys.create").input(ApiKeyCreateInput).mutation(({ ctx, input }) => createApiKey(ctx.db, owner(ctx), input)),
  list: procedure("apiKeys.list").query(({ ctx }) => listApiKeys(ctx.db, owner(ctx))),
  revoke: procedure("apiKeys.revoke").input(ApiKeyRevokeInput).mutation(({ ctx, input }) => revokeApiKey(ctx.db, owner(ctx), input.id)),
});
