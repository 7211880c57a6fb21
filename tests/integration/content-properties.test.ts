// Property tests of content.create over HTTP: fast-check takes a valid item of each type (the
// starter library's) and breaks it in one of the ways an editor, an import or a hostile client
// could — a wrong type, a missing required field, a number out of range, an empty or overlong
// text, a bad id, an unknown enum value, a list too short or too long, a duplicate id, an
// unknown goal id in a step's `expects`, an answer index out of range. Every such item is
// refused with 400 and a `fieldErrors` key under `data.` that points at (or above, or below)
// the broken field — never a 500. Valid items with random texts and numbers round-trip
// unchanged through content.get. Deterministic (fixed seed).
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { readLibrary } from "../../server/services/content/library.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { DATA_SCHEMAS, type ContentInput, type ContentType } from "../../shared/schemas/content.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { startTestApp, type TestApp, type TestClient } from "../helpers/app.ts";

const SEED = 20_261_204;
const PASSWORD = "correct horse battery staple";
const TYPES = ["CHAT_SCENARIO", "CALL_SCENARIO", "ASSESSMENT", "LESSON", "EXERCISE"] as const satisfies readonly ContentType[];

const library = readLibrary().map((f) => f.item);
const samplesOf = (type: ContentType) => library.filter((i) => i.type === type);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];
type Broken = { data: Json; path: Path; why: string };

const get = (root: Json, path: Path): Json => path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k]!, root);
function set(root: Json, path: Path, value: Json | undefined): void {
  let node = root as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) node = (node[k] ??= {}) as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

/** Every path in the data (objects' keys and arrays' indexes), depth first. */
function paths(root: Json, at: Path = []): Path[] {
  if (Array.isArray(root)) return root.flatMap((v, i) => [[...at, i], ...paths(v, [...at, i])]);
  if (root && typeof root === "object") return Object.entries(root).flatMap(([k, v]) => [[...at, k], ...paths(v, [...at, k])]);
  return [];
}

const inRubric = (p: Path) => p.includes("rubric");
const parentOf = (root: Json, p: Path) => get(root, p.slice(0, -1)) as Record<string, Json>;

/** Keys a type may leave out (an exercise item's acceptedAnswers only when it is a rewrite). */
const OPTIONAL = new Set([
  "company", "tone", "expects", "followUp", "rubric", "llmInstructions", "timeLimitMinutes", "voice", "targetWpm", "lang", "rate",
  "title", "passage", "listeningScript", "explanation", "points", "caseSensitive", "quiz", "mustInclude", "avoid", "maxWords", "hint",
]);
const ENUM_OR_ID = new Set(["id", "kind", "tone", "assessmentType", "lang"]);

function wrongTypeOf(v: Json, pick: number): Json {
  const options: Json[] =
    typeof v === "string" ? [42, true, { text: v }, [v]]
    : typeof v === "number" ? [String(v), false, [v], { n: v }]
    : typeof v === "boolean" ? ["yes", 1, [v]]
    : Array.isArray(v) ? ["a list", 3, { 0: v[0] ?? null }]
    : v === null ? ["null", []]
    : ["an object", 7, [v]];
  return options[pick % options.length]!;
}

