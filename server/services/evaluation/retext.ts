// The retext plugins that find clarity and professionalism issues in one message: hedges and
// weasel words (retext-intensify), passive voice (retext-passive), wordy phrases with a simpler
// alternative (retext-simplify), hard-to-read sentences (retext-readability), repeated words
// (retext-repeated-words) and profanity (retext-profanities, the maintained `cuss` list).

export type RetextFinding = {
  source: "intensify" | "passive" | "simplify" | "readability" | "repeated-words" | "profanities";
  /** The plugin's rule: "hedge"/"weasel"/"filler" for intensify, the word for the others. */
  rule: string;
  message: string;
  start: number;
  end: number;
  expected: string[];
  /** retext-profanities: 0 maybe, 1 likely, 2 surely profane. */
  severity?: number;
};

/**
 * Words the profanity list rates "likely profane" that name who someone is; they are only
 * offensive in context, which a word list cannot see, so they are never counted.
 */
const IDENTITY_WORDS = ["black", "white", "gay", "lesbian", "queer", "trans", "transgender", "disabled", "deaf", "blind", "jew", "jewish", "muslim", "african", "asian", "hispanic", "latino", "latina", "indian", "chinese", "mexican", "girl", "girls", "boy", "boys", "old", "fat", "crazy"];

/**
 * retext-simplify patterns not counted as wordy: words another rule already counts ("very",
 * "literally"), phrases it would only delete that are normal in speech ("it is", "there are",
 * "currently", "overall"), "is responsible for" (the natural way to describe a job) and
 * "shall", whose suggestion ("must") changes the meaning of a polite offer ("Shall we…?").
 */
const SIMPLIFY_IGNORE = ["very", "literally", "it is", "there are", "there is", "currently", "overall", "type", "appropriate", "is responsible for", "shall", "in the process of"];

// One frozen processor, built on first use; retext is pure, so every call gives the same result.
// The plugins are imported then too: building their word lists takes ~40 ms that the server's
// start-up need not pay (the evaluation warm-up builds it a moment after listening).
let processor: ReturnType<typeof build> | null = null;
async function build() {
  const [{ retext }, { default: retextIntensify }, { default: retextPassive }, { default: retextProfanities }, { default: retextReadability }, { default: retextRepeatedWords }, { default: retextSimplify }] =
    await Promise.all([import("retext"), import("retext-intensify"), import("retext-passive"), import("retext-profanities"), import("retext-readability"), import("retext-repeated-words"), import("retext-simplify")]);
  return retext()
    .use(retextIntensify)
    .use(retextPassive)
    .use(retextSimplify, { ignore: SIMPLIFY_IGNORE })
    .use(retextReadability, { age: 18, threshold: 4 / 7 })
    .use(retextRepeatedWords)
    .use(retextProfanities, { sureness: 1, ignore: IDENTITY_WORDS })
    .freeze();
}

const SOURCES: Record<string, RetextFinding["source"]> = {
  "retext-intensify": "intensify",
  "retext-passive": "passive",
  "retext-simplify": "simplify",
  "retext-readability": "readability",
  "retext-repeated-words": "repeated-words",
  "retext-profanities": "profanities",
};

export async function retextFindings(text: string): Promise<RetextFinding[]> {
  if (text.trim() === "") return [];
  processor ??= build().catch((e: unknown) => {
    processor = null;
    throw e;
  });
  const file = await (await processor).process(text);
  const out: RetextFinding[] = [];
  for (const m of file.messages) {
    const source = m.source ? SOURCES[m.source] : undefined;
    const place = m.place && "start" in m.place ? m.place : undefined;
    const start = place?.start.offset;
    const end = place?.end.offset;
    if (!source || start === undefined || end === undefined) continue;
    const severity = (m as { profanitySeverity?: number }).profanitySeverity;
    out.push({
      source,
      rule: m.ruleId ?? source,
      message: m.reason,
      start,
      end,
      expected: Array.isArray(m.expected) ? m.expected.filter((e): e is string => typeof e === "string") : [],
      ...(typeof severity === "number" ? { severity } : {}),
    });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));
}

/** Texts processed in one retext document: most plugins cost far more per call than per word. */
const GROUP_CHARS = 8000;
const SEPARATOR = "\n\n";

/**
 * retext's findings for each text. Texts are processed together as paragraphs of one document
 * (in batches of about GROUP_CHARS characters) and the findings mapped back to each text; a
 * finding that crosses from one text into the next is dropped.
 */
export async function retextFindingsOf(texts: readonly string[]): Promise<RetextFinding[][]> {
  const out: RetextFinding[][] = texts.map(() => []);
  let from = 0;
  while (from < texts.length) {
    let to = from;
    let size = 0;
    while (to < texts.length && (to === from || size + texts[to]!.length <= GROUP_CHARS)) size += texts[to++]!.length + SEPARATOR.length;
    const starts: number[] = [];
    let joined = "";
    for (let i = from; i < to; i++) {
      if (i > from) joined += SEPARATOR;
      starts.push(joined.length);
      joined += texts[i]!;
    }
    for (const f of await retextFindings(joined)) {
      let k = starts.length - 1;
      while (k > 0 && starts[k]! > f.start) k--;
      const base = starts[k]!;
      if (f.end > base + texts[from + k]!.length) continue;
      out[from + k]!.push({ ...f, start: f.start - base, end: f.end - base });
    }
    from = to;
  }
  return out;
}
