// fast-check arbitraries derived from a zod 4 schema (tests/integration/fuzz.test.ts):
// `valid` makes values shaped as the schema asks (lengths, ranges, formats, enums, nesting),
// `invalid` makes values that break it in exactly one place — a field of the wrong type, a
// string one past its maximum or far beyond, a number out of range or not whole, a value
// outside an enum, a missing required field, an array one too long, a date outside what
// JavaScript and PostgreSQL can hold — the rest staying valid, so the bad value gets as far
// into the procedure as it can. Reads zod's public `_zod.def`; unknown kinds get junk.
import fc from "fast-check";

type Def = Record<string, unknown> & { type: string; checks?: { _zod: { def: Record<string, unknown> } }[] };
type Derived = { valid: fc.Arbitrary<unknown>; invalid: fc.Arbitrary<unknown>; optional: boolean };

const JUNK: unknown[] = [null, true, 0, -1, 1.5, "", "x", [], {}, [null], { a: 1 }, "\u0000", "\ud800", 1e308, "__proto__"];
const junk = fc.constantFrom(...JUNK);

function defOf(schema: unknown): Def | null {
  return ((schema as { _zod?: { def?: Def } })?._zod?.def as Def) ?? null;
}

function checks(def: Def): Record<string, unknown>[] {
  return (def.checks ?? []).map((c) => c._zod.def);
}

function lengths(def: Def): { min: number; max: number | null } {
  let min = 0;
  let max: number | null = null;
  for (const c of checks(def)) {
    if (c.check === "min_length") min = Math.max(min, c.minimum as number);
    if (c.check === "max_length") max = Math.min(max ?? Infinity, c.maximum as number);
    if (c.check === "length_equals") min = max = c.length as number;
  }
  return { min, max };
}

function stringArb(def: Def): Derived {
  const { min, max } = lengths(def);
  const formats = checks(def).filter((c) => c.check === "string_format");
  const format = (def.format as string | undefined) ?? (formats[0]?.format as string | undefined);
  const pattern = (def.pattern as RegExp | undefined) ?? (formats.find((c) => c.pattern)?.pattern as RegExp | undefined);
  const cap = Math.min(max ?? Math.max(min, 30), Math.max(min, 60));
  let valid: fc.Arbitrary<string>;
  if (format === "email") valid = fc.emailAddress().filter((s) => s.length <= (max ?? 254));
  else if (format === "uuid" || format === "guid") valid = fc.uuid();
  else if (format === "url") valid = fc.webUrl();
  else if (pattern) valid = fc.stringMatching(pattern).filter((s) => s.length >= min && s.length <= (max ?? 10_000));
  else valid = fc.string({ minLength: min, maxLength: cap });
  const bad: fc.Arbitrary<unknown>[] = [
    junk.filter((v) => typeof v !== "string"),
    fc.integer({ min: 1, max: 3 }).map((k) => "y".repeat((max ?? 100_000) + k)),
    fc.constant("z".repeat(50_000)),
  ];
  if (min > 0) bad.push(fc.string({ maxLength: min - 1 }));
  if (format || pattern) bad.push(fc.constantFrom("not-an-email", "@", "a@", "zz", " ", "\u0000", "%00", "../x", "<script>"));
  return { valid, invalid: fc.oneof(...bad), optional: false };
}

function numberArb(def: Def): Derived {
  let min = -1e6;
  let max = 1e6;
  let int = false;
  for (const c of checks(def)) {
    if (c.check === "greater_than") min = (c.value as number) + (c.inclusive ? 0 : 1);
    if (c.check === "less_than") max = (c.value as number) - (c.inclusive ? 0 : 1);
    if (c.check === "number_format") int = true;
  }
  const valid = int || Number.isInteger(min) ? fc.integer({ min: Math.max(Math.ceil(min), -(2 ** 31)), max: Math.min(Math.floor(max), 2 ** 31) }) : fc.double({ min, max, noNaN: true });
  const bad: fc.Arbitrary<unknown>[] = [
    fc.constantFrom(min - 1, max + 1, min - 1e9, max + 1e9, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2),
    fc.constantFrom("1", "NaN", null, true, [], {}, "1e309"),
  ];
  if (int) bad.push(fc.constantFrom(0.5, min + 0.5, 1e-9));
  return { valid, invalid: fc.oneof(...bad), optional: false };
}

const MAX_DEPTH = 6;

