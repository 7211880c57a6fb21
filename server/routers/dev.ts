import { TRPCError } from "@trpc/server";
import { listDevOutbox } from "../mail/dev-outbox.ts";
import { createRouter, procedure } from "../trpc/init.ts";

/** Development helpers; refused in production and whenever real SMTP is configured. */
export const devRouter = createRouter({
  outbox: procedure("dev.outbox").query(async ({ ctx }) => {
    if (ctx.config.env === "production" || ctx.config.smtpUrl) {
      throw new TRPCError({ code: "NOT_FOUND", message: "The dev outbox is only available in development without SMTP." });
    }
    return listDevOutbox(ctx.db, 50);
  }),
});
