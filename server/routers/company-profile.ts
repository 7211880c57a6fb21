// company.profile.*: the company's own profile and logo. get/update need a verified company
// (COMPANY_NOT_VERIFIED otherwise); the logo upload and removal do not, since an unverified
// company's profile — logo included — is what the administrator reviews.
import { CompanyProfileUpdateInput } from "../../shared/schemas/role-profile.ts";
import { getCompanyProfile, updateVerifiedCompanyProfile } from "../services/company/profile.ts";
import { imageStorage, removeImage, uploadImage } from "../services/images/images.ts";
import { createRouter, procedure } from "../trpc/init.ts";
import { limit } from "../trpc/rate-limit.ts";
import { RATE_RULES } from "../auth/rate-limit.ts";
import { imageBytesOf, ImageUploadInput } from "./image-input.ts";

export const companyProfileRouter = createRouter({
  get: procedure("company.profile.get").query(({ ctx }) => getCompanyProfile(ctx.db, ctx.user.id)),
  update: procedure("company.profile.update")
    .input(CompanyProfileUpdateInput)
    .mutation(({ ctx, input }) => updateVerifiedCompanyProfile(ctx.db, { userId: ctx.user.id, role: ctx.user.role, meta: ctx.meta }, input)),
  uploadLogo: procedure("company.profile.uploadLogo")
    .input(ImageUploadInput)
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, RATE_RULES.imageUploadUser, ctx.user.id);
      return uploadImage(ctx.db, imageStorage(ctx.config.dataDir), { userId: ctx.user.id, meta: ctx.meta }, "logo", await imageBytesOf(input));
    }),
  removeLogo: procedure("company.profile.removeLogo").mutation(({ ctx }) =>
    removeImage(ctx.db, imageStorage(ctx.config.dataDir), { userId: ctx.user.id, meta: ctx.meta }, "logo"),
  ),
});
