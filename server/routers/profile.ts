import { ProfileUpdateInput } from "../../shared/schemas/profile.ts";
import { getProfile, updateProfile } from "../services/profile/profile.ts";
import { createRouter, procedure } from "../trpc/init.ts";
import { TRPCError } from "@trpc/server";

export const profileRouter = createRouter({
  get: procedure("profile.get").query(async ({ ctx }) => {
    const p = await getProfile(ctx.db, ctx.user.id);
    if (!p) throw new TRPCError({ code: "NOT_FOUND", message: "Profile not found." });
    return p;
  }),
  update: procedure("profile.update")
    .input(ProfileUpdateInput)
    .mutation(({ ctx, input }) => updateProfile(ctx.db, { userId: ctx.user.id, meta: ctx.meta }, input)),
});
