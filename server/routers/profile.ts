import { ProfileUpdateInput } from "../../shared/schemas/profile.ts";
import { CompanyProfileUpdateInput, InstructorProfileUpdateInput } from "../../shared/schemas/role-profile.ts";
import { getRoleProfile, updateCompanyProfile, updateInstructorProfile } from "../services/profile/role-profile.ts";
import { AppError } from "../services/errors.ts";
import { getProfile, requestVerification, updateProfile } from "../services/profile/profile.ts";
import { createRouter, procedure } from "../trpc/init.ts";
import { limit } from "../trpc/rate-limit.ts";
import { RATE_RULES } from "../auth/rate-limit.ts";
import { imageStorage, removeImage, uploadImage } from "../services/images/images.ts";
import { imageBytesOf, ImageUploadInput } from "./image-input.ts";

export const profileRouter = createRouter({
  get: procedure("profile.get").query(async ({ ctx }) => {
    const p = await getProfile(ctx.db, ctx.user.id);
    if (!p) throw new AppError("not-found", "NOT_FOUND", "Profile not found.");
    return p;
  }),
  update: procedure("profile.update")
    .input(ProfileUpdateInput)
    .mutation(({ ctx, input }) => updateProfile(ctx.db, { userId: ctx.user.id, meta: ctx.meta }, input)),
  // The profile picture of any signed-in user (services/images): multipart `file`, PNG/JPEG/WebP ≤ 2 MB.
  avatar: createRouter({
    upload: procedure("profile.avatar.upload")
      .input(ImageUploadInput)
      .mutation(async ({ ctx, input }) => {
        await limit(ctx, RATE_RULES.imageUploadUser, ctx.user.id);
        return uploadImage(ctx.db, imageStorage(ctx.config.dataDir), { userId: ctx.user.id, meta: ctx.meta }, "avatar", await imageBytesOf(input));
      }),
    remove: procedure("profile.avatar.remove").mutation(({ ctx }) =>
      removeImage(ctx.db, imageStorage(ctx.config.dataDir), { userId: ctx.user.id, meta: ctx.meta }, "avatar"),
    ),
  }),
  requestVerification: procedure("profile.requestVerification").mutation(({ ctx }) =>
    requestVerification(ctx.db, { userId: ctx.user.id, role: ctx.user.role, meta: ctx.meta }),
  ),
  // The instructor's or company's own professional profile (what the verification reviews).
  professional: procedure("profile.professional").query(({ ctx }) => getRoleProfile(ctx.db, { userId: ctx.user.id, role: ctx.user.role })),
  updateInstructor: procedure("profile.updateInstructor")
    .input(InstructorProfileUpdateInput)
    .mutation(({ ctx, input }) => updateInstructorProfile(ctx.db, { userId: ctx.user.id, role: ctx.user.role, meta: ctx.meta }, input)),
  updateCompany: procedure("profile.updateCompany")
    .input(CompanyProfileUpdateInput)
    .mutation(({ ctx, input }) => updateCompanyProfile(ctx.db, { userId: ctx.user.id, role: ctx.user.role, meta: ctx.meta }, input)),
});
