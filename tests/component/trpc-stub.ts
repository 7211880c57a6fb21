// A network-level stand-in for the tRPC server in component tests: it replaces global
// fetch and answers the real wire format of httpBatchLink with superjson, so the real
// client code (links, transformer, error parsing) runs as in the browser.
//
// Error answers copy the shape of server/trpc/init.ts's errorFormatter: message, JSON-RPC
// code, and data { code, httpStatus, path, appCode, retryAfterSeconds, field, fieldErrors, formErrors }.
import superjson from "superjson";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { vi } from "vitest";

type TrpcCode = keyof typeof TRPC_ERROR_CODES_BY_KEY;

const HTTP_STATUS: Partial<Record<TrpcCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
};

export type StubError = {
  code: TrpcCode;
  message: string;
  appCode?: string | null;
  retryAfterSeconds?: number | null;
  /** The form field a domain error belongs to (e.g. "password"). */
  field?: string | null;
  fieldErrors?: Record<string, string[]> | null;
};

export type StubAnswer = { data: unknown } | { error: StubError };
export type StubHandler = (path: string, input: unknown) => StubAnswer | Promise<StubAnswer>;
export type StubCall = { path: string; input: unknown };

export const ok = (data: unknown): StubAnswer => ({ data });
export const fail = (error: StubError): StubAnswer => ({ error });

/** Replaces global fetch with `handler`; returns the list of procedure calls it received. */
export function stubTrpc(handler: StubHandler): StubCall[] {
  const calls: StubCall[] = [];
  const fetchStub = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const u = new URL(String(url), "http://localhost");
    const prefix = "/api/trpc/";
    if (!u.pathname.startsWith(prefix)) throw new TypeError(`unexpected fetch ${u.pathname}`);
    const paths = decodeURIComponent(u.pathname.slice(prefix.length)).split(",");
    const rawInputs: Record<string, { json: unknown; meta?: unknown } | undefined> =
      init?.method === "POST"
        ? JSON.parse(String(init.body ?? "{}"))
        : JSON.parse(u.searchParams.get("input") ?? "{}");
    const answers = await Promise.all(
      paths.map(async (path, i) => {
        const raw = rawInputs[String(i)];
        const input = raw ? superjson.deserialize(raw as Parameters<typeof superjson.deserialize>[0]) : undefined;
        calls.push({ path, input });
        return handler(path, input);
      }),
    );
    const statuses = answers.map((a) => ("error" in a ? (HTTP_STATUS[a.error.code] ?? 500) : 200));
    const body = answers.map((a, i) => {
      if ("data" in a) return { result: { data: superjson.serialize(a.data) } };
      const e = a.error;
      return {
        error: superjson.serialize({
          message: e.message,
          code: TRPC_ERROR_CODES_BY_KEY[e.code],
          data: {
            code: e.code,
            httpStatus: statuses[i],
            path: paths[i],
            appCode: e.appCode ?? null,
            retryAfterSeconds: e.retryAfterSeconds ?? null,
            field: e.field ?? null,
            fieldErrors: e.fieldErrors ?? null,
            formErrors: e.fieldErrors ? [] : null,
          },
        }),
      };
    });
    const status = statuses.every((s) => s === statuses[0]) ? statuses[0]! : 207;
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  });
  vi.stubGlobal("fetch", fetchStub);
  return calls;
}

/** The dev outbox is off unless a test says otherwise. */
export const outboxOff = fail({ code: "NOT_FOUND", message: "The dev outbox is only available in development without SMTP." });
