// The OAuth schemas; the provider ids and error codes themselves are in ../oauth.ts (zod-free, for
// the SPA's first page) and re-exported here.
import { z } from "zod";
import { OAUTH_PROVIDERS } from "../oauth.ts";

export * from "../oauth.ts";

export const UnlinkAccountInput = z.object({
  provider: z.enum(OAUTH_PROVIDERS, { error: "Choose a sign-in provider" }),
});
