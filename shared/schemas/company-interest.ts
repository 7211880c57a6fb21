// Companies' interest in candidates (issue 11): the inputs of company.candidates.interest,
// company.candidates.shortlist and the trainee's candidate.interests.respond, shared by the
// server and the forms.
import { z } from "zod";

const Id = (what: string) => z.string().min(1, `Choose a ${what}`).max(64, `Not a valid ${what}`);

export const InterestInput = z.object({
  candidateId: Id("candidate"),
  interested: z.boolean(),
});

export const ShortlistInput = z.object({
  cursor: z.string().max(500, "Not a valid cursor").optional(),
});

export const RespondInterestInput = z.object({
  companyUserId: Id("company"),
  accept: z.boolean(),
});

/** A trainee's answer to a company's interest, as the API spells it. */
export type InterestAnswer = "pending" | "accepted" | "declined";
