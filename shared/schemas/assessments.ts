// Inputs of the assessment procedures (issue 10), shared by the server and the SPA, and the
// timing rule: a submission is accepted until the attempt's deadline plus SUBMIT_GRACE_MS.
import { z } from "zod";
import { ASSESSMENT_TYPES } from "./content.ts";

const Id = z.string().trim().min(1, "An id is required").max(64, "Not a valid id");

/** How long after the deadline a submission is still accepted (network, a slow tab). */
export const SUBMIT_GRACE_MS = 30_000;
/** The most answers one save or submit carries (an assessment has at most 20 × 100 questions). */
export const ANSWERS_MAX = 2000;

/** One answer, in the attempt's layout terms: option indexes as shown, order items as strings. */
export const AnswerValue = z.union([
  z.number().int().min(0).max(99),
  z.array(z.number().int().min(0).max(99)).max(20),
  z.boolean(),
  z.string().max(500, "An answer has at most 500 characters"),
  z.array(z.string().max(500)).max(20),
  z.null(),
]);
export type AnswerValue = z.infer<typeof AnswerValue>;

export const Answers = z
  .record(z.string().min(1).max(64), AnswerValue)
  .refine((a) => Object.keys(a).length <= ANSWERS_MAX, `At most ${ANSWERS_MAX} answers`);
export type Answers = z.infer<typeof Answers>;

export const AssessmentStartInput = z.object({ contentId: Id });
export const AttemptAnswersInput = z.object({ attemptId: Id, answers: Answers });
export type AttemptAnswersInput = z.infer<typeof AttemptAnswersInput>;
export const AttemptIdInput = z.object({ attemptId: Id });
export const AssessmentIdInput = z.object({ assessmentId: Id });
export const AssessmentHistoryInput = z.object({
  type: z.enum(ASSESSMENT_TYPES).optional(),
  cursor: z.string().max(500, "Not a valid cursor").optional(),
});
export type AssessmentHistoryInput = z.infer<typeof AssessmentHistoryInput>;
