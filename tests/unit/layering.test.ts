// The layering rule from ARCHITECTURE.md: services raise domain errors (AppError) and know
// nothing of their transport. A service that imports tRPC (or our tRPC layer) fails here.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError, httpStatusOf } from "../../server/services/errors.ts";
import { translateError } from "../../server/trpc/errors.ts";
import { TRPCError } from "@trpc/server";

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("layering", () => {
  it("no service imports tRPC or the tRPC layer", () => {
    const files = tsFiles("server/services");
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) => /from\s+["'](@trpc\/|[./]*\/trpc\/)/.test(fs.readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("maps each kind of domain error to one tRPC code and one HTTP status", () => {
    const cases = [
      ["invalid", "BAD_REQUEST", 400],
      ["unauthenticated", "UNAUTHORIZED", 401],
      ["forbidden", "FORBIDDEN", 403],
      ["not-found", "NOT_FOUND", 404],
      ["conflict", "CONFLICT", 409],
      ["rate-limited", "TOO_MANY_REQUESTS", 429],
    ] as const;
    for (const [kind, code, status] of cases) {
      const e = new AppError(kind, "SOME_CODE", "message", { field: "f", retryAfterSeconds: 3 });
      const t = translateError(e);
      expect(t).toBeInstanceOf(TRPCError);
      expect((t as TRPCError).code).toBe(code);
      expect((t as TRPCError).cause).toBe(e);
      expect(httpStatusOf(e)).toBe(status);
    }
    const other = new Error("boom");
    expect(translateError(other)).toBe(other);
  });
});
