// Hostile input over HTTP, for every procedure of the router: arbitrary JSON, hostile strings
// (prototype keys, NUL bytes, lone surrogates, formula cells, SQL), dates outside what
// PostgreSQL stores, huge numbers, deeply nested objects, broken superjson envelopes — sent
// as anonymous and as a signed-in super admin. Whatever comes in, the answer is never a 5xx
// (nothing a user sends may produce INTERNAL_SERVER_ERROR). Deterministic: a fixed seed.
//
// Mutations with valid random input really run (a random admin action may sign someone out,
// delete a throwaway user…); the admin's session is created afresh for every call, so the
// fuzz cannot lock itself out.
//
// Then "10 000 malformed requests" (issue 12, faults survived) against a real app process
// (`node server/main.ts` on its embedded database, production mode): inputs derived from every
// procedure's zod schema by fast-check (tests/helpers/zod-arbitrary.ts: valid everywhere but one
// place), sent by a caller the procedure admits, plus raw garbage (wrong content types, 10 MB
// bodies, deep JSON, invalid UTF-8, huge batches, bad methods and paths) → no 5xx at all, and
// the app's memory after GC back near its baseline. The figures are printed.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { createSession, sessionCookieName } from "../../server/auth/session.ts";
import { appRouter } from "../../server/routers/app.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { freshIp, startTestApp, type TestApp } from "../helpers/app.ts";
import { createTestDatabase, type Database } from "../helpers/db.ts";
import { openDatabase } from "../../server/db/client.ts";
import { migrate } from "../../server/db/migrate.ts";
import { ACCESS } from "../../shared/access.ts";
import { transformer } from "../../shared/transformer.ts";
import { startAppProcess, type AppProcess, type MemorySample } from "../helpers/app-process.ts";
import { deriveInputs } from "../helpers/zod-arbitrary.ts";

const SEED = 20_261_204;
/**
 * Random runs per procedure, per caller. Anonymous callers are refused before the input is
 * read on most procedures, so fewer runs there. On top of the random runs, every field of every
 * procedure gets each of the CLASSIC values as a super admin (fast-check `examples`). About 40
 * procedures took 38 s alone on the busy 2-core machine (about 65 fields × 6 values).
 */
const RUNS = { anonymous: 3, admin: 4 };

type ProcedureDef = { _def: { type: "query" | "mutation" | "subscription"; inputs: unknown[] } };
const PROCEDURES = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>).sort(([a], [b]) => a.localeCompare(b));

/** The top-level field names of a procedure's zod input (through optional/default/pipe wrappers). */
function fieldNames(schema: unknown, depth = 0): string[] {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
  if (!def || depth > 8) return [];
  if (def.type === "object") return Object.keys(def.shape as object);
  if (def.type === "union") return (def.options as unknown[]).flatMap((o) => fieldNames(o, depth + 1));
  return fieldNames(def.innerType ?? def.in, depth + 1);
}

const HOSTILE_STRINGS = [
  "",
  " ",
  "toString",
  "__proto__",
  "constructor",
  "prototype",
  "hasOwnProperty",
  "valueOf",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff\ud800",
  "\u00a0=cmd|' /C calc'!A0",
  "=HYPERLINK(\"http://evil.example\")",
  "'; DROP TABLE users; --",
  "%00",
  "../../../etc/passwd",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "{}",
  "[]",
  "\u202e\u2066",
  "👩‍👩‍👧‍👦",
  "x".repeat(5000),
  "2020-13-45T99:99:99Z",
  "+275760-09-13T00:00:00.000Z",
  "-271821-04-20T00:00:00.000Z",
  "0000-01-01T00:00:00.000Z",
  "9999-12-31T23:59:59.999Z",
  "10000-01-01",
  "a@b",
  "admin@example.com",
  "ADMIN",
  "SIGN_IN",
  "google",
  "eyJ2IjoiZ2FyYmFnZSIsImlkIjoieCJ9", // base64url {"v":"garbage","id":"x"}
  "bnVsbA", // base64url null
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "127.0.0.1",
  "::1",
];
const HUGE_NUMBERS = [1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, 2 ** 31, -(2 ** 31) - 1, 8.64e15, -8.64e15, 8.64e15 + 1, 1e21, 0.5, -1, 0, -0];