export function derive(schema: unknown, depth = 0): Derived {
  const def = defOf(schema);
  if (!def || depth > MAX_DEPTH) return { valid: junk, invalid: junk, optional: true };
  const next = (s: unknown) => derive(s, depth + 1);
  switch (def.type) {
    case "string":
      return stringArb(def);
    case "number":
      return numberArb(def);
    case "boolean":
      return { valid: fc.boolean(), invalid: fc.constantFrom("true", 1, 0, null, "false", []), optional: false };
    case "date":
      return {
        valid: fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
        // Invalid Date, beyond JavaScript's range (a string), before year 1, after 9999.
        invalid: fc.constantFrom(new Date(NaN), new Date(8.64e15), new Date(-8.64e15), new Date("0000-01-01T00:00:00Z"), new Date("+010000-01-01T00:00:00Z"), "2020-13-45", 0, null),
        optional: false,
      };
    case "enum": {
      const values = Object.values(def.entries as Record<string, string | number>);
      return { valid: fc.constantFrom(...values), invalid: fc.constantFrom("NOT_ONE_OF_THEM", String(values[0]).toLowerCase() + "x", "", 42, null, values), optional: false };
    }
    case "literal": {
      const values = def.values as unknown[];
      return { valid: fc.constantFrom(...values), invalid: fc.constantFrom("not-the-literal", 0, null, [values[0]]), optional: false };
    }
    case "null":
      return { valid: fc.constant(null), invalid: junk.filter((v) => v !== null), optional: false };
    case "optional": {
      const inner = next(def.innerType);
      return { valid: fc.option(inner.valid, { nil: undefined }), invalid: inner.invalid, optional: true };
    }
    case "default":
    case "prefault":
    case "catch": {
      const inner = next(def.innerType);
      return { valid: fc.option(inner.valid, { nil: undefined }), invalid: inner.invalid, optional: true };
    }
    case "nullable": {
      const inner = next(def.innerType);
      return { valid: fc.option(inner.valid, { nil: null }), invalid: inner.invalid.filter((v) => v !== null), optional: inner.optional };
    }
    case "nonoptional":
    case "readonly":
      return next(def.innerType);
    case "pipe":
      return next(def.in);
    case "transform":
      return { valid: junk, invalid: junk, optional: true };
    case "lazy":
      return next((def.getter as () => unknown)());
    case "array": {
      const el = next(def.element);
      const { min, max } = lengths(def);
      const maxLen = Math.min(max ?? min + 3, min + 3);
      const valid = fc.array(el.valid, { minLength: min, maxLength: maxLen });
      const bad: fc.Arbitrary<unknown>[] = [
        fc.tuple(fc.array(el.valid, { minLength: Math.max(min, 1), maxLength: Math.max(min, 1) }), el.invalid).map(([xs, b]) => [...xs, b]),
        fc.constantFrom(null, "[]", {}, 1),
      ];
      if (max !== null) bad.push(el.valid.map((v) => Array.from({ length: max + 1 }, () => v)));
      bad.push(fc.constant(Array.from({ length: 20_000 }, (_, i) => i)));
      return { valid, invalid: fc.oneof(...bad), optional: false };
    }
    case "tuple": {
      const items = (def.items as unknown[]).map(next);
      return { valid: fc.tuple(...items.map((i) => i.valid)), invalid: fc.oneof(fc.constantFrom([], null, {}), fc.tuple(...items.map((i) => i.invalid))), optional: false };
    }
    case "record": {
      const v = next(def.valueType);
      return {
        valid: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), v.valid, { maxKeys: 3 }),
        invalid: fc.oneof(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), v.invalid, { minKeys: 1, maxKeys: 2 }), fc.constantFrom(null, [], "x")),
        optional: false,
      };
    }
    case "union": {
      const options = (def.options as unknown[]).map(next);
      return { valid: fc.oneof(...options.map((o) => o.valid)), invalid: fc.oneof(...options.map((o) => o.invalid)), optional: options.some((o) => o.optional) };
    }
    case "intersection": {
      const l = next(def.left);
      return l;
    }
    case "object": {
      const shape = Object.entries(def.shape as Record<string, unknown>).map(([k, s]) => [k, next(s)] as const);
      if (shape.length === 0) return { valid: fc.constant({}), invalid: fc.constantFrom(null, [], "x", 1), optional: false };
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, d] of shape) model[k] = d.valid;
      const valid = fc.record(model).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
      const required = shape.filter(([, d]) => !d.optional).map(([k]) => k);
      const bad: fc.Arbitrary<unknown>[] = [
        // One field broken, the others valid.
        fc.tuple(valid, fc.constantFrom(...shape.map(([k]) => k))).chain(([o, k]) => shape.find(([n]) => n === k)![1].invalid.map((b) => ({ ...o, [k]: b }))),
        fc.constantFrom(null, [], "x", 1, [{}]),
      ];
      if (required.length) bad.push(fc.tuple(valid, fc.constantFrom(...required)).map(([o, k]) => Object.fromEntries(Object.entries(o).filter(([n]) => n !== k))));
      return { valid, invalid: fc.oneof({ weight: 6, arbitrary: bad[0]! }, ...bad.slice(1).map((arbitrary) => ({ weight: 1, arbitrary }))), optional: shape.every(([, d]) => d.optional) };
    }
    default:
      // never, unknown, any, custom (e.g. an uploaded file), …: anything goes, nothing is valid.
      return { valid: junk, invalid: junk, optional: def.type === "unknown" || def.type === "any" };
  }
}

/** A procedure's input from all its `.input()` schemas (tRPC merges object inputs). */
export function deriveInputs(inputs: unknown[]): Derived {
  if (inputs.length === 0) return { valid: fc.constant(undefined), invalid: fc.constantFrom({ unexpected: 1 }, "x", [1], 1), optional: true };
  if (inputs.length === 1) return derive(inputs[0]);
  const parts = inputs.map((s) => derive(s));
  return {
    valid: fc.tuple(...parts.map((p) => p.valid)).map((xs) => Object.assign({}, ...xs.filter((x) => x && typeof x === "object"))),
    invalid: fc.tuple(...parts.map((p) => p.valid), fc.nat({ max: parts.length - 1 }))
      .chain((xs) => {
        const i = xs[xs.length - 1] as number;
        return parts[i]!.invalid.map((b) => (b && typeof b === "object" && !Array.isArray(b) ? Object.assign({}, ...xs.slice(0, -1).filter((x) => x && typeof x === "object"), b) : b));
      }),
    optional: parts.every((p) => p.optional),
  };
}
