// harper.js (Automattic's offline grammar checker, WebAssembly), loaded lazily and once per
// process: importing this module costs nothing; the first lint (or warmUp) pays the ~3 s setup.
//
// Two linters share the WebAssembly module: American English (the main one) and British
// English, used only to confirm spelling findings, so "organised" and "colour" are not
// counted as mistakes (a British spelling is a spelling, not an error).
import type { Lint, LocalLinter as LocalLinterType } from "harper.js";

export type HarperFinding = {
  /** harper's lint kind: Agreement, Spelling, Typo, Capitalization, WordChoice, … */
  kind: string;
  message: string;
  start: number;
  end: number;
  suggestion?: string;
};

type Linters = { american: LocalLinterType; british: LocalLinterType };

let loading: Promise<Linters> | null = null;

async function load(): Promise<Linters> {
  const [{ LocalLinter, Dialect }, { binaryInlined }] = await Promise.all([import("harper.js"), import("harper.js/binaryInlined")]);
  const american = new LocalLinter({ binary: binaryInlined, dialect: Dialect.American });
  const british = new LocalLinter({ binary: binaryInlined, dialect: Dialect.British });
  await american.setup();
  await british.setup();
  // Fillers and repeated words are fluency's (retext-repeated-words and our filler list):
  // counted once, there, not again as grammar.
  const config = await american.getLintConfig();
  await american.setLintConfig({ ...config, FillerWords: false, RepeatedWords: false });
  // The first lints are slow while the WebAssembly code warms up; pay that here, not in the
  // first trainee's evaluation.
  const sample = "I has a apple. We should of went their yesterday, and the the report was finish. I recieve teh email.";
  for (let i = 0; i < 5; i++) {
    await american.lint(sample, { language: "plaintext" });
    await british.lint("colour organised recieve overallscore", { language: "plaintext" });
  }
  return { american, british };
}

/** Loads harper once per process (shared by every caller); a failed load is retried next time. */
export function linters(): Promise<Linters> {
  if (!loading) {
    loading = load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

function toFinding(lint: Lint, offset: number): HarperFinding {
  const span = lint.span();
  const suggestion = lint.suggestions()[0];
  let replacement: string | undefined;
  if (suggestion) {
    // kind 0 replaces the span, 1 removes it, 2 inserts after it.
    const kind = suggestion.kind();
    replacement = kind === 1 ? "" : suggestion.get_replacement_text();
  }
  return {
    kind: lint.lint_kind(),
    message: lint.message(),
    start: span.start - offset,
    end: span.end - offset,
    ...(replacement !== undefined ? { suggestion: replacement } : {}),
  };
}

/** Where each text starts in the joined string. */
const SEPARATOR = "\n\n";

/**
 * harper's findings for each text. The texts are linted as one document (one call is about
 * twice as fast as one per text) separated by blank lines, and findings are mapped back; a
 * finding that crosses a boundary is dropped. Spelling findings are kept only when the British
 * dictionary does not know the word either.
 */
export async function lintTexts(texts: readonly string[]): Promise<HarperFinding[][]> {
  // harper's time grows faster than linearly with the document's length: lint in batches of
  // about GROUP_CHARS characters.
  // A "word" of 30+ characters (a URL, a pasted hash, "aaaa…") has no useful finding, and
  // harper's spelling suggestions for it cost seconds: blank it out (same length, so every
  // range stays valid).
  texts = texts.map((t) => t.replace(/\S{30,}/g, (w) => " ".repeat(w.length)));
  const out: HarperFinding[][] = [];
  let group: string[] = [];
  let size = 0;
  for (const t of texts) {
    if (group.length > 0 && size + t.length > GROUP_CHARS) {
      out.push(...(await lintGroup(group)));
      group = [];
      size = 0;
    }
    group.push(t);
    size += t.length + SEPARATOR.length;
  }
  if (group.length > 0) out.push(...(await lintGroup(group)));
  return out;
}

const GROUP_CHARS = 4000;

async function lintGroup(texts: readonly string[]): Promise<HarperFinding[][]> {
  const { american, british } = await linters();
  const starts: number[] = [];
  let joined = "";
  texts.forEach((t, i) => {
    if (i > 0) joined += SEPARATOR;
    starts.push(joined.length);
    joined += t;
  });
  const out: HarperFinding[][] = texts.map(() => []);
  if (joined.trim() === "") return out;
  const lints = await american.lint(joined, { language: "plaintext" });
  const spelling: { text: number; finding: HarperFinding }[] = [];
  for (const lint of lints) {
    const span = lint.span();
    // The text this finding starts in (binary search over the starts).
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= span.start) lo = mid;
      else hi = mid - 1;
    }
    const base = starts[lo]!;
    if (span.end > base + texts[lo]!.length) continue;
    const finding = toFinding(lint, base);
    if (finding.kind === "Spelling") spelling.push({ text: lo, finding });
    else out[lo]!.push(finding);
  }
  if (spelling.length > 0) {
    const words = spelling.map(({ text, finding }) => texts[text]!.slice(finding.start, finding.end));
    const wordStarts: number[] = [];
    let list = "";
    words.forEach((w, i) => {
      if (i > 0) list += "\n";
      wordStarts.push(list.length);
      list += w;
    });
    const flagged = new Set((await british.lint(list, { language: "plaintext" })).filter((l) => l.lint_kind() === "Spelling").map((l) => l.span().start));
    spelling.forEach(({ text, finding }, i) => {
      if (flagged.has(wordStarts[i]!)) out[text]!.push(finding);
    });
  }
  for (const list of out) list.sort((a, b) => a.start - b.start || a.end - b.end);
  return out;
}