function arbitraries(knownIds: string[]) {
  const str = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constantFrom(...knownIds) },
  );
  const num = fc.oneof(fc.constantFrom(...HUGE_NUMBERS), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
  const leaf = fc.oneof(str, num, fc.boolean(), fc.constant(null));
  const deep = fc.integer({ min: 20, max: 2000 }).map((n) => {
    let v: unknown = "deep";
    for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
    return v;
  });
  const value = fc.oneof(
    { weight: 5, arbitrary: leaf },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: fc.array(leaf, { maxLength: 5 }) },
    { weight: 1, arbitrary: fc.dictionary(str, leaf, { maxKeys: 4 }) },
  );
  return { str, leaf, value };
}

/** The values every field is tried with (as super admin), besides the random ones. */
const CLASSIC: { value: unknown; asDate?: boolean }[] = [
  { value: "toString" },
  { value: "__proto__" },
  { value: "a\u0000b" },
  { value: "\ud800" },
  { value: -8.64e15 },
  { value: "+275760-09-13T00:00:00.000Z", asDate: true },
];
/** Cursor fields also get a well-formed cursor whose date is garbage. */
const GARBAGE_CURSOR = "eyJ2IjoiZ2FyYmFnZSIsImlkIjoieCJ9";

function classicExamples(fields: string[]): [Wire][] {
  return fields.flatMap((f) =>
    [...CLASSIC, ...(f === "cursor" ? [{ value: GARBAGE_CURSOR }] : [])].map(({ value, asDate }: { value: unknown; asDate?: boolean }): [Wire] => [
      { kind: "json", payload: { json: { [f]: value }, ...(asDate ? { meta: { values: { [f]: ["Date"] } } } : {}) } },
    ]),
  );
}

/** What goes on the wire: a superjson envelope (maybe marking fields as Dates), or junk. */
type Wire = { kind: "none" } | { kind: "json"; payload: unknown } | { kind: "text"; text: string };

function wireFor(fields: string[], a: ReturnType<typeof arbitraries>): fc.Arbitrary<Wire> {
  const keys = [...fields, "__proto__", "constructor", "extra"];
  const input = fc.oneof(
    { weight: 1, arbitrary: a.value },
    // One field, hostile: the rest of the input stays valid-shaped, so the value reaches the service.
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...keys), a.value).map(([k, v]) => ({ [k]: v })) },
    { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...keys), a.value, { maxKeys: keys.length }) },
    { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...keys), a.leaf, { maxKeys: keys.length }) },
  );
  const datesMeta = (x: unknown) => {
    const values: Record<string, string[]> = {};
    if (x && typeof x === "object" && !Array.isArray(x)) for (const [k, v] of Object.entries(x)) if (typeof v === "string") values[k] = ["Date"];
    return { values };
  };
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<Wire>({ kind: "none" }) },
    { weight: 6, arbitrary: input.map<Wire>((x) => ({ kind: "json", payload: { json: x } })) },
    { weight: 3, arbitrary: input.map<Wire>((x) => ({ kind: "json", payload: { json: x, meta: datesMeta(x) } })) },
    { weight: 1, arbitrary: fc.tuple(input, fc.jsonValue({ maxDepth: 3 })).map<Wire>(([x, meta]) => ({ kind: "json", payload: { json: x, meta } })) },
    { weight: 1, arbitrary: input.map<Wire>((x) => ({ kind: "json", payload: x })) },
    { weight: 1, arbitrary: fc.constantFrom<Wire>({ kind: "text", text: "{" }, { kind: "text", text: "\u0000" }, { kind: "text", text: '{"json":' }, { kind: "text", text: "[1,2" }) },
  );
}

