// Goal coverage: does what the trainee said match one of a goal's `phrases`? Shared by the
// embedded coach (to decide whether to ask a step's follow-up) and the evaluation engine
// (taskCompletion, with the sentence that covered each goal), so both always agree.
//
// Matching works on lemmas from wink-nlp's English model: "negotiated", "Negotiating" and
// "negotiate" are one word; case and punctuation are ignored. A phrase matches a sentence when
// its words occur in order within that sentence, with at most MAX_GAP other words between two
// consecutive phrase words ("improve the process" matches "improve our whole process") and no
// negation among them ("I don't know" does not match "I know"); articles in a phrase are optional.
import type { ItemSentence, ItsFunction, Tokens } from "wink-nlp";
import { wink } from "./nlp.ts";


/** Words allowed between two consecutive words of a phrase. */
export const MAX_GAP = 2;

/**
 * A sentence: its text, the lemma of each word (in context), and each word's forms — the lemma
 * in context, the lemma of the word read on its own, and the word itself, all lower case. A
 * phrase word matches a sentence word when their forms meet: phrases are short and read with
 * little context ("signing bonus" alone reads as the verb "sign"; "Bonuses" in a sentence may
 * read as a name), so neither reading alone is enough.
 */
export type Sentence = { text: string; words: string[]; forms?: string[][] };

const lemmaCache = new Map<string, string>();

/** The lemma of a word read on its own, in lower case (cached). */
function lemmaOfWord(word: string): string {
  const lower = word.toLowerCase();
  let lemma = lemmaCache.get(lower);
  if (lemma === undefined) {
    lemma = ((wink().readDoc(lower).tokens().out(wink().its.lemma as ItsFunction<string>) as string[])[0] ?? lower).toLowerCase();
    if (lemmaCache.size > 20_000) lemmaCache.clear();
    lemmaCache.set(lower, lemma);
  }
  return lemma;
}

/** Contractions the model keeps as one token: read as their words. */
const UNSPLIT: Record<string, string[]> = { "i'm": ["i", "be"], gonna: ["go", "to"], wanna: ["want", "to"] };

type Read = { words: string[]; forms: string[][]; surface: string[]; index: number[] };

/** Lemmas and forms of a text's words, punctuation dropped; `index` maps each to its token. */
function read(tokens: Tokens): Read {
  const lemmas = tokens.out(wink().its.lemma as ItsFunction<string>) as string[];
  const types = tokens.out(wink().its.type) as string[];
  const surface = tokens.out() as string[];
  const spaces = tokens.out(wink().its.precedingSpaces) as string[];
  const out: Read = { words: [], forms: [], surface: [], index: [] };
  lemmas.forEach((lemma, i) => {
    if (types[i] === "punctuation" || types[i] === "symbol" || types[i] === "tabCRLF") return;
    const split = UNSPLIT[surface[i]!.toLowerCase().replace("’", "'")];
    if (split) {
      for (const w of split) {
        out.words.push(w);
        out.forms.push([w]);
        out.surface.push(w);
        out.index.push(i);
      }
      return;
    }
    const word = lemma.toLowerCase();
    const forms = new Set([word]);
    // Pieces of a contraction ("ca" + "n't", "I" + "'d") mean something only in context.
    const piece = /['’]/.test(surface[i]!) || (spaces[i + 1] === "" && /^n['’]t$/i.test(surface[i + 1] ?? ""));
    if (!piece) {
      forms.add(lemmaOfWord(surface[i]!));
      forms.add(surface[i]!.toLowerCase());
    }
    out.words.push(word);
    out.forms.push([...forms]);
    out.surface.push(surface[i]!.toLowerCase());
    out.index.push(i);
  });
  return out;
}

/**
 * Texts already read (most recent last), up to SENTENCE_CACHE_MAX: each chat turn matches the
 * goals against every earlier message of the conversation again, and wink-nlp's reading is most
 * of that work. The results are shared: callers must not change them.
 */
const sentenceCache = new Map<string, readonly Sentence[]>();
const SENTENCE_CACHE_MAX = 5000;

/** A text split into sentences, each with the lemmas of its words (cached; do not modify). */
export function sentencesOf(text: string): readonly Sentence[] {
  const cached = sentenceCache.get(text);
  if (cached) {
    sentenceCache.delete(text);
    sentenceCache.set(text, cached);
    return cached;
  }
  const doc = wink().readDoc(text);
  const out: Sentence[] = [];
  doc.sentences().each((s: ItemSentence) => {
    const { words, forms } = read(s.tokens());
    if (words.length > 0) out.push({ text: s.out().trim(), words, forms });
  });
  if (sentenceCache.size >= SENTENCE_CACHE_MAX) sentenceCache.delete(sentenceCache.keys().next().value!);
  sentenceCache.set(text, out);
  return out;
}

/** Phrase words matched as written (see readPhrase). */
const EXACT = new Set(["done", "been"]);

/** Articles in a phrase are optional: "negotiate a contract" matches "negotiated the contract". */
const OPTIONAL = new Set(["a", "an", "the"]);

const phraseCache = new Map<string, { words: string[]; forms: string[][] }>();