/** The ways to break one valid item: each returns null when it does not apply to that item. */
const BREAKERS: Record<string, (d: Json, n: number, m: number) => Broken | null> = {
  wrongType(d, n, m) {
    const all = paths(d);
    const p = all[n % all.length]!;
    // null is a valid value for the assessment's nullable numbers; wrongTypeOf never gives null.
    return { data: (set(d, p, wrongTypeOf(get(d, p), m)), d), path: p, why: "wrong type" };
  },
  missingRequired(d, n) {
    const required = paths(d).filter((p) => {
      const key = p.at(-1);
      if (typeof key !== "string" || inRubric(p) || OPTIONAL.has(key)) return false;
      if (key === "acceptedAnswers") return parentOf(d, p).kind !== "rewrite";
      return true;
    });
    if (required.length === 0) return null;
    const p = required[n % required.length]!;
    return { data: (set(d, p, undefined), d), path: p, why: "missing required" };
  },
  outOfRange(d, n, m) {
    const RANGES: Record<string, Json[]> = {
      passingScore: [-1, 100.5, 101],
      timeLimitSeconds: [29, 14_401, 60.5],
      maxAttempts: [0, 101, 2.5],
      points: [0, 101, 1.5],
      estimatedMinutes: [0, 241, 2.5],
      timeLimitMinutes: [0, 121, 3.5],
      maxWords: [0, 1001, 5.5],
      rate: [0.4, 2.1, -1],
    };
    const spots = paths(d).filter((p) => typeof p.at(-1) === "string" && (p.at(-1) as string) in RANGES);
    // Optional numbers the item leaves out can be added out of range too.
    const root = d as { steps?: unknown; instructions?: unknown; items?: unknown[] };
    if (root.steps) spots.push(["timeLimitMinutes"]);
    if (root.instructions && root.items) root.items.forEach((_, i) => spots.push(["items", i, "maxWords"]));
    for (const q of paths(d)) {
      const v = get(d, q) as { kind?: string; prompt?: unknown };
      if (v && typeof v === "object" && !Array.isArray(v) && typeof v.prompt === "string" && v.kind && ["single", "multiple", "true_false", "text", "order"].includes(v.kind)) spots.push([...q, "points"]);
    }
    if (spots.length === 0) return null;
    const p = spots[n % spots.length]!;
    const bad = RANGES[p.at(-1) as string]!;
    return { data: (set(d, p, bad[m % bad.length]!), d), path: p, why: "out of range" };
  },
  emptyOrLongText(d, n, m) {
    const texts = paths(d).filter((p) => typeof get(d, p) === "string" && !ENUM_OR_ID.has(String(p.at(-1))) && !(typeof p.at(-1) === "number" && p.at(-2) === "expects"));
    if (texts.length === 0) return null;
    const p = texts[n % texts.length]!;
    const bad = ["", "   \n\t ", "x".repeat(50_001)][m % 3]!;
    return { data: (set(d, p, bad), d), path: p, why: "empty or too long" };
  },
  badId(d, n, m) {
    const ids = paths(d).filter((p) => p.at(-1) === "id");
    if (ids.length === 0) return null;
    const p = ids[n % ids.length]!;
    return { data: (set(d, p, ["Bad Id!", "", "a".repeat(41), "UPPER"][m % 4]!), d), path: p, why: "bad id" };
  },
  badEnum(d, n, m) {
    const BAD: Record<string, Json> = { kind: "essay", tone: "angry", assessmentType: "maths", lang: "english!" };
    const spots = paths(d).filter((p) => typeof p.at(-1) === "string" && (p.at(-1) as string) in BAD && !inRubric(p));
    if (spots.length === 0) return null;
    const p = spots[(n + m) % spots.length]!;
    return { data: (set(d, p, BAD[p.at(-1) as string]!), d), path: p, why: "unknown enum value" };
  },
  badLength(d, n, m) {
    // [list key, too few, too many]
    const LIMITS: Record<string, [number | null, number]> = {
      goals: [0, 9], steps: [0, 21], phrases: [0, 31], options: [1, 9], sections: [0, 21], questions: [0, 101],
      quiz: [0, 51], items: [0, 51], objectives: [null, 11], acceptedAnswers: [null, 21], expects: [null, 9],
    };
    const lists = paths(d).filter((p) => {
      const key = p.at(-1);
      if (typeof key !== "string" || !(key in LIMITS) || !Array.isArray(get(d, p))) return false;
      // An order question's items are 2–10; an exercise's items 1–50.
      if (key === "items") return p.length === 1;
      return true;
    });
    if (lists.length === 0) return null;
    const p = lists[n % lists.length]!;
    const [few, many] = LIMITS[p.at(-1) as string]!;
    const list = get(d, p) as Json[];
    const tooMany = few === null || m % 2 === 1;
    if (tooMany && list.length === 0) return null;
    const length = tooMany ? many : few!;
    const next = Array.from({ length }, (_, i) => {
      const v = structuredClone(list[i % list.length]!);
      // Copies of an object with an id get their own id, so only the length is wrong.
      if (v && typeof v === "object" && !Array.isArray(v) && typeof v.id === "string") v.id = `${v.id.slice(0, 30)}-${i}`;
      return v;
    });
    return { data: (set(d, p, next), d), path: p, why: `${length} entries` };
  },
  duplicateId(d, n) {
    const groups = new Map<string, Path[]>();
    for (const p of paths(d).filter((q) => q.at(-1) === "id")) {
      // Question ids are unique across an assessment's sections.
      const key = p[0] === "sections" ? "questions" : p.slice(0, -2).join(".");
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    const many = [...groups.values()].filter((g) => g.length >= 2);
    if (many.length === 0) return null;
    const g = many[n % many.length]!;
    const target = g[1 + (n % (g.length - 1))]!;
    return { data: (set(d, target, get(d, g[0]!)), d), path: target, why: "duplicate id" };
  },
  unknownGoal(d, n) {
    const steps = (d as { steps?: { expects?: string[] }[] }).steps;
    if (!steps) return null;
    const i = n % steps.length;
    const expects = [...(steps[i]!.expects ?? []), "no-such-goal"];
    set(d, ["steps", i, "expects"], expects);
    return { data: d, path: ["steps", i, "expects", expects.length - 1], why: "unknown goal id" };
  },
  answerOutOfRange(d, n, m) {
    const qs = paths(d).filter((p) => {
      const v = get(d, p) as { kind?: string };
      return v !== null && typeof v === "object" && !Array.isArray(v) && (v.kind === "single" || v.kind === "multiple");
    });
    if (qs.length === 0) return null;
    const p = qs[n % qs.length]!;
    const q = get(d, p) as { kind: string; options: string[]; answer?: number; answers?: number[] };
    if (q.kind === "single") {
      q.answer = [q.options.length, q.options.length + 5, -1][m % 3]!;
      return { data: d, path: [...p, "answer"], why: "answer index out of range" };
    }
    q.answers = m % 2 ? [q.options.length] : [0, 0];
    return { data: d, path: [...p, "answers"], why: m % 2 ? "answer index out of range" : "answer marked twice" };
  },
};

const related = (key: string, path: string) => key === path || path.startsWith(`${key}.`) || key.startsWith(`${path}.`);

describeEachDatabase("content.create properties", (t) => {
  let app: TestApp;
  let ins: TestClient;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    const email = `prop-${Math.random().toString(36).slice(2)}@example.com`;
    await createUser(t.prisma, { email, passwordHash: await hashPassword(PASSWORD), role: "INSTRUCTOR", name: "Prop Instructor" });
    ins = app.client();
    await ins.signIn(email, PASSWORD);
  });
  afterAll(() => app?.close());

  async function createRaw(item: unknown): Promise<{ status: number; body: { error?: { json: { data: { code: string; fieldErrors: Record<string, string[]> | null } } } } }> {
    const res = await ins.fetch("/api/trpc/content.create", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: item }) });
    return { status: res.status, body: (await res.json()) as never };
  }

  it("refuses every broken item with 400 and a field error under data. at the broken field", { timeout: 240_000 }, async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TYPES),
        fc.nat(),
        fc.constantFrom(...Object.keys(BREAKERS)),
        fc.nat(),
        fc.nat(),
        async (type, which, breaker, n, m) => {
          const samples = samplesOf(type);
          const item = structuredClone(samples[which % samples.length]!) as ContentInput & { data: Json };
          const broken = BREAKERS[breaker]!(item.data, n, m);
          fc.pre(broken !== null);
          seen.add(`${type}:${breaker}`);
          // The generator is right: the shared schema refuses it too.
          expect(DATA_SCHEMAS[type].safeParse(broken!.data).success, `${breaker} at ${broken!.path.join(".")}`).toBe(false);
          const { status, body } = await createRaw({ ...item, data: broken!.data });
          const path = ["data", ...broken!.path].join(".");
          expect(status, `${type} ${broken!.why} at ${path}: ${JSON.stringify(body).slice(0, 300)}`).toBe(400);
          const keys = Object.keys(body.error?.json.data.fieldErrors ?? {});
          expect(keys.some((k) => k.startsWith("data.")), `${type} ${broken!.why} at ${path}: ${keys.join(", ")}`).toBe(true);
          expect(keys.some((k) => k.startsWith("data.") && related(k, path)), `${type} ${broken!.why} at ${path}: ${keys.join(", ")}`).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 250 },
    );
    // Every type met the kinds of breakage that apply to it.
    for (const type of TYPES) {
      for (const b of ["wrongType", "missingRequired", "outOfRange", "emptyOrLongText", "badId", "badEnum", "badLength", "duplicateId"]) {
        expect(seen.has(`${type}:${b}`) || !applies(type, b), `${type}:${b} never generated`).toBe(true);
      }
    }
    expect(seen.has("CHAT_SCENARIO:unknownGoal") && seen.has("ASSESSMENT:answerOutOfRange") && seen.has("LESSON:answerOutOfRange")).toBe(true);
  });

  it("round-trips valid items with random texts and numbers through content.get", { timeout: 240_000 }, async () => {
    const text = fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() === s && s.length > 0);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TYPES), fc.nat(), fc.array(text, { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 100 }), async (type, which, texts, num) => {
        const samples = samplesOf(type);
        const item = structuredClone(samples[which % samples.length]!) as ContentInput & { data: Json };
        // Replace free texts (never ids, enums or goal references) with random ones.
        const spots = paths(item.data).filter((p) => typeof get(item.data, p) === "string" && !ENUM_OR_ID.has(String(p.at(-1))) && p.at(-2) !== "expects");
        spots.forEach((p, i) => set(item.data, p, texts[i % texts.length]!));
        for (const p of paths(item.data)) {
          const key = p.at(-1);
          if (key === "points") set(item.data, p, num);
          if (key === "passingScore") set(item.data, p, num);
          if (key === "estimatedMinutes") set(item.data, p, num);
        }
        expect(DATA_SCHEMAS[type].safeParse(item.data).success).toBe(true);
        const { id } = await ins.trpc.content.create.mutate(item);
        const got = await ins.trpc.content.get.query({ id });
        expect(got.data).toEqual(item.data);
        expect(got.type).toBe(type);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});

/** Whether a kind of breakage can apply to a type's library items at all. */
function applies(type: ContentType, breaker: string): boolean {
  const d = structuredClone(samplesOf(type)[0]!.data) as Json;
  return BREAKERS[breaker]!(d, 0, 0) !== null;
}
