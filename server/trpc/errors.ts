// Domain errors (server/services/errors.ts) mapped to tRPC's codes — the one place where a
// service's AppError becomes a TRPCError. The original AppError stays as the cause, and the
// error formatter (init.ts) puts its appCode, field and retryAfterSeconds in error.data.
import { TRPCError } from "@trpc/server";
import { AppError, type AppErrorKind } from "../services/errors.ts";
import { databaseUnavailable } from "../db/unavailable.ts";

type TrpcCode = ConstructorParameters<typeof TRPCError>[0]["code"];

const TRPC_CODE: Record<AppErrorKind, TrpcCode> = {
  invalid: "BAD_REQUEST",
  unauthenticated: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  "not-found": "NOT_FOUND",
  conflict: "CONFLICT",
  "rate-limited": "TOO_MANY_REQUESTS",
  unavailable: "SERVICE_UNAVAILABLE",
};

export function toTrpcError(e: AppError): TRPCError {
  return new TRPCError({ code: TRPC_CODE[e.kind], message: e.message, cause: e });
}

/**
 * A thrown value as tRPC should see it: AppErrors translated, a database that cannot answer
 * (down, restarting, pool exhausted) as 503 DATABASE_UNAVAILABLE / DATABASE_BUSY, everything
 * else untouched.
 */
export function translateError(e: unknown): unknown {
  if (e instanceof AppError) return toTrpcError(e);
  if (e instanceof TRPCError && e.cause instanceof AppError && e.code === "INTERNAL_SERVER_ERROR") return toTrpcError(e.cause);
  const db = databaseUnavailable(e instanceof TRPCError && e.code === "INTERNAL_SERVER_ERROR" ? e.cause : e instanceof TRPCError ? null : e);
  if (db) return toTrpcError(db);
  return e;
}