describe("fuzzing every procedure's input", () => {
  let db: Database;
  let app: TestApp;
  let adminId: string;
  let knownIds: string[];
  beforeAll(async () => {
    db = await createTestDatabase("pglite");
    app = await startTestApp(db);
    const passwordHash = await hashPassword("fuzzing passphrase 1");
    adminId = (await createUser(db.prisma, { email: "fuzz-admin@example.com", passwordHash, role: "ADMIN", adminAccessLevel: 3 })).id;
    // A second super admin, so the fuzz never meets "the last active admin".
    await createUser(db.prisma, { email: "fuzz-admin-2@example.com", passwordHash, role: "ADMIN", adminAccessLevel: 3 });
    const others = await Promise.all(
      (["TRAINEE", "INSTRUCTOR", "COMPANY"] as const).map((role) => createUser(db.prisma, { email: `fuzz-${role.toLowerCase()}@example.com`, passwordHash, role })),
    );
    knownIds = [adminId, ...others.map((u) => u.id)];
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  let adminToken: string | null = null;
  /** Sends one call as the super admin; when it answers UNAUTHORIZED (a call before may have
   *  signed the admin out), once more with a new session. */
  async function sendAsAdmin(path: string, type: "query" | "mutation", wire: Wire) {
    const first = await send(path, type, wire, true);
    if (first.code !== "UNAUTHORIZED") return first;
    adminToken = null;
    return send(path, type, wire, true);
  }

  /** Sends one call; returns the HTTP status and the tRPC error code, if any. */
  async function send(path: string, type: "query" | "mutation", wire: Wire, asAdmin: boolean): Promise<{ status: number; code: string | null }> {
    const headers: Record<string, string> = { "x-forwarded-for": freshIp(), origin: app.config.appOrigin, "user-agent": "HireXp-Fuzz/1.0" };
    if (asAdmin) {
      adminToken ??= (await createSession(db.prisma, adminId, { ipAddress: null, userAgent: "fuzz" })).token;
      headers.cookie = `${sessionCookieName(app.config.secureCookies)}=${adminToken}`;
    }
    const text = wire.kind === "none" ? undefined : wire.kind === "text" ? wire.text : JSON.stringify(wire.payload);
    let res: Response;
    if (type === "query") {
      const q = text === undefined ? "" : `?input=${encodeURIComponent(text)}`;
      res = await fetch(`${app.url}/api/trpc/${path}${q}`, { headers });
    } else {
      res = await fetch(`${app.url}/api/trpc/${path}`, {
        method: "POST",
        headers: { ...headers, ...(text === undefined ? {} : { "content-type": "application/json" }) },
        ...(text === undefined ? {} : { body: text }),
      });
    }
    const body = await res.text();
    const code = body.match(/"code":"([A-Z_]+)"/)?.[1] ?? null;
    return { status: res.status, code };
  }

  it("covers every procedure of the router", () => {
    expect(PROCEDURES.length).toBeGreaterThan(30);
    expect(PROCEDURES.every(([, p]) => p._def.type === "query" || p._def.type === "mutation")).toBe(true);
  });

  it("never answers 5xx, as anonymous or as a super admin, whatever the input", async () => {
    const a = arbitraries(knownIds);
    const failures: string[] = [];
    for (const [path, proc] of PROCEDURES) {
      const type = proc._def.type as "query" | "mutation";
      const fields = [...new Set(proc._def.inputs.flatMap((s) => fieldNames(s)))];
      const examples = classicExamples(fields);
      for (const asAdmin of [false, true]) {
        const result = await fc.check(
          fc.asyncProperty(wireFor(fields, a), async (wire) => {
            const r = asAdmin ? await sendAsAdmin(path, type, wire) : await send(path, type, wire, false);
            return r.status < 500 && r.code !== "INTERNAL_SERVER_ERROR";
          }),
          // fast-check counts the examples in numRuns.
          { seed: SEED, numRuns: asAdmin ? RUNS.admin + examples.length : RUNS.anonymous, examples: asAdmin ? examples : [], endOnFailure: true },
        );
        if (result.failed) failures.push(`${path} as ${asAdmin ? "super admin" : "anonymous"}: ${JSON.stringify(result.counterexample)}`.slice(0, 600));
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);
});

// ---------------------------------------------------------------------------------------
// 10 000 malformed requests against a running app process.

const CAMPAIGN = { total: 10_000, schemaPerProcedure: 75, warmUp: 500, concurrency: 8 };
const FUZZ_ORIGIN = "http://hirexp.test";
type Caller = "anonymous" | "TRAINEE" | "INSTRUCTOR" | "COMPANY" | "ADMIN";
/** One request: the bytes on the wire, as node's http client sends them (no fetch normalising),
 *  each on its own connection (a kept-alive one the server closed after a 431 would read as a reset). */
type RawRequest = { label: string; method: string; path: string; headers?: Record<string, string>; body?: Buffer | string; caller?: Caller };

function callerFor(name: string): Caller {
  const rule = (ACCESS as Record<string, unknown>)[name];
  if (rule === "public") return "anonymous";
  if (rule === "authed" || rule === "session") return "TRAINEE";
  if (Array.isArray(rule)) return rule[0] as Caller;
  return "ADMIN";
}

/** Every procedure: inputs that break its zod schema in one place, encoded as tRPC expects. */
function schemaRequests(): RawRequest[] {
  const out: RawRequest[] = [];
  PROCEDURES.forEach(([name, proc], i) => {
    const type = proc._def.type;
    const derived = deriveInputs(proc._def.inputs);
    const values = fc.sample(derived.invalid, { seed: SEED + i, numRuns: CAMPAIGN.schemaPerProcedure });
    const caller = callerFor(name);
    values.forEach((value, j) => {
      const envelope = transformer.serialize(value);
      const text = JSON.stringify(envelope);
      const label = `schema ${name}`;
      // Every fourth as a one-call batch, the rest plain.
      const batch = j % 4 === 3;
      const body = batch ? JSON.stringify({ 0: envelope }) : text;
      if (type === "query") {
        out.push({ label, method: "GET", path: `/api/trpc/${name}?${batch ? "batch=1&" : ""}input=${encodeURIComponent(body)}`, caller });
      } else {
        out.push({ label, method: "POST", path: `/api/trpc/${name}${batch ? "?batch=1" : ""}`, headers: { "content-type": "application/json" }, body, caller });
      }
    });
  });
  return out;
}

function deepJson(depth: number, open = "[", close = "]"): string {
  return open.repeat(depth) + close.repeat(depth);
}

/** Raw garbage, `count` requests, deterministic. */
function garbageRequests(count: number): RawRequest[] {
  const queries = PROCEDURES.filter(([, p]) => p._def.type === "query").map(([n]) => n);
  const mutations = PROCEDURES.filter(([, p]) => p._def.type === "mutation").map(([n]) => n);
  const tenMb = Buffer.alloc(10 * 1024 * 1024, "a");
  const tenMbJson = Buffer.concat([Buffer.from('{"json":"'), Buffer.alloc(10 * 1024 * 1024, "b"), Buffer.from('"}')]);
  const badUtf8 = [Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from([0x7b, 0x22, 0x6a, 0x73, 0x6f, 0x6e, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]), Buffer.from('{"json":{"email":"\xc0\xafa@b.c"}}', "latin1")];
  const contentTypes = ["text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x", "multipart/form-data", "application/json; charset=utf-16", "application/octet-stream", "image/png", "audio/webm", "application/json;;;", "", "*/*", "application/csp-report", "application/ld+json"];
  const makers: ((i: number) => RawRequest)[] = [
    // Wrong content types, with JSON-looking and junk bodies.
    (i) => ({ label: "content-type", method: "POST", path: `/api/trpc/${mutations[i % mutations.length]}`, headers: { "content-type": contentTypes[i % contentTypes.length]! }, body: i % 2 ? '{"json":{"email":"a@b.c"}}' : "a=1&b=2", caller: i % 3 ? "TRAINEE" : "anonymous" }),
    // Deep JSON in bodies and query strings.
    (i) => ({ label: "deep body", method: "POST", path: `/api/trpc/${mutations[i % mutations.length]}${i % 2 ? "?batch=1" : ""}`, headers: { "content-type": "application/json" }, body: i % 3 === 0 ? `{"json":${deepJson(100_000 + i)}}` : i % 3 === 1 ? `{"0":{"json":${deepJson(20_000, '{"a":', "}").replace(/\{"a":\}/, '{"a":1}')}}}` : deepJson(400_000 - i), caller: i % 2 ? "ADMIN" : "TRAINEE" }),
    (i) => ({ label: "deep query", method: "GET", path: `/api/trpc/${queries[i % queries.length]}?input=${encodeURIComponent(`{"json":${deepJson(2_000 + (i % 1000))}}`)}`, caller: i % 2 ? "ADMIN" : "TRAINEE" }),
    // Invalid UTF-8 in bodies, paths, query strings and headers.
    (i) => ({ label: "utf-8 body", method: "POST", path: `/api/trpc/${mutations[i % mutations.length]}`, headers: { "content-type": "application/json" }, body: badUtf8[i % badUtf8.length]!, caller: "TRAINEE" }),
    (i) => ({ label: "utf-8 path", method: i % 2 ? "GET" : "POST", path: ["/api/trpc/%FF%FE", `/api/trpc/${queries[i % queries.length]}?input=%C3%28`, "/api/trpc/auth.me?input=%ED%A0%80", "/api/images/%F8%88", "/api/certificates/%C0%AF/credential.jwt", "/%FF", "/auth/oauth/%E0%80%80/callback?code=%FF&state=%FE", "/api/trpc/%", "/api/trpc/auth.me?input=%", "/api/trpc/auth.me?input=%zz"][i % 10]!, caller: "anonymous" }),
    (i) => ({ label: "utf-8 header", method: "GET", path: "/api/trpc/auth.me", headers: { cookie: i % 2 ? "hirexp_session=\xff\xfe" : `hirexp_session=${"%".repeat(i % 300)}`, "x-forwarded-for": i % 3 ? "999.999.1.1" : "::ffff:zz", origin: "\xff" } }),
    // Huge batches: too many calls, in the path and in the body.
    (i) => {
      const n = [51, 200, 1000, 5000][i % 4]!;
      const names = Array.from({ length: n }, (_, k) => queries[k % queries.length]).join(",");
      return { label: "huge batch", method: "GET", path: `/api/trpc/${names}?batch=1&input=${encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: Math.min(n, 60) }, (_, k) => [k, { json: null }]))))}`, caller: "ADMIN" };
    },
    (i) => {
      const n = [51, 500, 3000][i % 3]!;
      const name = mutations[i % mutations.length]!;
      return { label: "huge batch body", method: "POST", path: `/api/trpc/${Array.from({ length: Math.min(n, 200) }, () => name).join(",")}?batch=1`, headers: { "content-type": "application/json" }, body: JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, k) => [k, { json: { x: k } }]))), caller: "TRAINEE" };
    },
    // Wrong methods, unknown procedures, broken envelopes and batch indexes.
    (i) => ({ label: "method", method: ["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "POST", "GET"][i % 7]!, path: i % 2 ? `/api/trpc/${queries[i % queries.length]}` : `/api/trpc/${mutations[i % mutations.length]}`, headers: { "content-type": "application/json" }, body: i % 7 < 3 || i % 7 === 5 ? "{}" : undefined, caller: "TRAINEE" }),
    (i) => ({ label: "unknown", method: i % 2 ? "GET" : "POST", path: ["/api/trpc/", "/api/trpc/nope", "/api/trpc/auth", "/api/trpc/auth.me.x", "/api/trpc/__proto__", "/api/trpc/constructor.prototype", "/api/trpc/auth.me?batch=1&input=[1]", "/api/trpc/auth.me?batch=1&input=%7B%22-1%22%3A1%7D", "/api/trpc/auth.me?batch=x&input=null", "/api/trpc/auth.me,,auth.me?batch=1", "/api/trpc/auth.me?input=undefined", "/api/trpc/auth.me?input=1e99999"][i % 12]!, ...(i % 2 ? {} : { headers: { "content-type": "application/json" }, body: '{"json":{"meta":1},"meta":{"values":{"":["Date"]}}}' }), caller: "ADMIN" }),
    (i) => ({ label: "superjson meta", method: "POST", path: `/api/trpc/${mutations[i % mutations.length]}`, headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { a: "x", b: [1] }, meta: [{ values: { a: [["custom", "x"]] } }, { values: { "b.0": ["bigint"] } }, { values: { a: ["regexp"] } }, { values: { a: ["set"] } }, { referentialEqualities: { a: ["a.a"] } }, { values: { "__proto__.x": ["Date"] } }, { values: { a: ["class", "Foo"] } }][i % 7] }), caller: i % 2 ? "ADMIN" : "TRAINEE" }),
    // The other HTTP routes, with garbage.
    (i) => ({ label: "routes", method: ["GET", "PUT", "POST", "GET", "GET", "GET"][i % 6]!, path: [`/api/images/${"x".repeat(i % 400)}`, "/api/practice/calls/%00/recording", "/api/practice/calls/../../x/transcribe", `/api/certificates/${"'".repeat(i % 50)}/certificate.pdf`, "/api/admin/audit.csv?from=2020-13-45&to=zz&limit=-1", "/auth/oauth/google/callback?code=&state=" + "s".repeat(i % 3000)][i % 6]!, headers: { "content-type": ["audio/webm", "application/json", "audio/ogg"][i % 3]!, origin: FUZZ_ORIGIN }, body: i % 6 === 1 || i % 6 === 2 ? Buffer.alloc(1024 + i, 1) : undefined, caller: "TRAINEE" }),
  ];
  const out: RawRequest[] = [];
  // 10 MB bodies, a few of each kind (slow to send: kept to a handful).
  for (let i = 0; i < 8; i++) {
    const mutation = mutations[i % mutations.length]!;
    out.push([
      { label: "10 MB json", method: "POST", path: `/api/trpc/${mutation}`, headers: { "content-type": "application/json" }, body: tenMbJson, caller: "TRAINEE" as Caller },
      { label: "10 MB multipart", method: "POST", path: "/api/trpc/profile.avatar.upload", headers: { "content-type": "multipart/form-data; boundary=zz" }, body: tenMb, caller: "TRAINEE" as Caller },
      { label: "10 MB audio", method: "POST", path: "/api/practice/calls/x/transcribe", headers: { "content-type": "audio/webm", origin: FUZZ_ORIGIN }, body: tenMb, caller: "TRAINEE" as Caller },
      { label: "10 MB recording", method: "PUT", path: "/api/practice/calls/x/recording", headers: { "content-type": "audio/webm", origin: FUZZ_ORIGIN }, body: tenMb, caller: "TRAINEE" as Caller },
      { label: "10 MB text", method: "POST", path: "/api/trpc/auth.signIn", headers: { "content-type": "text/plain" }, body: tenMb },
      { label: "10 MB unknown", method: "POST", path: "/nope", headers: { "content-type": "application/octet-stream" }, body: tenMb },
    ][i % 6]!);
  }
  for (let i = 0; out.length < count; i++) out.push(makers[i % makers.length]!(Math.floor(i / makers.length)));
  return out;
}

function sendRaw(base: URL, r: RawRequest, cookie: string | undefined, ip: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { "x-forwarded-for": ip, origin: FUZZ_ORIGIN, "user-agent": "HireXp-Fuzz/1.0", ...(cookie ? { cookie } : {}), ...(r.headers ?? {}) };
    if (r.body !== undefined) headers["content-length"] = Buffer.byteLength(r.body);
    const req = http.request({ host: base.hostname, port: base.port, method: r.method, path: r.path, headers, insecureHTTPParser: true, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        if (size < 4096) chunks.push(c);
        size += c.length;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8").slice(0, 4096) }));
      res.on("error", reject);
    });
    // The server may answer (413) and close before a big body is sent: that is an answer too.
    req.on("error", (e: NodeJS.ErrnoException) => (e.code === "EPIPE" || e.code === "ECONNRESET" ? resolve({ status: -1, body: e.code }) : reject(e)));
    if (r.body !== undefined) req.end(r.body);
    else req.end();
  });
}

