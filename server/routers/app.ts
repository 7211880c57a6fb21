import { createRouter } from "../trpc/init.ts";
import { adminRouter } from "./admin.ts";
import { authRouter } from "./auth.ts";
import { devRouter } from "./dev.ts";
import { profileRouter } from "./profile.ts";

export const appRouter = createRouter({
  auth: authRouter,
  profile: profileRouter,
  dev: devRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
