// The REST API for companies' own systems (issue 14): /api/v1/…, called with an API key
// (`Authorization: Bearer hxp_…`). Each operation calls the same tRPC procedure the app uses,
// through a server-side caller with the key's context, so access (the key's scopes, the
// owner's role and verified company), ownership, privacy and CandidateView records are the
// app's own. Answers pass through the documented schemas (api-v1-schemas.ts) with ISO dates;
// errors are {error: {code, message, appCode}} with the HTTP status tRPC gives the code.
// GET /api/v1/openapi.json is the OpenAPI 3.1 document, generated from the same zod schemas;
// GET /api/v1/docs is a Redoc reference page served from node_modules (no CDN).
import fs from "node:fs";
import { createRequire } from "node:module";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z, ZodError } from "zod";
import { API_SCOPE_LABELS, API_SCOPES, API_SCOPE_OF, type ApiScope, type ProcedurePath } from "../../shared/access.ts";
import { fieldErrorsOf } from "../../shared/field-errors.ts";
import { CandidateIdInput, CandidateSearchInput } from "../../shared/schemas/candidates.ts";
import { JobCreateInput, JobUpdateInput } from "../../shared/schemas/jobs.ts";
import { appRouter } from "../routers/app.ts";
import { AppError } from "../services/errors.ts";
import { createCallerFactory } from "../trpc/init.ts";
import type { Context } from "../trpc/context.ts";
import { ApplicantList, CandidateDetail, CandidateSearchResult, ErrorBody, Job, JobList, JobState, JobSummary, Shortlist } from "./api-v1-schemas.ts";

const createCaller = createCallerFactory(appRouter);
type Caller = ReturnType<typeof createCaller>;

const CursorQuery = z.object({ cursor: z.string().max(512).optional().meta({ description: "The `nextCursor` of the previous page." }) }).strict();
const JobsQuery = CursorQuery.extend({
  active: z.enum(["true", "false"]).optional().meta({ description: "Only open (true) or only closed (false) jobs." }),
}).strict();
const JobPatchBody = JobUpdateInput.omit({ id: true });

type Parts = { params: Record<string, string>; query: Record<string, unknown>; body: unknown };

