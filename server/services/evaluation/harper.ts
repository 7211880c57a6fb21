// harper.js (Automattic's offline grammar checker, WebAssembly), loaded lazily and once per
// process: importing this module costs nothing; the first lint (or warmUp) pays the ~3 s setup.
//
// In the app it runs on a worker thread (runHarperOnWorkerThread(), called by server/main.ts):
// its setup is synchronous WebAssembly that held the event loop for 4–7 s at a time on a loaded
// machine, long enough for requests arriving just after a start to time out their database
// transactions (Prisma's 5 s interactive-transaction limit: HTTP 500s, issue 12's kill -9
// finding). Tests and benches lint in-process, as before.
//
// Two linters share the WebAssembly module: American English (the main one) and British
// English, used only to confirm spelling findings, so "organised" and "colour" are not
// counted as mistakes (a British spelling is a spelling, not an error).
import { Worker } from "node:worker_threads";
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

/** Loads harper once per thread (shared by every caller); a failed load is retried next time. */
function linters(): Promise<Linters> {
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
  if (thread) return (await thread.call({ op: "lint", texts: [...texts] })) as HarperFinding[][];
  return lintTextsHere(texts);
}

/** Loads harper (on the worker thread when there is one); resolves when it can lint. */
export async function harperReady(): Promise<void> {
  if (thread) await thread.call({ op: "ready" });
  else await linters();
}

/** lintTexts on this thread (the worker thread's side, or in-process). */
export async function lintTextsHere(texts: readonly string[]): Promise<HarperFinding[][]> {
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

// ---------------------------------------------------------------------------------------
// The worker thread (server/services/evaluation/harper-worker.ts answers these messages)

export type HarperRequest = { op: "ready" } | { op: "lint"; texts: string[] };
export type HarperReply = { id: number; result?: unknown; error?: string };

type Thread = { call(req: HarperRequest): Promise<unknown> };
let thread: Thread | null = null;

/**
 * The worker: harper-worker.js beside the bundle (dist-server/) when compiled; under tsx the
 * .ts file, loaded through tsx's API (a worker does not inherit the main thread's `--import tsx`).
 */
function newWorker(): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./harper-worker.js", import.meta.url));
  const entry = new URL("./harper-worker.ts", import.meta.url).href;
  const tsx = import.meta.resolve("tsx/esm/api");
  return new Worker(`import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
}

/**
 * From now on harper runs on a worker thread of its own, started now (its setup begins at once)
 * and started again if it dies (calls in flight then fail; the next call gets a new thread).
 * It never keeps the process alive.
 */
export function runHarperOnWorkerThread(): void {
  if (thread) return;
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const start = (): Worker => {
    const w = newWorker();
    w.unref();
    w.on("message", (m: HarperReply) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(`grammar checker: ${m.error}`));
      else p.resolve(m.result);
    });
    const fail = (e: Error) => {
      if (worker !== w) return;
      worker = null;
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    };
    w.on("error", fail);
    w.on("exit", (code) => fail(new Error(`grammar checker thread exited (code ${code})`)));
    return w;
  };
  worker = start();
  thread = {
    call(req) {
      worker ??= start();
      const id = ++nextId;
      const w = worker;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, ...req });
      });
    },
  };
}
