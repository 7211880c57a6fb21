// Applies a database-backed rate limit inside a procedure: TOO_MANY_REQUESTS with a
// Retry-After header and a human message when the caller is over the limit.
import { hit, type RateRule } from "../auth/rate-limit.ts";
import { AppError } from "../services/errors.ts";
import type { Context } from "./context.ts";

export async function limit(ctx: Context, rule: RateRule, subject: string): Promise<void> {
  const r = await hit(ctx.db, rule, subject, new Date(), ctx.prepared);
  if (!r.ok) {
    ctx.setHeader("Retry-After", String(r.retryAfterSeconds));
    const minutes = Math.ceil(r.retryAfterSeconds / 60);
    throw new AppError("rate-limited",
      "RATE_LIMITED",
      `Too many attempts. Try again in ${r.retryAfterSeconds < 60 ? `${r.retryAfterSeconds} seconds` : `${minutes} minute${minutes === 1 ? "" : "s"}`}.`,
      { retryAfterSeconds: r.retryAfterSeconds },
    );
  }
}