export type Operation = {
  method: "GET" | "POST" | "PATCH";
  /** OpenAPI form: /jobs/{id}. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  procedure: ProcedurePath;
  pathParams?: string[];
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  responseName: string;
  status: 200 | 201;
  call(caller: Caller, parts: Parts): Promise<unknown>;
};

const idParam = (p: Parts) => p.params.id ?? "";
/** A query string as the procedure reads it (only the documented names; validated by the query schema). */
function queryOf(schema: z.ZodObject, raw: Record<string, unknown>): Record<string, string> {
  const r = schema.safeParse(raw);
  if (!r.success) throw r.error;
  return r.data as Record<string, string>;
}

export const OPERATIONS: Operation[] = [
  {
    method: "GET",
    path: "/jobs",
    operationId: "listJobs",
    summary: "List your job postings",
    description: "Newest first, 20 a page.",
    procedure: "company.jobs.list",
    query: JobsQuery,
    response: JobList,
    responseName: "JobList",
    status: 200,
    call: (c, p) => {
      const q = queryOf(JobsQuery, p.query);
      return c.company.jobs.list({ cursor: q.cursor, ...(q.active ? { active: q.active === "true" } : {}) });
    },
  },
  {
    method: "POST",
    path: "/jobs",
    operationId: "createJob",
    summary: "Post a job",
    description: "The job is open at once.",
    procedure: "company.jobs.create",
    body: JobCreateInput,
    response: Job,
    responseName: "Job",
    status: 201,
    call: (c, p) => c.company.jobs.create(p.body as z.input<typeof JobCreateInput>),
  },
  {
    method: "GET",
    path: "/jobs/{id}",
    operationId: "getJob",
    summary: "Read one of your job postings",
    procedure: "company.jobs.get",
    pathParams: ["id"],
    response: Job,
    responseName: "Job",
    status: 200,
    call: (c, p) => c.company.jobs.get({ id: idParam(p) }),
  },
  {
    method: "PATCH",
    path: "/jobs/{id}",
    operationId: "updateJob",
    summary: "Change fields of a job posting",
    description: "Only the fields sent are changed.",
    procedure: "company.jobs.update",
    pathParams: ["id"],
    body: JobPatchBody,
    response: Job,
    responseName: "Job",
    status: 200,
    call: (c, p) => c.company.jobs.update({ ...(p.body && typeof p.body === "object" ? p.body : {}), id: idParam(p) } as z.input<typeof JobUpdateInput>),
  },
  {
    method: "POST",
    path: "/jobs/{id}/close",
    operationId: "closeJob",
    summary: "Close a job posting",
    description: "No new applications; off the job board.",
    procedure: "company.jobs.setActive",
    pathParams: ["id"],
    response: JobState,
    responseName: "JobState",
    status: 200,
    call: (c, p) => c.company.jobs.setActive({ id: idParam(p), isActive: false }),
  },
  {
    method: "POST",
    path: "/jobs/{id}/reopen",
    operationId: "reopenJob",
    summary: "Reopen a closed job posting",
    procedure: "company.jobs.setActive",
    pathParams: ["id"],
    response: JobState,
    responseName: "JobState",
    status: 200,
    call: (c, p) => c.company.jobs.setActive({ id: idParam(p), isActive: true }),
  },
  {
    method: "GET",
    path: "/jobs/{id}/applicants",
    operationId: "listApplicants",
    summary: "List the applicants of one of your jobs",
    description: "Newest first, 20 a page, with the contact details each applicant shared by applying.",
    procedure: "company.jobs.applicants",
    pathParams: ["id"],
    query: CursorQuery,
    response: ApplicantList,
    responseName: "ApplicantList",
    status: 200,
    call: (c, p) => c.company.jobs.applicants({ jobId: idParam(p), cursor: queryOf(CursorQuery, p.query).cursor }),
  },
  {
    method: "GET",
    path: "/shortlist",
    operationId: "getShortlist",
    summary: "List the candidates you marked, with their answers",
    description: "Newest mark first. Contact details only for candidates who accepted your interest.",
    procedure: "company.candidates.shortlist",
    query: CursorQuery,
    response: Shortlist,
    responseName: "Shortlist",
    status: 200,
    call: (c, p) => c.company.candidates.shortlist({ cursor: queryOf(CursorQuery, p.query).cursor }),
  },
  {
    method: "POST",
    path: "/candidates/search",
    operationId: "searchCandidates",
    summary: "Search candidates",
    description: "The same filters and privacy as the app: only candidates who opted in, never contact details.",
    procedure: "company.candidates.search",
    body: CandidateSearchInput,
    response: CandidateSearchResult,
    responseName: "CandidateSearchResult",
    status: 200,
    call: (c, p) => c.company.candidates.search((p.body ?? {}) as z.input<typeof CandidateSearchInput>),
  },
  {
    method: "GET",
    path: "/candidates/{id}",
    operationId: "getCandidate",
    summary: "Open a candidate's page",
    description:
      "Recorded as your company's view of the candidate, exactly as opening the page in the app. Contact details only when the candidate shared them with your company. Marking interest is not possible through the API.",
    procedure: "company.candidates.get",
    pathParams: ["id"],
    response: CandidateDetail,
    responseName: "CandidateDetail",
    status: 200,
    call: (c, p) => c.company.candidates.get({ candidateId: idParam(p) } satisfies z.input<typeof CandidateIdInput>),
  },
];

/** Dates as ISO 8601 strings, everywhere in an answer. */
function isoDates(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(isoDates);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, isoDates(x)]));
  return v;
}

type ErrorJson = z.infer<typeof ErrorBody>;

