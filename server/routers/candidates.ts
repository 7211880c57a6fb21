// Companies issue, this part: the company's candidate search, page and private notes
// (company.candidates.*, verified companies only: requireVerifiedCompany in each service) and
// the trainee's own candidate settings (candidate.settings.*).
import { CandidateIdInput, CandidateNoteInput, CandidateSearchInput, CandidateSettingsUpdateInput } from "../../shared/schemas/candidates.ts";
import { getCandidate, getCandidateSettings, noteCandidate, updateCandidateSettings } from "../services/candidates/page.ts";
import { searchCandidates } from "../services/candidates/search.ts";
import { createRouter, procedure } from "../trpc/init.ts";

/** Mounted with the interest procedures as company.candidates (server/routers/company.ts). */
export const companyCandidateSearchProcedures = {
  search: procedure("company.candidates.search")
    .input(CandidateSearchInput)
    .query(({ ctx, input }) => searchCandidates(ctx.db, ctx.user.id, input)),
  get: procedure("company.candidates.get")
    .input(CandidateIdInput)
    .query(({ ctx, input }) => getCandidate(ctx.db, ctx.user.id, input.candidateId)),
  note: procedure("company.candidates.note")
    .input(CandidateNoteInput)
    .mutation(({ ctx, input }) => noteCandidate(ctx.db, ctx.user.id, input)),
};

export const candidateSettingsRouter = createRouter({
  get: procedure("candidate.settings.get").query(({ ctx }) => getCandidateSettings(ctx.db, ctx.user.id)),
  update: procedure("candidate.settings.update")
    .input(CandidateSettingsUpdateInput)
    .mutation(({ ctx, input }) => updateCandidateSettings(ctx.db, ctx.user.id, input, ctx.meta)),
});