describe("10 000 malformed requests against a running app process", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-fuzz-"));
  let server: AppProcess;
  let operator: Database;
  const users: Partial<Record<Caller, string>> = {};
  const tokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    const db = await openDatabase({ dataDir });
    try {
      await migrate(db.sql);
      const passwordHash = await hashPassword("fuzzing passphrase 1");
      for (const role of ["TRAINEE", "INSTRUCTOR", "COMPANY", "ADMIN"] as const) {
        users[role] = (await createUser(db.prisma, { email: `campaign-${role.toLowerCase()}@example.com`, passwordHash, role, adminAccessLevel: 3 })).id;
      }
      await createUser(db.prisma, { email: "campaign-admin-2@example.com", passwordHash, role: "ADMIN", adminAccessLevel: 3 });
    } finally {
      await db.close();
    }
    server = await startAppProcess({
      env: { NODE_ENV: "production", DATA_DIR: dataDir, APP_URL: FUZZ_ORIGIN, TRUST_PROXY: "127.0.0.1", LOG_LEVEL: "info" },
      memoryProbe: true,
      // The baseline is taken once the evaluation engine (a WebAssembly grammar checker) is loaded.
      readyWhen: /evaluation engine (ready|warm-up failed)/,
    });
    // Sessions are made through the running app's operator socket (as `npm run admin:create` would).
    operator = await openDatabase({ socketDir: path.join(dataDir, "run"), poolSize: 1 });
  }, 300_000);

  afterAll(async () => {
    await operator?.close();
    if (server) await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function cookieFor(caller: Caller | undefined, renew = false): Promise<string | undefined> {
    if (!caller || caller === "anonymous") return undefined;
    if (renew || !tokens[caller]) tokens[caller] = (await createSession(operator.prisma, users[caller]!, { ipAddress: null, userAgent: "fuzz" })).token;
    return `${sessionCookieName(false)}=${tokens[caller]}`;
  }

  it("answers none of them with a 5xx, and its memory after GC comes back near its baseline", async () => {
    const base = new URL(server.url);
    const schema = schemaRequests();
    const requests = [...schema, ...garbageRequests(CAMPAIGN.total - schema.length)];
    expect(schema.length).toBe(PROCEDURES.length * CAMPAIGN.schemaPerProcedure);
    expect(requests).toHaveLength(CAMPAIGN.total);
    // Interleave deterministically so kinds mix (a fixed shuffle by the seed).
    const order = fc.sample(fc.shuffledSubarray(requests.map((_, i) => i), { minLength: requests.length, maxLength: requests.length }), { seed: SEED, numRuns: 1 })[0]!;
    const statuses = new Map<number, number>();
    const byLabel = new Map<string, number>();
    const fiveXx: string[] = [];
    const closedUnexpectedly: string[] = [];
    const oversized = (r: RawRequest) =>
      (r.body !== undefined && Buffer.byteLength(r.body) > 1024 * 1024) || r.path.length + Object.values(r.headers ?? {}).join("").length > 15 * 1024;
    let done = 0;
    async function one(r: RawRequest) {
      let res = await sendRaw(base, r, await cookieFor(r.caller), freshIp());
      // A call before may have signed this caller out (a valid revoke): once more, signed in again.
      if (res.status === 401 && r.caller && r.caller !== "anonymous") res = await sendRaw(base, r, await cookieFor(r.caller, true), freshIp());
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      byLabel.set(r.label.split(" ")[0]!, (byLabel.get(r.label.split(" ")[0]!) ?? 0) + 1);
      // A 5xx, or a batch (207) carrying an INTERNAL_SERVER_ERROR for one of its calls.
      if (res.status >= 500 || res.body.includes('"INTERNAL_SERVER_ERROR"')) fiveXx.push(`${res.status} ${r.label} ${r.method} ${r.path.slice(0, 200)} → ${res.body.slice(0, 300)}`);
      // The connection closed before an answer was read: allowed only where the server refuses
      // to read on (Node answers 431 to a request line and headers over 16 KB, 413 to a body
      // over the limit, and closes the socket, which the client may see first).
      if (res.status === -1 && !oversized(r)) closedUnexpectedly.push(`${r.label} ${r.method} ${r.path.slice(0, 200)}`);
      done++;
    }
    async function run(indexes: number[]) {
      let next = 0;
      await Promise.all(Array.from({ length: CAMPAIGN.concurrency }, async () => {
        while (next < indexes.length) await one(requests[indexes[next++]!]!);
      }));
    }
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    const fmt = (m: MemorySample) => `rss ${mb(m.rss)}, heap used ${mb(m.heapUsed)}, external ${mb(m.external)}`;
    const cold = await server.memory();
    const t0 = Date.now();
    await run(order.slice(0, CAMPAIGN.warmUp));
    const warm = await server.memory();
    await run(order.slice(CAMPAIGN.warmUp));
    const seconds = (Date.now() - t0) / 1000;
    const after = await server.memory();
    const peakRss = Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${server.pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
    console.log(
      [
        `[fuzz] ${done} malformed requests in ${seconds.toFixed(1)} s (${(done / seconds).toFixed(0)}/s, ${CAMPAIGN.concurrency} at a time; load ${os.loadavg()[0]!.toFixed(2)})`,
        `[fuzz]   ${schema.length} derived from the zod inputs of ${PROCEDURES.length} procedures, ${done - schema.length} raw garbage`,
        `[fuzz]   statuses: ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s === -1 ? "closed early" : s}×${n}`).join(", ")}; 5xx: ${fiveXx.length}`,
        `[fuzz]   memory after GC: cold ${fmt(cold)}`,
        `[fuzz]   after ${CAMPAIGN.warmUp} (baseline) ${fmt(warm)}`,
        `[fuzz]   after all ${fmt(after)}; peak rss ${mb(peakRss)}`,
        `[fuzz]   growth over the baseline: heap used ${mb(after.heapUsed - warm.heapUsed)}, rss ${mb(after.rss - warm.rss)}`,
      ].join("\n"),
    );
    expect(done).toBe(CAMPAIGN.total);
    expect(fiveXx.slice(0, 20)).toEqual([]);
    expect(closedUnexpectedly.slice(0, 20)).toEqual([]);
    expect(after.gc).toBe(true);
    // Back near the baseline: no leak per request (9 500 requests leaking even 1 KB each would be 9 MB).
    expect(after.heapUsed).toBeLessThan(warm.heapUsed * 1.25 + 8 * 1024 * 1024);
    expect(after.rss).toBeLessThan(warm.rss * 1.5 + 64 * 1024 * 1024);
  }, 420_000);
});
