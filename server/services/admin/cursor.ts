// Keyset cursors: the sort value and id of the last row of a page, as opaque base64url.
export type Keyset = { v: string; id: string };

export function encodeCursor(k: Keyset): string {
  return Buffer.from(JSON.stringify(k)).toString("base64url");
}

export function decodeCursor(raw: string | undefined): Keyset | null {
  if (!raw) return null;
  try {
    const k = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Keyset;
    return typeof k.v === "string" && typeof k.id === "string" ? k : null;
  } catch {
    return null;
  }
}
