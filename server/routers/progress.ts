// The trainee's progress (issue 10): progress.get answers for the caller only.
import { getProgress } from "../services/progress/dashboard.ts";
import { createRouter, procedure } from "../trpc/init.ts";

export const progressRouter = createRouter({
  get: procedure("progress.get").query(({ ctx }) => getProgress(ctx.db, ctx.user.id)),
});
