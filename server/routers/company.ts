// Companies (issue 11). Every procedure needs a COMPANY account (the access table) whose
// profile an administrator verified (requireVerifiedCompany in each service:
// COMPANY_NOT_VERIFIED otherwise).
import { getQuota, getShortlist, setInterest } from "../services/company/interest.ts";
import { createRouter, procedure } from "../trpc/init.ts";
import { companyCandidateSearchProcedures } from "./candidates.ts";
import { companyJobsRouter } from "./jobs.ts";
import { companyProfileRouter } from "./company-profile.ts";
import { InterestInput, ShortlistInput } from "../../shared/schemas/company-interest.ts";

export const companyCandidatesRouter = createRouter({
  // search, get, note: the candidate search and page (server/routers/candidates.ts)
  ...companyCandidateSearchProcedures,
  // Marking interest spends one of the month's hiringQuota marks (QUOTA_EXCEEDED with the
  // reset date when none is left); withdrawing gives none back.
  interest: procedure("company.candidates.interest")
    .input(InterestInput)
    .mutation(async ({ ctx, input }) => {
      const result = await setInterest(ctx.db, { companyUserId: ctx.user.id, appUrl: ctx.config.appUrl }, input);
      if (result.charged) ctx.mailQueued();
      return result;
    }),
  shortlist: procedure("company.candidates.shortlist")
    .input(ShortlistInput)
    .query(({ ctx, input }) => getShortlist(ctx.db, ctx.user.id, input)),
});

export const companyRouter = createRouter({
  candidates: companyCandidatesRouter,
  jobs: companyJobsRouter,
  profile: companyProfileRouter,
  quota: procedure("company.quota").query(({ ctx }) => getQuota(ctx.db, ctx.user.id)),
});
