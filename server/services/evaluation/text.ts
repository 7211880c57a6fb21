// Tokens, sentences and spoken fillers of one trainee message, from wink-nlp's English model.
// Every token keeps its [start, end) character range in the message, so annotations point at
// the exact words (wink-nlp keeps each token's preceding whitespace, which makes the ranges
// exact).
import type { ItemSentence, ItsFunction } from "wink-nlp";
import { wink } from "../language/nlp.ts";


export type Token = {
  text: string;
  lower: string;
  lemma: string;
  pos: string;
  /** wink-nlp's token type: word, number, punctuation, emoji, emoticon, symbol, tabCRLF, … */
  type: string;
  start: number;
  end: number;
};

export type SentenceSpan = { start: number; end: number; text: string; firstToken: number; lastToken: number };

export type Analysed = {
  text: string;
  tokens: Token[];
  sentences: SentenceSpan[];
  /** Indices (into tokens) of the tokens that count as words: words and numbers, clitics merged. */
  wordIdx: number[];
};

/** Clitics wink-nlp splits off ("do|n't", "it|'s"): they belong to the word before. */
const CLITIC = /^(n't|n’t|'s|’s|'re|’re|'ll|’ll|'ve|’ve|'d|’d|'m|’m|s)$/i;

export function analyse(text: string): Analysed {
  const doc = wink().readDoc(text);
  const toks = doc.tokens();
  const values = toks.out() as string[];
  const spaces = toks.out(wink().its.precedingSpaces) as string[];
  const pos = toks.out(wink().its.pos) as string[];
  const types = toks.out(wink().its.type) as string[];
  const lemmas = toks.out(wink().its.lemma as ItsFunction<string>) as string[];
  const tokens: Token[] = [];
  let offset = 0;
  values.forEach((value, i) => {
    offset += spaces[i]!.length;
    // wink-nlp preserves the text; should a token ever not line up, search forward for it.
    if (text.slice(offset, offset + value.length) !== value) {
      const found = text.indexOf(value, offset);
      if (found >= 0) offset = found;
    }
    tokens.push({
      text: value,
      lower: value.toLowerCase(),
      lemma: (lemmas[i] ?? value).toLowerCase(),
      pos: pos[i] ?? "X",
      type: types[i] ?? "word",
      start: offset,
      end: offset + value.length,
    });
    offset += value.length;
  });
  const wordIdx: number[] = [];
  tokens.forEach((t, i) => {
    if (t.type !== "word" && t.type !== "number") return;
    if (i > 0 && CLITIC.test(t.text) && tokens[i - 1]!.end === t.start && wordIdx.length > 0) return;
    wordIdx.push(i);
  });
  const sentences: SentenceSpan[] = [];
  doc.sentences().each((s: ItemSentence) => {
    const st = s.tokens();
    const n = st.length();
    if (n === 0) return;
    const first = st.itemAt(0).index();
    const last = st.itemAt(n - 1).index();
    const a = tokens[first];
    const b = tokens[last];
    if (!a || !b) return;
    const hasWord = tokens.slice(first, last + 1).some((t) => t.type === "word" || t.type === "number");
    if (!hasWord) return;
    sentences.push({ start: a.start, end: b.end, text: text.slice(a.start, b.end), firstToken: first, lastToken: last });
  });
  return { text, tokens, sentences, wordIdx };
}

export type Span = { start: number; end: number; text: string };

/** Determiners before "kind of"/"sort of" that make it a noun phrase ("what kind of role"). */
const KIND_DETERMINERS = new Set(["what", "this", "that", "the", "a", "an", "any", "which", "some", "every", "each", "these", "those", "same", "one", "no", "all", "right", "wrong", "my", "your", "our", "their", "his", "her"]);
const ALWAYS_FILLERS = new Set(["um", "umm", "uh", "uhh", "uhm", "er", "erm", "hmm", "basically", "literally", "actually"]);
/** Verbs after which "like" is a preposition: "looks like", "sounds like", "feel like". */
const LIKE_VERBS = new Set(["look", "sound", "seem", "feel", "taste", "smell", "be like"]);
const NOUNISH = new Set(["DET", "PRON", "NOUN", "PROPN"]);

/** The next / previous token that is not whitespace. */
function next(a: Analysed, i: number): Token | undefined {
  for (let j = i + 1; j < a.tokens.length; j++) if (a.tokens[j]!.type !== "tabCRLF") return a.tokens[j];
  return undefined;
}
function prev(a: Analysed, i: number): Token | undefined {
  for (let j = i - 1; j >= 0; j--) if (a.tokens[j]!.type !== "tabCRLF") return a.tokens[j];
  return undefined;
}
const isComma = (t: Token | undefined) => t !== undefined && (t.text === "," || t.text === "…" || t.text === "-" || t.text === "—");
const isPunctOrEnd = (t: Token | undefined) => t === undefined || t.type === "punctuation";

/**
 * Spoken fillers: um/uh/er, basically, literally, actually; "like" when it is not a verb and
 * not a preposition ("I like my job" and "things like budgets" are not fillers, "it was, like,
 * really hard" is); "you know" and "I mean" when they stand alone (followed by punctuation or
 * the end, so "you know the answer" and "I mean it" do not count); "kind of"/"sort of" unless a
 * determiner makes them a noun phrase ("what kind of role").
 */
export function fillersOf(a: Analysed): Span[] {
  const out: Span[] = [];
  const span = (i: number, j: number) => {
    const s = a.tokens[i]!.start;
    const e = a.tokens[j]!.end;
    out.push({ start: s, end: e, text: a.text.slice(s, e) });
  };
  const t = a.tokens;
  for (let i = 0; i < t.length; i++) {
    const tok = t[i]!;
    if (tok.type !== "word") continue;
    const w = tok.lower;
    if (ALWAYS_FILLERS.has(w)) {
      span(i, i);
      continue;
    }
    if (w === "like") {
      const n = next(a, i);
      const p = prev(a, i);
      const commaAround = isComma(p) || isComma(n) || (p === undefined && isComma(n));
      if (tok.pos === "VERB" && !(isComma(p) && isComma(n))) continue;
      if (!commaAround && p && LIKE_VERBS.has(p.lemma)) continue; // "what it looks like", "feels like home
      if (!commaAround && n && NOUNISH.has(n.pos)) continue; // a preposition: "like his father"
      if (!commaAround && n && n.pos === "ADJ") {
        const after = next(a, t.indexOf(n));
        if (after && (after.pos === "NOUN" || after.pos === "PROPN")) continue; // "like big companies"
      }
      if (!commaAround && isPunctOrEnd(n) && p && p.pos === "VERB") continue; // "what you like."
      span(i, i);
      continue;
    }
    const n = t[i + 1] && t[i + 1]!.type !== "tabCRLF" ? t[i + 1] : undefined;
    if (!n || n.type !== "word") continue;
    const pair = `${w} ${n.lower}`;
    const ni = i + 1;
    if (pair === "you know" || pair === "i mean") {
      const after = next(a, ni);
      const before = prev(a, i);
      const question = before && ["do", "did", "don't", "if", "as", "what", "how", "n't"].includes(before.lower);
      if (isPunctOrEnd(after) && !question && !(after && after.text === "?" && pair === "i mean")) {
        span(i, ni);
        i = ni;
      } else if (pair === "i mean" && after && after.text === ",") {
        span(i, ni);
        i = ni;
      }
      continue;
    }
    if (pair === "kind of" || pair === "sort of") {
      const before = prev(a, i);
      if (before && before.type === "word" && KIND_DETERMINERS.has(before.lower)) continue;
      span(i, ni);
      i = ni;
    }
  }
  return out;
}

/** Sentences of a message that contain a character range. */
export function sentenceAt(a: Analysed, start: number): SentenceSpan | undefined {
  return a.sentences.find((s) => start >= s.start && start < s.end) ?? a.sentences.find((s) => start <= s.end);
}

/** Words of a message (lowercased forms), clitics merged into their word. */
export function wordsOf(a: Analysed): string[] {
  return a.wordIdx.map((i) => {
    const tok = a.tokens[i]!;
    const n = a.tokens[i + 1];
    if (n && CLITIC.test(n.text) && n.start === tok.end) return (tok.text + n.text).toLowerCase();
    return tok.lower;
  });
}

/** Count of words in a range of the message. */
export function countWords(a: Analysed, start: number, end: number): number {
  return a.wordIdx.filter((i) => a.tokens[i]!.start >= start && a.tokens[i]!.end <= end).length;
}
