import { createRouter } from "../trpc/init.ts";
import { accountRouter } from "./account.ts";
import { adminRouter } from "./admin.ts";
import { apiKeysRouter } from "./api-keys.ts";
import { assessmentsRouter } from "./assessments.ts";
import { authRouter } from "./auth.ts";
import { candidateRouter } from "./candidate.ts";
import { certificatesRouter } from "./certificates.ts";
import { companyRouter } from "./company.ts";
import { catalogRouter, contentRouter } from "./content.ts";
import { devRouter } from "./dev.ts";
import { jobsRouter } from "./jobs.ts";
import { practiceRouter } from "./practice.ts";
import { profileRouter } from "./profile.ts";
import { progressRouter } from "./progress.ts";

export const appRouter = createRouter({
  auth: authRouter,
  account: accountRouter,
  profile: profileRouter,
  dev: devRouter,
  admin: adminRouter,
  content: contentRouter,
  catalog: catalogRouter,
  practice: practiceRouter,
  progress: progressRouter,
  assessments: assessmentsRouter,
  certificates: certificatesRouter,
  company: companyRouter,
  candidate: candidateRouter,
  jobs: jobsRouter,
  apiKeys: apiKeysRouter,
});

export type AppRouter = typeof appRouter;