function errorAnswer(e: unknown, ctx: Context | null): { status: number; body: ErrorJson } {
  let zod: ZodError | null = e instanceof ZodError ? e : null;
  let trpc: TRPCError | null = e instanceof TRPCError ? e : null;
  if (!trpc && e instanceof AppError) trpc = new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: e });
  if (trpc?.cause instanceof ZodError) zod = trpc.cause;
  if (zod) {
    return {
      status: 400,
      body: { error: { code: "BAD_REQUEST", message: zod.issues[0]?.message ?? "Some fields need your attention.", appCode: "BAD_INPUT", fieldErrors: fieldErrorsOf(zod) } },
    };
  }
  if (trpc) {
    const cause = trpc.cause instanceof AppError ? trpc.cause : null;
    if (cause && trpc.code === "INTERNAL_SERVER_ERROR") {
      // An AppError that reached here untranslated: translate it as the app does.
      const status = { invalid: 400, unauthenticated: 401, forbidden: 403, "not-found": 404, conflict: 409, "rate-limited": 429, unavailable: 503 }[cause.kind];
      return { status, body: { error: { code: trpcCodeOf(status), message: cause.message, appCode: cause.appCode, fieldErrors: cause.fieldErrors ?? null } } };
    }
    const status = getHTTPStatusCodeFromError(trpc);
    if (status < 500) return { status, body: { error: { code: trpc.code, message: trpc.message, appCode: cause?.appCode ?? null, fieldErrors: cause?.fieldErrors ?? null } } };
    ctx?.log.error({ err: trpc.cause ?? trpc, requestId: ctx.requestId }, "api v1: unexpected error");
    return { status, body: { error: { code: trpc.code, message: `Something went wrong on our side (request ${ctx?.requestId ?? "?"}). Please try again.`, appCode: null } } };
  }
  ctx?.log.error({ err: e, requestId: ctx?.requestId }, "api v1: unexpected error");
  return { status: 500, body: { error: { code: "INTERNAL_SERVER_ERROR", message: `Something went wrong on our side (request ${ctx?.requestId ?? "?"}). Please try again.`, appCode: null } } };
}

function trpcCodeOf(status: number): string {
  return ({ 400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT", 429: "TOO_MANY_REQUESTS", 503: "SERVICE_UNAVAILABLE" } as Record<number, string>)[status] ?? "INTERNAL_SERVER_ERROR";
}

const ERROR_RESPONSES: Record<string, string> = {
  "400": "The input is not valid (appCode BAD_INPUT, fieldErrors by field).",
  "401": "No API key, or the key does not work (revoked, expired, or its company account cannot use the API now): appCode API_KEY_REQUIRED or API_KEY_INVALID.",
  "403": "The key lacks the scope (API_SCOPE_MISSING), or the company is not verified.",
  "404": "Not found (or not yours).",
  "429": "Over the key's rate limit (600 calls a minute): wait the seconds in Retry-After.",
};

/** The OpenAPI 3.1 document, from the operations and their zod schemas. */
export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  const responseNames = new Set<string>();
  registry.add(ErrorBody, { id: "Error" });
  registry.add(JobSummary, { id: "JobSummary" });
  for (const op of OPERATIONS) {
    if (!responseNames.has(op.responseName)) registry.add(op.response, { id: op.responseName });
    responseNames.add(op.responseName);
  }
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: "output", unrepresentable: "any" }) as { schemas: Record<string, Record<string, unknown>> };
  for (const s of Object.values(schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  const inputSchema = (schema: z.ZodType) => {
    const s = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    delete s.$schema;
    return s;
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const scope = API_SCOPE_OF[op.procedure] as ApiScope;
    const parameters: unknown[] = (op.pathParams ?? []).map((name) => ({ name, in: "path", required: true, schema: { type: "string", minLength: 1, maxLength: 64 } }));
    if (op.query) {
      const q = inputSchema(op.query) as { properties?: Record<string, Record<string, unknown>> };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        const { description, ...rest } = schema;
        parameters.push({ name, in: "query", required: false, schema: rest, ...(description ? { description } : {}) });
      }
    }
    const errors = Object.fromEntries(
      Object.entries(ERROR_RESPONSES)
        .filter(([code]) => code !== "400" || op.body || op.query || op.pathParams)
        .filter(([code]) => code !== "404" || op.pathParams)
        .map(([code, description]) => [code, { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }]),
    );
    paths[op.path] ??= {};
    paths[op.path]![op.method.toLowerCase()] = {
      operationId: op.operationId,
      summary: op.summary,
      description: `${op.description ? `${op.description}\n\n` : ""}Scope: \`${scope}\`.`,
      tags: [op.path.startsWith("/jobs") ? "Jobs" : "Candidates"],
      "x-scope": scope,
      security: [{ apiKey: [] }],
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: inputSchema(op.body) } } } } : {}),
      responses: {
        [String(op.status)]: { description: op.status === 201 ? "Created" : "OK", content: { "application/json": { schema: { $ref: `#/components/schemas/${op.responseName}` } } } },
        ...errors,
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "HireXp API",
      version: "1.0.0",
      description: [
        "The REST API for a verified company's own systems: job postings, their applicants, the shortlist and candidate search.",
        "",
        "Create a key in HireXp under **Company → API keys** and send it as `Authorization: Bearer hxp_…`. A key acts as the company user who created it, with only its scopes:",
        "",
        ...API_SCOPES.map((s) => `- \`${s}\`: ${API_SCOPE_LABELS[s]}`),
        "",
        "Lists are pages of 20 with `nextCursor` (pass it as `cursor`). Dates are ISO 8601. Each key may make 600 calls a minute (429 with Retry-After beyond).",
      ].join("\n"),
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ apiKey: [] }],
    tags: [{ name: "Jobs" }, { name: "Candidates" }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key: hxp_ and 52 characters." } },
      schemas,
    },
  };
}

