import { listDevOutbox } from "../mail/dev-outbox.ts";
import { AppError } from "../services/errors.ts";
import { createRouter, procedure } from "../trpc/init.ts";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Development helpers. The outbox holds working sign-in links, so it is refused in
 * production, whenever real SMTP is configured, and whenever APP_URL is not a loopback
 * address (a staging server that forgot NODE_ENV=production must not show it).
 */
export function devOutboxEnabled(config: { env: string; smtpUrl?: string | undefined; appUrl: string }): boolean {
  return config.env !== "production" && !config.smtpUrl && LOOPBACK.has(new URL(config.appUrl).hostname);
}

export const devRouter = createRouter({
  outbox: procedure("dev.outbox").query(async ({ ctx }) => {
    if (!devOutboxEnabled(ctx.config)) {
      throw new AppError("not-found", "NOT_FOUND", "The dev outbox is only available in development without SMTP.");
    }
    return listDevOutbox(ctx.db, 50);
  }),
});
