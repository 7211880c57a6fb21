// Domain errors: a tRPC code plus a stable machine code (error.data.appCode on the client).
import { TRPCError } from "@trpc/server";
import type { AuthErrorCode } from "../../shared/schemas/auth.ts";

export type TrpcCode = ConstructorParameters<typeof TRPCError>[0]["code"];

export class AppErrorCause extends Error {
  constructor(
    readonly appCode: AuthErrorCode | string,
    readonly extra: { retryAfterSeconds?: number; field?: string } = {},
  ) {
    super(appCode);
    this.name = "AppErrorCause";
  }
}

export function appError(
  code: TrpcCode,
  appCode: AuthErrorCode | string,
  message: string,
  extra: AppErrorCause["extra"] = {},
): TRPCError {
  return new TRPCError({ code, message, cause: new AppErrorCause(appCode, extra) });
}
