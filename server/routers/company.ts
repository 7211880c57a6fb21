// The company area (issue 11). Each part is its own router file; this joins them.
import { createRouter } from "../trpc/init.ts";
import { companyProfileRouter } from "./company-profile.ts";

export const companyRouter = createRouter({
  profile: companyProfileRouter,
});
