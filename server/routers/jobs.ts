// Job postings (companies issue). company.jobs.*: a verified company's own postings and their
// applicants (server/services/jobs/company-jobs.ts). jobs.*: the job board for any signed-in,
// verified user and the trainee's application (server/services/jobs/board.ts).
import {
  CompanyJobsListInput,
  JobApplicantsInput,
  JobApplyInput,
  JobCreateInput,
  JobIdInput,
  JobSearchInput,
  JobSetActiveInput,
  JobUpdateInput,
} from "../../shared/schemas/jobs.ts";
import { RATE_RULES } from "../auth/rate-limit.ts";
import { applyToJob, getJob, searchJobs, type BoardViewer } from "../services/jobs/board.ts";
import {
  createCompanyJob,
  deleteCompanyJob,
  getCompanyJob,
  listCompanyJobs,
  listJobApplicants,
  setCompanyJobActive,
  updateCompanyJob,
  type CompanyActor,
} from "../services/jobs/company-jobs.ts";
import type { Context } from "../trpc/context.ts";
import { createRouter, procedure } from "../trpc/init.ts";
import { limit } from "../trpc/rate-limit.ts";

const company = (ctx: Context): CompanyActor => ({ userId: ctx.user!.id, meta: ctx.meta });
const viewer = (ctx: Context): BoardViewer => ({ userId: ctx.user!.id, role: ctx.user!.role });

export const companyJobsRouter = createRouter({
  list: procedure("company.jobs.list").input(CompanyJobsListInput).query(({ ctx, input }) => listCompanyJobs(ctx.db, company(ctx), input)),
  get: procedure("company.jobs.get").input(JobIdInput).query(({ ctx, input }) => getCompanyJob(ctx.db, company(ctx), input.id)),
  create: procedure("company.jobs.create").input(JobCreateInput).mutation(({ ctx, input }) => createCompanyJob(ctx.db, company(ctx), input)),
  update: procedure("company.jobs.update").input(JobUpdateInput).mutation(({ ctx, input }) => updateCompanyJob(ctx.db, company(ctx), input)),
  setActive: procedure("company.jobs.setActive").input(JobSetActiveInput).mutation(({ ctx, input }) => setCompanyJobActive(ctx.db, company(ctx), input)),
  delete: procedure("company.jobs.delete").input(JobIdInput).mutation(({ ctx, input }) => deleteCompanyJob(ctx.db, company(ctx), input.id)),
  applicants: procedure("company.jobs.applicants").input(JobApplicantsInput).query(({ ctx, input }) => listJobApplicants(ctx.db, company(ctx), input)),
});

export const jobsRouter = createRouter({
  search: procedure("jobs.search").input(JobSearchInput).query(({ ctx, input }) => searchJobs(ctx.db, viewer(ctx), input)),
  get: procedure("jobs.get").input(JobIdInput).query(({ ctx, input }) => getJob(ctx.db, viewer(ctx), input.id)),
  // The issue calls it jobs.apply; tRPC reserves "apply" (and "call") as procedure names.
  applyTo: procedure("jobs.applyTo")
    .input(JobApplyInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.jobApplyUser, ctx.user.id);
      return applyToJob(ctx.db, viewer(ctx), ctx.config.appUrl, input);
    }),
});
