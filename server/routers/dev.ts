import net from "node:net";
import { listDevOutbox } from "../mail/dev-outbox.ts";
import { AppError } from "../services/errors.ts";
import { createRouter, procedure } from "../trpc/init.ts";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

const LOOPBACK_ADDRESSES = new net.BlockList();
LOOPBACK_ADDRESSES.addSubnet("127.0.0.0", 8, "ipv4"); // also matches ::ffff:127.x.y.z
LOOPBACK_ADDRESSES.addAddress("::1", "ipv6");

/**
 * Whether a TCP peer address (the socket's, never a header: not req.ip, which honours
 * X-Forwarded-For behind TRUST_PROXY, and not Host) is this machine.
 */
export function isLoopbackAddress(address: string | null | undefined): boolean {
  if (!address) return false;
  const version = net.isIP(address);
  return version !== 0 && LOOPBACK_ADDRESSES.check(address, version === 4 ? "ipv4" : "ipv6");
}

/**
 * Development helpers. The outbox holds working sign-in links, so it is refused in
 * production, whenever real SMTP is configured, and whenever APP_URL is not a loopback
 * address (a staging server that forgot NODE_ENV=production must not show it).
 */
export function devOutboxEnabled(config: { env: string; smtpUrl?: string | undefined; appUrl: string }): boolean {
  return config.env !== "production" && !config.smtpUrl && LOOPBACK.has(new URL(config.appUrl).hostname);
}

export const devRouter = createRouter({
  // The outbox holds working sign-in and reset links for every user: only a browser on this
  // machine may read it (the server listens on 127.0.0.1 in development, but HOST may open it).
  outbox: procedure("dev.outbox").query(async ({ ctx }) => {
    if (!devOutboxEnabled(ctx.config) || !isLoopbackAddress(ctx.socketAddress)) {
      throw new AppError("not-found", "NOT_FOUND", "The dev outbox is only available in development without SMTP.");
    }
    return listDevOutbox(ctx.db, 50);
  }),
});
