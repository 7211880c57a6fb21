import type { Config } from "../../config.ts";
import type { PrismaClient } from "../../db/generated/client.ts";
import type { Statement } from "../../db/statement.ts";
import type { RequestMeta } from "../audit.ts";

/**
 * What an auth service needs: plain values, no HTTP. `prepared`: the pg pool's named prepared
 * statements when there are (server/db/statement.ts), for the password sign-in's hot path.
 */
export type AuthDeps = { db: PrismaClient; config: Pick<Config, "appUrl">; meta: RequestMeta; prepared?: Statement | undefined };
