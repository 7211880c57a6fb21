// Your data: account.export (everything held about the caller, as a JSON file) and
// account.delete (the caller and everything they own; services/account).
import { DeleteAccountInput } from "../../shared/schemas/account.ts";
import { RATE_RULES } from "../auth/rate-limit.ts";
import { sessionCookieName } from "../auth/session.ts";
import { deleteOwnAccount, type DeletionStores } from "../services/account/delete.ts";
import { exportAccount } from "../services/account/export.ts";
import { imageStorage } from "../services/images/images.ts";
import { recordingStorage } from "../services/practice/recording.ts";
import type { Context } from "../trpc/context.ts";
import { createRouter, procedure } from "../trpc/init.ts";
import { limit } from "../trpc/rate-limit.ts";

/** Where a user's files are kept outside the database. */
export function deletionStores(dataDir: string): DeletionStores {
  return { recordings: recordingStorage(dataDir), images: imageStorage(dataDir) };
}

function me(ctx: Context) {
  return { userId: ctx.user!.id, sessionCreatedAt: ctx.session!.createdAt, meta: ctx.meta };
}

export const accountRouter = createRouter({
  // A mutation: it writes the audit row (DATA_EXPORTED). The settings page saves `json` as a file.
  export: procedure("account.export").mutation(async ({ ctx }) => {
    await limit(ctx, RATE_RULES.dataExportUser, ctx.user!.id);
    return exportAccount(ctx.db, me(ctx));
  }),
  delete: procedure("account.delete")
    .input(DeleteAccountInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.sensitiveUser, ctx.user!.id);
      try {
        const r = await deleteOwnAccount({ db: ctx.db, config: ctx.config, meta: ctx.meta }, deletionStores(ctx.config.dataDir), ctx.log, me(ctx), input);
        const secure = ctx.config.secureCookies;
        ctx.cookies.clear(sessionCookieName(secure), { path: "/", secure });
        return { deleted: r.deleted };
      } finally {
        ctx.mailQueued(); // the final mail (or a lockout mail after a wrong password)
      }
    }),
});
