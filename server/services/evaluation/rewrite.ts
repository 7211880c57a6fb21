// "A better version" of a trainee's sentence: the findings' replacements applied (fillers and
// hedges removed, retext-simplify's simpler word, harper's suggestion), then tidied so that
// removing a word leaves no stray comma or lowercase start.

export type Edit = { start: number; end: number; replacement: string };

/** Extends a removal over the comma that set the removed words off ("I, like, went" → "I went"). */
function widen(text: string, e: Edit): Edit {
  if (e.replacement !== "") return e;
  let { start, end } = e;
  const after = /^\s*,/.exec(text.slice(end));
  const before = /,\s*$/.exec(text.slice(0, start));
  const atStart = text.slice(0, start).trim() === "";
  if (after && (before || atStart)) end += after[0].length; // "I, like, went" / "Um, I went"
  if (before && (after || /^\s*[.!?]/.test(text.slice(end)))) start -= before[0].length; // "hard, you know."
  return { start, end, replacement: "" };
}

/** Applies non-overlapping edits (the first of overlapping ones wins) and tidies the result. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].map((e) => widen(text, e)).sort((a, b) => a.start - b.start || a.end - b.end);
  let out = "";
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) continue;
    out += text.slice(at, e.start) + e.replacement;
    at = e.end;
  }
  out += text.slice(at);
  return tidy(out);
}

export function tidy(s: string): string {
  let t = s
    .replace(/[ \t]{2,}/g, " ")
    .replace(/\s+([,.!?;:])/g, "$1")
    .replace(/,(\s*,)+/g, ",")
    .replace(/,([.!?])/g, "$1")
    .replace(/^[\s,;:—–-]+/, "")
    .replace(/([.!?])\s*,/g, "$1")
    .trim();
  // A sentence that lost its first word starts with a capital again.
  t = t.replace(/(^|[.!?]\s+)([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
  return t;
}
