// Timed assessments (issue 10). Trainees only; every service query names the caller as the
// owner. Starts, saves and submissions count against per-trainee rate limits (RATE_RULES).
import { RATE_RULES } from "../auth/rate-limit.ts";
import { assessmentHistory, getAssessment, getAttempt, saveAttempt, startAttempt, submitAttempt } from "../services/assessments/attempts.ts";
import { AssessmentHistoryInput, AssessmentIdInput, AssessmentStartInput, AttemptAnswersInput, AttemptIdInput } from "../../shared/schemas/assessments.ts";
import { createRouter, procedure } from "../trpc/init.ts";
import { limit } from "../trpc/rate-limit.ts";

export const assessmentsRouter = createRouter({
  start: procedure("assessments.start")
    .input(AssessmentStartInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.assessmentStartUser, ctx.user.id);
      return startAttempt(ctx.db, ctx.user.id, input.contentId);
    }),
  /** The caller's attempt as `start` returned it (the page after a reload). */
  attempt: procedure("assessments.attempt").input(AttemptIdInput).query(({ ctx, input }) => getAttempt(ctx.db, ctx.user.id, input.attemptId)),
  save: procedure("assessments.save")
    .input(AttemptAnswersInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.assessmentSaveUser, ctx.user.id);
      return saveAttempt(ctx.db, ctx.user.id, input.attemptId, input.answers);
    }),
  submit: procedure("assessments.submit")
    .input(AttemptAnswersInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.assessmentSubmitUser, ctx.user.id);
      return submitAttempt(ctx.db, ctx.user.id, input.attemptId, input.answers, { appUrl: ctx.config.appUrl });
    }),
  history: procedure("assessments.history").input(AssessmentHistoryInput).query(({ ctx, input }) => assessmentHistory(ctx.db, ctx.user.id, input)),
  get: procedure("assessments.get").input(AssessmentIdInput).query(({ ctx, input }) => getAssessment(ctx.db, ctx.user.id, input.assessmentId)),
});
