// The domain's own error: services throw AppError with a stable machine code (appCode) and a
// kind; the transports translate the kind in one place each (server/trpc/errors.ts for tRPC,
// httpStatusOf for the plain HTTP routes). Services never import transport code.
export type AppErrorKind = "invalid" | "unauthenticated" | "forbidden" | "not-found" | "conflict" | "rate-limited" | "unavailable";

export type AppErrorExtra = {
  /** The form field the error belongs to (e.g. "password" for WEAK_PASSWORD). */
  field?: string;
  /** For rate-limited errors: seconds until the caller may try again. */
  retryAfterSeconds?: number;
  /** For invalid input checked inside a service: messages by dotted field path ("data.steps.2.say"). */
  fieldErrors?: Record<string, string[]>;
  /** For a used-up quota (QUOTA_EXCEEDED): when it resets, as an ISO date-time. */
  resetsAt?: string;
};

export class AppError extends Error {
  readonly field: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly fieldErrors: Record<string, string[]> | undefined;
  readonly resetsAt: string | undefined;
  constructor(
    readonly kind: AppErrorKind,
    readonly appCode: string,
    message: string,
    extra: AppErrorExtra = {},
  ) {
    super(message);
    this.name = "AppError";
    this.field = extra.field;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.fieldErrors = extra.fieldErrors;
    this.resetsAt = extra.resetsAt;
  }
}

const HTTP_STATUS: Record<AppErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "rate-limited": 429,
  /** A service we depend on (e.g. the speech-to-text server) failed or is not answering. */
  unavailable: 503,
};

/** The HTTP status of a domain error, for the plain routes (OAuth callbacks, exports). */
export function httpStatusOf(e: AppError): number {
  return HTTP_STATUS[e.kind];
}
