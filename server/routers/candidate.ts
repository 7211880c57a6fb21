// The trainee as a candidate (issue 11): companies' interest in me and my answers, and which
// verified companies viewed my profile. Trainees only; every query is scoped to the caller.
import { listMyInterests, listMyViewers, respondToInterest } from "../services/company/candidate-interests.ts";
import { createRouter, procedure } from "../trpc/init.ts";
import { candidateSettingsRouter } from "./candidates.ts";
import { RespondInterestInput } from "../../shared/schemas/company-interest.ts";

export const candidateInterestsRouter = createRouter({
  list: procedure("candidate.interests.list").query(({ ctx }) => listMyInterests(ctx.db, ctx.user.id)),
  // Accepting shares my email and phone with that company only (and mails it); declining stops it.
  respond: procedure("candidate.interests.respond")
    .input(RespondInterestInput)
    .mutation(async ({ ctx, input }) => {
      const result = await respondToInterest(ctx.db, { userId: ctx.user.id, meta: ctx.meta, appUrl: ctx.config.appUrl }, input);
      if (input.accept) ctx.mailQueued();
      return result;
    }),
});

export const candidateRouter = createRouter({
  settings: candidateSettingsRouter,
  interests: candidateInterestsRouter,
  viewers: procedure("candidate.viewers").query(({ ctx }) => listMyViewers(ctx.db, ctx.user.id)),
});
