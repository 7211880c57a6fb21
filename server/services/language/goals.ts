// Goal coverage: does what the trainee said match one of a goal's `phrases`? Shared by the
// embedded coach (to decide whether to ask a step's follow-up) and the evaluation engine
// (taskCompletion, with the sentence that covered each goal), so both always agree.
//
// Matching works on lemmas from wink-nlp's English model: "negotiated", "Negotiating" and
// "negotiate" are one word; case and punctuation are ignored. A phrase matches a sentence when
// its words occur in order within that sentence, with at most MAX_GAP other words between two
// consecutive phrase words ("improve the process" matches "improve our whole process");
// articles in a phrase are optional.
import winkNLP, { type ItemSentence, type ItsFunction, type Tokens } from "wink-nlp";
import model from "wink-eng-lite-web-model";

const nlp = winkNLP(model);
const its = nlp.its;

/** Words allowed between two consecutive words of a phrase. */
export const MAX_GAP = 2;

export type Sentence = { text: string; words: string[] };

/** Lemmas of a text's words, lowercased, punctuation dropped. */
function wordsOf(tokens: Tokens): string[] {
  const lemmas = tokens.out(its.lemma as ItsFunction<string>) as string[];
  const types = tokens.out(its.type) as string[];
  const out: string[] = [];
  lemmas.forEach((lemma, i) => {
    if (types[i] === "punctuation" || types[i] === "symbol" || types[i] === "tabCRLF") return;
    out.push(lemma.toLowerCase());
  });
  return out;
}

/** A text split into sentences, each with the lemmas of its words. */
export function sentencesOf(text: string): Sentence[] {
  const doc = nlp.readDoc(text);
  const out: Sentence[] = [];
  doc.sentences().each((s: ItemSentence) => {
    const words = wordsOf(s.tokens());
    if (words.length > 0) out.push({ text: s.out().trim(), words });
  });
  return out;
}

const phraseCache = new Map<string, string[]>();

/** Articles in a phrase are optional: "negotiate a contract" matches "negotiated the contract". */
const OPTIONAL = new Set(["a", "an", "the"]);

/** The lemmas of a phrase without articles (cached: scenarios are matched again and again). */
export function phraseWords(phrase: string): string[] {
  let words = phraseCache.get(phrase);
  if (!words) {
    const all = wordsOf(nlp.readDoc(phrase).tokens());
    words = all.filter((w) => !OPTIONAL.has(w));
    if (words.length === 0) words = all;
    if (phraseCache.size > 5000) phraseCache.clear();
    phraseCache.set(phrase, words);
  }
  return words;
}

/** Whether `phrase` (as lemmas) occurs in `words` in order, with at most MAX_GAP words between. */
export function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  const match = (from: number, k: number): boolean => {
    if (k === phrase.length) return true;
    const limit = k === 0 ? words.length : Math.min(words.length, from + MAX_GAP + 1);
    for (let i = from; i < limit; i++) {
      if (words[i] === phrase[k] && match(i + 1, k + 1)) return true;
    }
    return false;
  };
  return match(0, 0);
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
        const phrase = goal.phrases.find((p) => containsPhrase(sentence.words, phraseWords(p)));
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
