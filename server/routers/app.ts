import { createRouter } from "../trpc/init.ts";
import { authRouter } from "./auth.ts";
import { devRouter } from "./dev.ts";
import { profileRouter } from "./profile.ts";

export const appRouter = createRouter({
  auth: authRouter,
  profile: profileRouter,
  dev: devRouter,
});

export type AppRouter = typeof appRouter;