function readPhrase(phrase: string): { words: string[]; forms: string[][] } {
  let p = phraseCache.get(phrase);
  if (!p) {
    const all = read(wink().readDoc(phrase).tokens());
    // "done" and "been" in a phrase mean those very words, not any "do" or "be" (they would
    // match "don't" and "is").
    all.forms = all.forms.map((forms, i) => (EXACT.has(all.surface[i]!) ? [all.surface[i]!] : forms));
    const keep = all.words.map((w) => !OPTIONAL.has(w));
    p = keep.some(Boolean)
      ? { words: all.words.filter((_, i) => keep[i]), forms: all.forms.filter((_, i) => keep[i]) }
      : { words: all.words, forms: all.forms };
    if (phraseCache.size > 5000) phraseCache.clear();
    phraseCache.set(phrase, p);
  }
  return p;
}

/** The lemmas of a phrase without articles (cached: scenarios are matched again and again). */
export function phraseWords(phrase: string): string[] {
  return readPhrase(phrase).words;
}

/** Words that turn a statement around: they may not sit in a gap ("I don't know" is not "I know"). */
const NEGATIONS = new Set(["not", "never", "no", "nothing", "nobody", "neither", "nor", "without"]);

const meet = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));

/** findPhrase over words given as their forms (see Sentence). */
function findForms(words: readonly (readonly string[])[], phrase: readonly (readonly string[])[]): number[] | null {
  if (phrase.length === 0) return null;
  const at: number[] = [];
  const match = (from: number, k: number): boolean => {
    if (k === phrase.length) return true;
    const limit = k === 0 ? words.length : Math.min(words.length, from + MAX_GAP + 1);
    for (let i = from; i < limit; i++) {
      if (meet(words[i]!, phrase[k]!)) {
        at[k] = i;
        if (match(i + 1, k + 1)) return true;
      }
      // A negation between two phrase words breaks the match.
      if (k > 0 && words[i]!.some((w) => NEGATIONS.has(w))) return false;
    }
    return false;
  };
  return match(0, 0) ? at.slice(0, phrase.length) : null;
}

/**
 * Where `phrase` (as lemmas) occurs in `words` in order, with at most MAX_GAP words between two
 * consecutive phrase words and no negation among those gap words: the indices of the matched
 * words, or null.
 */
export function findPhrase(words: readonly string[], phrase: readonly string[]): number[] | null {
  return findForms(
    words.map((w) => [w]),
    phrase.map((w) => [w]),
  );
}

/** Whether `phrase` (as lemmas) occurs in `words` (see findPhrase). */
export function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  return findPhrase(words, phrase) !== null;
}

/** Whether `phrase` occurs in `sentence` (matching word forms, see Sentence). */
export function sentenceHasPhrase(sentence: Sentence, phrase: string): boolean {
  return findForms(sentence.forms ?? sentence.words.map((w) => [w]), readPhrase(phrase).forms) !== null;
}

/**
 * The trainee's own words where a phrase matched, with their part-of-speech tags, and the word
 * just before them (if any) with its tag.
 */
export type PhraseSpan = { text: string; tags: string[]; before?: { text: string; tag: string } };

/**
 * The stretch of `sentence` (as written) from the first to the last word that matched
 * `phrase`, or null when it does not match. Used to echo the trainee's words back.
 */
export function phraseSpan(sentence: string, phrase: string): PhraseSpan | null {
  const tokens = wink().readDoc(sentence).tokens();
  const surface = tokens.out() as string[];
  const spaces = tokens.out(wink().its.precedingSpaces) as string[];
  const tags = tokens.out(wink().its.pos) as string[];
  const { forms, index: tokenOf } = read(tokens);
  const at = findForms(forms, readPhrase(phrase).forms);
  if (!at) return null;
  const from = tokenOf[at[0]!]!;
  const to = tokenOf[at[at.length - 1]!]!;
  let text = surface[from]!;
  for (let i = from + 1; i <= to; i++) text += spaces[i]! + surface[i]!;
  const span: PhraseSpan = { text, tags: tags.slice(from, to + 1) };
  if (from > 0) span.before = { text: surface[from - 1]!, tag: tags[from - 1]! };
  return span;
}

export type GoalLike = { id: string; phrases: readonly string[] };
export type GoalHit = { goalId: string; phrase: string; sentence: string; messageIndex: number };

/**
 * For each goal, the first place (message, sentence) where one of its phrases matched, in the
 * order the messages were written. Goals with no match are absent from the result.
 */
export function matchGoals(goals: readonly GoalLike[], messages: readonly string[]): Map<string, GoalHit> {
  const hits = new Map<string, GoalHit>();
  messages.forEach((message, messageIndex) => {
    const sentences = sentencesOf(message);
    for (const goal of goals) {
      if (hits.has(goal.id)) continue;
      for (const sentence of sentences) {
        const phrase = goal.phrases.find((p) => sentenceHasPhrase(sentence, p));
        if (phrase) {
          hits.set(goal.id, { goalId: goal.id, phrase, sentence: sentence.text, messageIndex });
          break;
        }
      }
    }
  });
  return hits;
}

/** The ids of the goals one message covers. */
export function goalsCoveredBy(goals: readonly GoalLike[], message: string): string[] {
  return [...matchGoals(goals, [message]).keys()];
}
