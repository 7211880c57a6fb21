import type { Config } from "../../config.ts";
import type { PrismaClient } from "../../db/generated/client.ts";
import type { RequestMeta } from "../audit.ts";

/** What an auth service needs: plain values, no HTTP. */
export type AuthDeps = { db: PrismaClient; config: Pick<Config, "appUrl">; meta: RequestMeta };
