import {
  CatalogListInput,
  ContentIdInput,
  ContentInput,
  ContentMineInput,
  ContentRateInput,
  ContentUpdateInput,
} from "../../shared/schemas/content.ts";
import { CoachPreviewInput } from "../../shared/schemas/coach.ts";
import { RATE_RULES } from "../auth/rate-limit.ts";
import { previewReply } from "../services/coach/preview.ts";
import { CatalogCompleteInput } from "../../shared/schemas/completion.ts";
import { getCatalogItem, listCatalog, rateContent } from "../services/content/catalog.ts";
import { COMPLETE_RULE, completeContent } from "../services/content/complete.ts";
import {
  contentStats,
  createContent,
  deleteContent,
  getContent,
  listMine,
  publishContent,
  unpublishContent,
  updateContent,
  type ContentActor,
} from "../services/content/studio.ts";
import type { Context } from "../trpc/context.ts";
import { createRouter, procedure } from "../trpc/init.ts";
import { limit } from "../trpc/rate-limit.ts";

const actor = (ctx: Context): ContentActor => ({ userId: ctx.user!.id, role: ctx.user!.role, meta: ctx.meta });

export const contentRouter = createRouter({
  create: procedure("content.create").input(ContentInput).mutation(({ ctx, input }) => createContent(ctx.db, actor(ctx), input)),
  update: procedure("content.update").input(ContentUpdateInput).mutation(({ ctx, input }) => updateContent(ctx.db, actor(ctx), input)),
  publish: procedure("content.publish").input(ContentIdInput).mutation(({ ctx, input }) => publishContent(ctx.db, actor(ctx), input.id)),
  unpublish: procedure("content.unpublish").input(ContentIdInput).mutation(({ ctx, input }) => unpublishContent(ctx.db, actor(ctx), input.id)),
  delete: procedure("content.delete").input(ContentIdInput).mutation(({ ctx, input }) => deleteContent(ctx.db, actor(ctx), input.id)),
  mine: procedure("content.mine").input(ContentMineInput).query(({ ctx, input }) => listMine(ctx.db, actor(ctx), input)),
  get: procedure("content.get").input(ContentIdInput).query(({ ctx, input }) => getContent(ctx.db, actor(ctx), input.id)),
  stats: procedure("content.stats").input(ContentIdInput).query(({ ctx, input }) => contentStats(ctx.db, actor(ctx), input.id)),
  // The embedded coach on an unsaved scenario draft (the studio's preview); nothing is stored.
  previewReply: procedure("content.previewReply")
    .input(CoachPreviewInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.coachPreviewUser, ctx.user.id);
      return previewReply(input);
    }),
  rate: procedure("content.rate").input(ContentRateInput).mutation(({ ctx, input }) => rateContent(ctx.db, { userId: ctx.user.id, meta: ctx.meta }, input)),
});

export const catalogRouter = createRouter({
  list: procedure("catalog.list").input(CatalogListInput).query(({ ctx, input }) => listCatalog(ctx.db, input)),
  get: procedure("catalog.get").input(ContentIdInput).query(({ ctx, input }) => getCatalogItem(ctx.db, ctx.user.id, input.id)),
  // Scored on the server; answers and explanations come back only in this answer.
  complete: procedure("catalog.complete")
    .input(CatalogCompleteInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, COMPLETE_RULE, ctx.user.id);
      return completeContent(ctx.db, { userId: ctx.user.id, meta: ctx.meta }, input, { progress: { appUrl: ctx.config.appUrl } });
    }),
});
