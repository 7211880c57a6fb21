// The tRPC client for the SPA, set up without React context (the Vite SPA recipe of
// @trpc/tanstack-react-query): one QueryClient, one tRPC client, one options proxy.
// Components call `useQuery(trpc.x.queryOptions())` / `useMutation(trpc.x.mutationOptions())`.
import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpBatchStreamLink, httpLink, isNonJsonSerializable, splitLink, TRPCClientError } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import type { AppRouter } from "../../server/routers/app.ts";
import { transformer } from "../../shared/transformer.ts";

export type ApiError = TRPCClientError<AppRouter>;

/** The error data every procedure failure carries (see server/trpc/init.ts). */
export type ApiErrorData = {
  code: string;
  httpStatus: number;
  appCode: string | null;
  retryAfterSeconds: number | null;
  /** The form field a domain error belongs to (e.g. "password" for a wrong current password). */
  field: string | null;
  fieldErrors: Record<string, string[] | undefined> | null;
  formErrors: string[] | null;
};

export function isApiError(error: unknown): error is ApiError {
  return error instanceof TRPCClientError;
}

/** The error's data, or null when the request never got an answer from our server. */
export function errorData(error: unknown): ApiErrorData | null {
  if (!isApiError(error)) return null;
  const data = error.data as Partial<ApiErrorData> | undefined;
  if (!data || typeof data.code !== "string") return null;
  return {
    code: data.code,
    httpStatus: data.httpStatus ?? 0,
    appCode: data.appCode ?? null,
    retryAfterSeconds: data.retryAfterSeconds ?? null,
    field: typeof data.field === "string" && data.field ? data.field : null,
    fieldErrors: data.fieldErrors ?? null,
    formErrors: data.formErrors ?? null,
  };
}

export function appCodeOf(error: unknown): string | null {
  return errorData(error)?.appCode ?? null;
}

export function trpcCodeOf(error: unknown): string | null {
  return errorData(error)?.code ?? null;
}

const NETWORK_MESSAGE = "We could not reach HireXp. Check your connection and try again.";
const UNKNOWN_MESSAGE = "Something went wrong. Please try again.";

/**
 * A sentence to show a person. The server's messages are written for people; anything else
 * (no answer, a proxy's HTML error page, a bug) gets a generic sentence, never raw text.
 */
export function errorMessage(error: unknown): string {
  const data = errorData(error);
  if (data && isApiError(error) && error.message) {
    // zod failures carry per-field messages; their combined message is not for people.
    if (data.fieldErrors && Object.keys(data.fieldErrors).length > 0 && data.code === "BAD_REQUEST" && !data.appCode) {
      return "Some fields need your attention.";
    }
    return error.message;
  }
  if (isApiError(error) || error instanceof TypeError) return NETWORK_MESSAGE;
  return UNKNOWN_MESSAGE;
}

/** The first server-side message per field, for forms (`{ email: "Enter a valid…" }`). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const fe = errorData(error)?.fieldErrors;
  if (!fe) return out;
  for (const [field, messages] of Object.entries(fe)) {
    const first = messages?.[0];
    if (first) out[field] = first;
  }
  return out;
}

/** True for failures that a retry cannot fix (4xx answers). */
function isClientError(error: unknown): boolean {
  const status = errorData(error)?.httpStatus ?? 0;
  return status >= 400 && status < 500;
}

// Authed calls tell us when the session ended or the email still needs verifying: refresh
// `auth.me` so the route guards send the person to the right page.
function reactToAuthErrors(error: unknown): void {
  const data = errorData(error);
  if (!data) return;
  // Any UNAUTHORIZED means no usable session (UNAUTHENTICATED, ACCOUNT_INACTIVE), except a
  // wrong password in a sign-in form (INVALID_CREDENTIALS), which leaves the session alone.
  const sessionGone = data.code === "UNAUTHORIZED" && data.appCode !== "INVALID_CREDENTIALS";
  const unverified = data.code === "FORBIDDEN" && data.appCode === "EMAIL_NOT_VERIFIED";
  if (sessionGone || unverified) void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: reactToAuthErrors }),
  mutationCache: new MutationCache({ onError: reactToAuthErrors }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (failureCount, error) => !isClientError(error) && failureCount < 2,
    },
    mutations: { retry: false },
  },
});

/** Procedures that answer with a stream (an async iterable) go over the streaming link. */
const STREAMED = new Set(["practice.chat.sendStream"]);

/**
 * File uploads (FormData inputs: profile.avatar.upload, company.profile.uploadLogo) go as one
 * multipart request each over httpLink, which sends FormData as is (no batching, no transformer).
 */
export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => isNonJsonSerializable(op.input),
      true: httpLink({ url: "/api/trpc", transformer }),
      false: splitLink({
        condition: (op) => STREAMED.has(op.path),
        true: httpBatchStreamLink({ url: "/api/trpc", transformer, maxItems: 1 }),
        false: httpBatchLink({ url: "/api/trpc", transformer }),
      }),
    }),
  ],
});

export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