/** `/jobs/{id}` → `/jobs/:id` (Fastify's form). */
const fastifyPath = (p: string) => p.replace(/\{(\w+)\}/g, ":$1");

const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>HireXp API reference</title>
</head>
<body>
<div id="redoc-container" data-spec-url="/api/v1/openapi.json"></div>
<script src="/api/v1/docs/redoc.standalone.js"></script>
<script src="/api/v1/docs/init.js"></script>
</body>
</html>
`;

// No inline script: the page's CSP allows scripts from this origin only.
const DOCS_INIT = `Redoc.init("/api/v1/openapi.json", { hideDownloadButton: false, disableSearch: false }, document.getElementById("redoc-container"));\n`;

/** The reference page's CSP: Redoc injects styles, runs a web worker from a blob: and loads nothing from elsewhere. */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export async function registerApiV1(app: FastifyInstance, deps: { contextFor(req: FastifyRequest, reply: FastifyReply): Promise<Context> }) {
  const require = createRequire(import.meta.url);
  let redocBundle: Buffer | null = null;
  const document = (req: FastifyRequest) => openApiDocument(`${req.protocol}://${req.host}`);

  app.get("/api/v1/openapi.json", async (req, reply) => reply.header("cache-control", "no-cache").send(document(req)));
  app.get("/api/v1/docs", async (_req, reply) => reply.header("content-security-policy", DOCS_CSP).type("text/html; charset=utf-8").send(DOCS_HTML));
  app.get("/api/v1/docs/init.js", async (_req, reply) => reply.header("cache-control", "no-cache").type("text/javascript; charset=utf-8").send(DOCS_INIT));
  app.get("/api/v1/docs/redoc.standalone.js", async (_req, reply) => {
    redocBundle ??= fs.readFileSync(require.resolve("redoc/bundles/redoc.standalone.js"));
    return reply.header("cache-control", "public, max-age=86400").type("text/javascript; charset=utf-8").send(redocBundle);
  });

  for (const op of OPERATIONS) {
    app.route({
      method: op.method,
      url: `/api/v1${fastifyPath(op.path)}`,
      // A body Fastify cannot parse (not JSON, too large): the API's error form.
      errorHandler: (error: { statusCode?: number; message: string }, _req, reply) => {
        const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
        return reply.code(status).send({ error: { code: trpcCodeOf(status), message: status === 500 ? "Something went wrong on our side." : error.message, appCode: status === 500 ? null : "BAD_REQUEST_BODY" } } satisfies ErrorJson);
      },
      handler: async (req, reply) => {
        const authorization = req.headers.authorization;
        if (typeof authorization !== "string" || !/^Bearer\s+hxp_/i.test(authorization)) {
          reply.header("www-authenticate", 'Bearer realm="HireXp API"');
          return reply.code(401).send({ error: { code: "UNAUTHORIZED", message: "Send an API key: Authorization: Bearer hxp_…", appCode: "API_KEY_REQUIRED" } } satisfies ErrorJson);
        }
        let ctx: Context | null = null;
        try {
          ctx = await deps.contextFor(req, reply);
          const result = await op.call(createCaller(ctx), {
            params: (req.params ?? {}) as Record<string, string>,
            query: (req.query ?? {}) as Record<string, unknown>,
            body: req.body,
          });
          const answer = op.response.safeParse(isoDates(result));
          if (!answer.success) throw new Error(`api v1: the answer of ${op.operationId} does not match its schema: ${answer.error.message}`);
          return reply.code(op.status).send(answer.data);
        } catch (e) {
          const { status, body } = errorAnswer(e, ctx);
          if (status === 401) reply.header("www-authenticate", 'Bearer realm="HireXp API", error="invalid_token"');
          return reply.code(status).send(body);
        }
      },
    });
  }
}
