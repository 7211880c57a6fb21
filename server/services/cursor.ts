// Keyset cursors: the sort value and id of the last row of a page, as opaque base64url.
// A cursor comes back from the client, so decoding checks its shape: a malformed one (not
// base64url JSON, wrong types, a date PostgreSQL cannot store) is a field error on "cursor".
import { AppError } from "./errors.ts";

export type Keyset = { v: string; id: string };

export function encodeCursor(k: Keyset): string {
  return Buffer.from(JSON.stringify(k)).toString("base64url");
}

const MIN_DATE = Date.parse("1900-01-01T00:00:00Z");
const MAX_DATE = Date.parse("9999-12-31T23:59:59.999Z");

function badCursor(): never {
  throw new AppError("invalid", "BAD_CURSOR", "This page link is not valid any more. Start again from the first page.", { field: "cursor" });
}

/** The keyset of `raw` (null when absent); `v` must be an ISO date when `kind` is "date". */
export function decodeCursor(raw: string | undefined, kind: "date" | "text" = "date"): Keyset | null {
  if (!raw) return null;
  let k: unknown;
  try {
    k = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    badCursor();
  }
  if (typeof k !== "object" || k === null) badCursor();
  const { v, id } = k as Record<string, unknown>;
  if (typeof v !== "string" || typeof id !== "string" || v.length > 320 || id.length === 0 || id.length > 64 || /\0/.test(v + id)) badCursor();
  if (kind === "date") {
    const t = Date.parse(v);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(t) || t < MIN_DATE || t > MAX_DATE) badCursor();
  }
  return { v, id };
}
