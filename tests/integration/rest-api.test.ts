// The REST API (issue 14), on PGlite and a real PostgreSQL: the OpenAPI document validates
// (@readme/openapi-parser), and a walk over the document calls every operation with a key and
// checks each answer — success and errors — against the documented response schema (ajv,
// JSON Schema 2020-12 as OpenAPI 3.1 uses). Privacy holds as in the app: no contact details
// without consent (an application or an accepted interest), every candidate opened through
// the API is recorded as a view, interest cannot be marked. Keyset pages with cursor /
// nextCursor; ISO dates. The reference page is served from this server with its own CSP.
import { validate, compileErrors } from "@readme/openapi-parser";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { startTestApp, type TestApp, type TestClient } from "../helpers/app.ts";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const PASSWORD = "correct horse battery staple";
let seq = 0;
const uniq = () => `${++seq}${Math.random().toString(36).slice(2, 7)}`;

const JOB = {
  title: "Support specialist",
  description: "Answer customers by chat and phone, in clear and friendly English.",
  requirements: ["Two years in a support role"],
  requiredSkills: ["English", "SQL"],
  experienceLevel: "junior",
  location: "Lisbon",
  salary: "€30k",
};

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string }[]; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  components: { schemas: Record<string, unknown> };
};

describeEachDatabase("REST API v1", (t) => {
  let app: TestApp;
  let hash: string;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
  });
  afterAll(() => app?.close());

  async function signedIn(email: string): Promise<TestClient> {
    const c = app.client();
    await c.signIn(email, PASSWORD);
    return c;
  }
  async function company() {
    const email = `company-${uniq()}@example.com`;
    const companyName = `Acme ${uniq()}`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role: "COMPANY", companyName });
    await t.prisma.companyProfile.update({ where: { userId: u.id }, data: { isVerified: true, verifiedAt: new Date() } });
    const c = await signedIn(email);
    const { key } = await c.trpc.apiKeys.create.mutate({ name: "ATS", scopes: ["jobs:read", "jobs:write", "applicants:read", "shortlist:read", "candidates:search"] });
    return { id: u.id, c, key, companyName };
  }
  async function candidate(skills: string[]) {
    const email = `trainee-${uniq()}@example.com`;
    const phone = `+1555${String(1_000_000 + seq).slice(-7)}`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, name: `Candidate ${seq}`, profile: { phone, skills, languages: ["en"], location: "Lisbon", bio: "Support agent." } });
    const c = await signedIn(email);
    await c.trpc.candidate.settings.update.mutate({ discoverable: true });
    return { id: u.id, email, phone, c };
  }
  async function api(key: string | null, method: string, path: string, body?: unknown) {
    const res = await fetch(`${app.url}/api/v1${path}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as any };
  }

  it("publishes an OpenAPI 3.1 document that validates", async () => {
    const res = await fetch(`${app.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? "valid" : compileErrors(result)).toBe("valid");
    const ops = Object.entries(doc.paths).flatMap(([p, ms]) => Object.keys(ms).map((m) => `${m.toUpperCase()} ${p}`));
    expect(ops.sort()).toEqual(
      [
        "GET /jobs",
        "POST /jobs",
        "GET /jobs/{id}",
        "PATCH /jobs/{id}",
        "POST /jobs/{id}/close",
        "POST /jobs/{id}/reopen",
        "GET /jobs/{id}/applicants",
        "GET /shortlist",
        "POST /candidates/search",
        "GET /candidates/{id}",
      ].sort(),
    );
  });

  it("answers every documented operation as documented (a walk over the document with a key)", async () => {
    const co = await company();
    const applicant = await candidate(["English"]);
    const doc = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as Doc;
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    ajv.addSchema({ $id: "https://api.hirexp.test/openapi.json", components: doc.components });
    const check = (schema: unknown, body: unknown) => {
      const ref = (schema as { $ref?: string }).$ref;
      const validateFn = ref ? ajv.compile({ $ref: `https://api.hirexp.test/openapi.json${ref}` }) : ajv.compile(schema as object);
      return validateFn(body) ? "matches" : ajv.errorsText(validateFn.errors);
    };

    // Data for every operation: a job with an applicant, a candidate on the shortlist.
    const job = (await api(co.key, "POST", "/jobs", JOB)).json;
    await applicant.c.trpc.jobs.applyTo.mutate({ jobId: job.id, message: "Hello" });
    await co.c.trpc.company.candidates.interest.mutate({ candidateId: applicant.id, interested: true });
    const bodies: Record<string, unknown> = { createJob: JOB, updateJob: { title: "Support lead", salary: "" }, searchCandidates: { skills: ["English"] } };

    const walked: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const url = path.replace("{id}", path.startsWith("/candidates") ? applicant.id : job.id);
        const r = await api(co.key, method.toUpperCase(), url, bodies[op.operationId]);
        const documented = op.responses[String(r.status)];
        walked.push(`${op.operationId} ${documented ? "documented" : `undocumented status ${r.status}: ${r.text}`} ${documented ? check(documented.content!["application/json"]!.schema, r.json) : ""}`);
        expect(r.headers.get("content-type")).toMatch(/^application\/json/);

        // The documented errors answer in the documented form too: no key (401) …
        const noKey = await api(null, method.toUpperCase(), url, bodies[op.operationId]);
        walked.push(`${op.operationId} no key ${noKey.status} ${check(op.responses["401"]!.content!["application/json"]!.schema, noKey.json)}`);
        // … and an id that is not there (404), for the operations with one.
        if (op.parameters?.some((p) => p.in === "path")) {
          const missing = await api(co.key, method.toUpperCase(), path.replace("{id}", "no-such-id"), bodies[op.operationId]);
          walked.push(`${op.operationId} missing ${missing.status} ${check(op.responses["404"]!.content!["application/json"]!.schema, missing.json)}`);
        }
      }
    }
    expect(walked).toEqual(
      Object.values(doc.paths).flatMap((ms) =>
        Object.values(ms).flatMap((op) => [
          `${op.operationId} documented matches`,
          `${op.operationId} no key 401 matches`,
          ...(op.parameters?.some((p) => p.in === "path") ? [`${op.operationId} missing 404 matches`] : []),
        ]),
      ),
    );

    // A bad body: 400 in the documented form, with the field.
    const bad = await api(co.key, "POST", "/jobs", { ...JOB, title: "x" });
    expect(bad.status).toBe(400);
    expect(check(doc.paths["/jobs"]!.post!.responses["400"]!.content!["application/json"]!.schema, bad.json)).toBe("matches");
    expect(bad.json.error).toMatchObject({ code: "BAD_REQUEST", appCode: "BAD_INPUT", fieldErrors: { title: ["Give the job a title (at least 3 characters)"] } });
    // ISO dates.
    const got = (await api(co.key, "GET", `/jobs/${job.id}`)).json;
    expect(got.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // The check itself can fail: an undocumented field, or a date that is not ISO, does not match.
    const jobSchema = doc.paths["/jobs/{id}"]!.get!.responses["200"]!.content!["application/json"]!.schema;
    expect(check(jobSchema, got)).toBe("matches");
    expect(check(jobSchema, { ...got, contactEmail: "someone@example.com" })).not.toBe("matches");
    expect(check(jobSchema, { ...got, createdAt: "yesterday" })).not.toBe("matches");
  });

  it("pages with cursor / nextCursor", async () => {
    const co = await company();
    for (let i = 0; i < 21; i++) expect((await api(co.key, "POST", "/jobs", { ...JOB, title: `Job number ${i}` })).status).toBe(201);
    const first = (await api(co.key, "GET", "/jobs")).json;
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await api(co.key, "GET", `/jobs?cursor=${encodeURIComponent(first.nextCursor)}`)).json;
    expect(second).toMatchObject({ nextCursor: null });
    const titles = [...first.items, ...second.items].map((j: { title: string }) => j.title);
    expect(new Set(titles).size).toBe(21);
    expect(titles[0]).toBe("Job number 20");
    const bad = await api(co.key, "GET", "/jobs?cursor=not-a-cursor");
    expect([bad.status, bad.json.error.appCode]).toEqual([400, "BAD_CURSOR"]);
    // Closed jobs only, through the documented filter.
    await api(co.key, "POST", `/jobs/${first.items[0].id}/close`);
    expect((await api(co.key, "GET", "/jobs?active=false")).json.items.map((j: { id: string }) => j.id)).toEqual([first.items[0].id]);
    expect((await api(co.key, "GET", "/jobs?active=maybe")).status).toBe(400);
  });

  it("keeps privacy as the app does: contact details only with consent, every opened candidate recorded as a view, no interest by key", async () => {
    const co = await company();
    const applied = await candidate(["Excel"]);
    const stranger = await candidate(["Excel"]);
    const accepting = await candidate(["Excel"]);
    const job = (await api(co.key, "POST", "/jobs", JOB)).json;
    await applied.c.trpc.jobs.applyTo.mutate({ jobId: job.id });

    // The search: all three, never a contact detail.
    const search = await api(co.key, "POST", "/candidates/search", { skills: ["Excel"] });
    expect(search.status).toBe(200);
    expect(search.json.items.map((i: { candidateId: string }) => i.candidateId).sort()).toEqual([applied.id, stranger.id, accepting.id].sort());
    for (const p of [applied, stranger, accepting]) {
      expect(search.text).not.toContain(p.email);
      expect(search.text).not.toContain(p.phone);
    }

    // A candidate who shared nothing with this company: no contact, recorded as a view.
    const before = new Date(Date.now() - 1000);
    expect(await t.prisma.candidateView.count({ where: { companyUserId: co.id, candidateId: stranger.id } })).toBe(0);
    const page = await api(co.key, "GET", `/candidates/${stranger.id}`);
    expect([page.status, page.json.contact]).toEqual([200, null]);
    expect(page.text).not.toContain(stranger.email);
    expect(page.text).not.toContain(stranger.phone);
    const view = await t.prisma.candidateView.findUniqueOrThrow({ where: { candidateId_companyUserId: { candidateId: stranger.id, companyUserId: co.id } }, select: { viewedAt: true, isInterested: true } });
    expect(view.viewedAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(view.isInterested).toBe(false);
    // … and the trainee sees the company among their viewers, as after a view in the app.
    expect(JSON.stringify(await stranger.c.trpc.candidate.viewers.query())).toContain(co.companyName);

    // An applicant: the contact shared by applying, and in the applicants list.
    const appliedPage = (await api(co.key, "GET", `/candidates/${applied.id}`)).json;
    expect(appliedPage.contact).toMatchObject({ email: applied.email, via: "application" });
    const applicants = (await api(co.key, "GET", `/jobs/${job.id}/applicants`)).json;
    expect(applicants.items.map((a: { candidateId: string; contact: unknown }) => [a.candidateId, a.contact])).toEqual([[applied.id, { email: applied.email, phone: applied.phone }]]);

    // Interest: marked in the app only. There is no endpoint for it.
    expect((await api(co.key, "POST", `/candidates/${accepting.id}/interest`, { interested: true })).status).toBe(404);
    await co.c.trpc.company.candidates.interest.mutate({ candidateId: accepting.id, interested: true });
    let shortlist = (await api(co.key, "GET", "/shortlist")).json;
    expect(shortlist.items.map((i: { candidateId: string; response: string; contact: unknown }) => [i.candidateId, i.response, i.contact])).toEqual([[accepting.id, "pending", null]]);
    expect(JSON.stringify(shortlist)).not.toContain(accepting.email);
    await accepting.c.trpc.candidate.interests.respond.mutate({ companyUserId: co.id, accept: true });
    shortlist = (await api(co.key, "GET", "/shortlist")).json;
    expect(shortlist.items[0]).toMatchObject({ candidateId: accepting.id, response: "accepted", contact: { email: accepting.email, phone: accepting.phone } });

    // A candidate who opts out disappears from the API at once, as from the app.
    await stranger.c.trpc.candidate.settings.update.mutate({ discoverable: false });
    expect((await api(co.key, "GET", `/candidates/${stranger.id}`)).json.error.appCode).toBe("CANDIDATE_NOT_FOUND");
  });

  it("pulls a job's applicants the way the README's curl example does", async () => {
    const co = await company();
    const a = await candidate(["SQL"]);
    const job = (await api(co.key, "POST", "/jobs", JOB)).json;
    await a.c.trpc.jobs.applyTo.mutate({ jobId: job.id, message: "I know SQL." });
    const res = await fetch(`${app.url}/api/v1/jobs/${job.id}/applicants`, { headers: { Authorization: `Bearer ${co.key}` } });
    const body = (await res.json()) as { job: { id: string }; items: { name: string; message: string; appliedAt: string; match: { matched: string[] } }[] };
    expect(body.job.id).toBe(job.id);
    expect(body.items.map((i) => [i.message, i.match.matched])).toEqual([["I know SQL.", ["SQL"]]]);
  });

  it("serves the reference page and its script from this server, with a CSP that allows nothing from elsewhere", async () => {
    const page = await fetch(`${app.url}/api/v1/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('src="/api/v1/docs/redoc.standalone.js"');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>(?!<)/); // no inline script
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).not.toMatch(/https?:|\*/);
    const script = await fetch(`${app.url}/api/v1/docs/redoc.standalone.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect((await script.text()).length).toBeGreaterThan(100_000);
    expect(await (await fetch(`${app.url}/api/v1/docs/init.js`)).text()).toContain('Redoc.init("/api/v1/openapi.json"');
    // Elsewhere the app's own CSP is unchanged: no blob: workers.
    expect((await fetch(`${app.url}/healthz`)).headers.get("content-security-policy")).not.toContain("blob:");
  });
});
