// Hostile input over HTTP, for every procedure of the router: arbitrary JSON, hostile strings
// (prototype keys, NUL bytes, lone surrogates, formula cells, SQL), dates outside what
// PostgreSQL stores, huge numbers, deeply nested objects, broken superjson envelopes — sent
// as anonymous and as a signed-in super admin. Whatever comes in, the answer is never a 5xx
// (nothing a user sends may produce INTERNAL_SERVER_ERROR). Deterministic: a fixed seed.
//
// Mutations with valid random input really run (a random admin action may sign someone out,
// delete a throwaway user…); the admin's session is created afresh for every call, so the
// fuzz cannot lock itself out.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { createSession, sessionCookieName } from "../../server/auth/session.ts";
import { appRouter } from "../../server/routers/app.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { freshIp, startTestApp, type TestApp } from "../helpers/app.ts";
import { createTestDatabase, type Database } from "../helpers/db.ts";

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
