// A network-level stand-in for the tRPC server in component tests: it replaces global
// fetch and answers the real wire format of httpBatchLink with superjson, so the real
// client code (links, transformer, error parsing) runs as in the browser.
//
// The answers are typed from the server's own router (AppRouter, type import only): a stub
// is a map from procedure path ("auth.me", "admin.users.list", …) to that procedure's output,
// to a failure made with `fail(…)`, or to a function of the call's input returning either.
// When a procedure's output changes shape on the server, the stubs that copy the old shape
// stop compiling. A path the map does not name answers NOT_FOUND ("no stub for <path>").
//
// Error answers copy the shape of server/trpc/init.ts's errorFormatter: message, JSON-RPC
// code, and data { code, httpStatus, path, appCode, retryAfterSeconds, field, fieldErrors, formErrors, resetsAt }.
import superjson from "superjson";
import type { AnyProcedure, inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { vi } from "vitest";
import type { AppRouter } from "../../server/routers/app.ts";

type TrpcCode = keyof typeof TRPC_ERROR_CODES_BY_KEY;

const HTTP_STATUS: Partial<Record<TrpcCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
};

/** "a.b.c" for every procedure of a router record (sub-routers are walked, procedures are leaves). */
type PathsOf<R, Prefix extends string = ""> = {
  [K in keyof R & string]: R[K] extends AnyProcedure ? `${Prefix}${K}` : PathsOf<R[K], `${Prefix}${K}.`>;
}[keyof R & string];

/** The type at a dotted path of a nested object type. */
type At<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? At<T[Head], Rest>
    : never
  : P extends keyof T
    ? T[P]
    : never;

/** Every procedure path of the app, e.g. "auth.me" or "admin.users.list". */
export type ProcedurePath = PathsOf<AppRouter["_def"]["record"]>;
/** What a procedure answers, as the client sees it (after superjson: Dates are Dates). */
export type Output<P extends ProcedurePath> = At<inferRouterOutputs<AppRouter>, P>;
/** What a procedure is called with. */
export type Input<P extends ProcedurePath> = At<inferRouterInputs<AppRouter>, P>;

export type StubError = {
  code: TrpcCode;
  message: string;
  appCode?: string | null;
  retryAfterSeconds?: number | null;
  /** The form field a domain error belongs to (e.g. "password"). */
  field?: string | null;
  fieldErrors?: Record<string, string[]> | null;
  /** When a used-up quota resets (QUOTA_EXCEEDED), as an ISO date-time. */
  resetsAt?: string | null;
};

/** A failed answer; make one with `fail(…)`. */
export class StubFailure {
  constructor(readonly error: StubError) {}
}

export const fail = (error: StubError): StubFailure => new StubFailure(error);

type Answer<P extends ProcedurePath> = Output<P> | StubFailure;

/** The input a stub function receives: undefined when the call sent none. */
export type CallInput<P extends ProcedurePath> = Exclude<Input<P>, void> | undefined;

/** One procedure's stub: a fixed answer, or one computed from the call's input. */
export type StubFor<P extends ProcedurePath> = Answer<P> | ((input: CallInput<P>) => Answer<P> | Promise<Answer<P>>);

/** The procedures a test answers; every other path answers NOT_FOUND. */
export type StubMap = { [P in ProcedurePath]?: StubFor<P> };

export type StubCall = { path: string; input: unknown };

/** The inputs of the calls made to one procedure, typed, in order. */
export function inputsOf<P extends ProcedurePath>(calls: StubCall[], path: P): CallInput<P>[] {
  return calls.filter((c) => c.path === path).map((c) => c.input as CallInput<P>);
}

type Answered = { data: unknown } | { error: StubError };
const statusOf = (a: Answered) => ("error" in a ? (HTTP_STATUS[a.error.code] ?? 500) : 200);

/** One answer in tRPC's wire format (superjson), as the server's errorFormatter shapes errors. */
function wire(a: Answered, path: string) {
  if ("data" in a) return { result: { data: superjson.serialize(a.data) } };
  const e = a.error;
  return {
    error: superjson.serialize({
      message: e.message,
      code: TRPC_ERROR_CODES_BY_KEY[e.code],
      data: {
        code: e.code,
        httpStatus: statusOf(a),
        path,
        appCode: e.appCode ?? null,
        retryAfterSeconds: e.retryAfterSeconds ?? null,
        field: e.field ?? null,
        fieldErrors: e.fieldErrors ?? null,
        formErrors: e.fieldErrors ? [] : null,
        resetsAt: e.resetsAt ?? null,
      },
    }),
  };
}

/** Replaces global fetch with the stubs in `map`; returns the list of procedure calls it received. */
export function stubTrpc(map: StubMap): StubCall[] {
  const calls: StubCall[] = [];
  const answer = async (path: string, input: unknown): Promise<Answered> => {
    const stub = (map as Record<string, unknown>)[path];
    if (stub === undefined) return { error: { code: "NOT_FOUND", message: `no stub for ${path}` } };
    const result: unknown = typeof stub === "function" ? await (stub as (input: unknown) => unknown)(input) : stub;
    return result instanceof StubFailure ? { error: result.error } : { data: result };
  };
  const fetchStub = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const u = new URL(String(url), "http://localhost");
    const prefix = "/api/trpc/";
    if (!u.pathname.startsWith(prefix)) throw new TypeError(`unexpected fetch ${u.pathname}`);
    // A file upload (FormData input): one call over httpLink, answered unbatched.
    if (init?.body instanceof FormData) {
      const path = decodeURIComponent(u.pathname.slice(prefix.length));
      calls.push({ path, input: init.body });
      const a = await answer(path, init.body);
      return new Response(JSON.stringify(wire(a, path)), { status: statusOf(a), headers: { "content-type": "application/json" } });
    }
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
        return answer(path, input);
      }),
    );
    const statuses = answers.map(statusOf);
    const status = statuses.every((st) => st === statuses[0]) ? statuses[0]! : 207;
    return new Response(JSON.stringify(answers.map((a, i) => wire(a, paths[i]!))), { status, headers: { "content-type": "application/json" } });
  });
  vi.stubGlobal("fetch", fetchStub);
  return calls;
}
