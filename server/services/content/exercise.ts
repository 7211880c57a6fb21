// Scoring of exercises per the content-types contract. A `fill` item is matched like a `text`
// question; a `rewrite` item passes when every check passes: it is not empty, contains each
// `mustInclude` phrase, none of the `avoid` phrases, stays within `maxWords`, and every finding
// of the plugged-in checks (`RewriteCheck`, e.g. the evaluation engine's grammar and clarity
// measures) passes. The trainee gets every check with whether it passed and why.
import type { ExerciseData } from "../../../shared/schemas/content.ts";
import { checkWriting } from "../evaluation/index.ts";
import type { CompletionItemResult, Finding } from "../../../shared/schemas/completion.ts";
import { textMatches } from "./scoring.ts";

/**
 * An extra check for rewrite answers: the answer's text in, findings out. A finding with
 * `passed: false` fails the item (its `message` says why); `passed: true` findings are shown
 * as confirmations. Plug the evaluation engine's grammar and clarity measures in here.
 */
export type RewriteCheck = (text: string) => Promise<Finding[]>;

/**
 * Findings of the evaluation engine that fail a rewrite: every grammar finding (spelling
 * included: a rewrite is written, not spoken), and the clarity findings a rewrite is usually
 * about — hedges, wordy phrases, passive voice. Sentence length, readability and vague words
 * count in an evaluation but are too coarse to fail a one-sentence exercise.
 */
const FAILING_CLARITY = new Set(["clarity/hedge", "clarity/wordy", "clarity/passive"]);
/**
 * Advice that does not fail a rewrite: harper's word-choice lints (it asks for "find" over
 * "find out" even where "find out" is right, and a starter item requires "find out") and
 * one-word "wordy" suggestions ("request" → "ask"): a plain noun is not a wordy phrase. Both
 * still count in a practice evaluation; a rewrite fails on real errors and wordy phrases.
 */
function failsRewrite(f: { rule: string; start: number; end: number }, text: string): boolean {
  if (f.rule === "grammar/word-choice") return false;
  if (f.rule === "clarity/wordy") return /\s/.test(text.slice(f.start, f.end).trim());
  return f.rule.startsWith("grammar/") || FAILING_CLARITY.has(f.rule);
}

/** The evaluation engine's grammar and clarity measures as a rewrite check. */
export const writingCheck: RewriteCheck = async (text) => {
  if (!text.trim()) return [];
  const findings = await checkWriting(text);
  return findings
    .filter((f) => failsRewrite(f, text))
    .map((f) => ({
      check: f.rule.startsWith("grammar/") ? "grammar" : "clarity",
      passed: false,
      message: f.suggestion !== undefined && f.suggestion !== "" ? `${f.message} Try “${f.suggestion}”.` : f.message,
    }));
};

/** The checks every rewrite gets in production: its own checks come first, then these. */
export const DEFAULT_REWRITE_CHECKS: readonly RewriteCheck[] = [writingCheck];

/** Lower case, curly quotes straightened, punctuation as spaces, spaces collapsed. */
export function phraseForm(s: string): string {
  return s
    .normalize("NFC")
    .toLocaleLowerCase("en")
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, " ")
    .trim();
}

/** Whether `text` contains `phrase` as whole words (case- and punctuation-insensitive). */
export function containsPhrase(text: string, phrase: string): boolean {
  const p = phraseForm(phrase);
  return p !== "" && ` ${phraseForm(text)} `.includes(` ${p} `);
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

type Item = ExerciseData["items"][number];

const quote = (s: string) => `“${s}”`;

/** The built-in checks of one rewrite answer, in the order a trainee should read them. */
export function rewriteFindings(item: Item, answer: string): Finding[] {
  const out: Finding[] = [];
  if (answer.trim() === "") return [{ check: "empty", passed: false, message: "Write your version of the sentence." }];
  for (const p of item.mustInclude ?? []) {
    const ok = containsPhrase(answer, p);
    out.push({ check: "mustInclude", passed: ok, message: ok ? `Includes ${quote(p)}.` : `Use ${quote(p)} in your answer.` });
  }
  for (const p of item.avoid ?? []) {
    const ok = !containsPhrase(answer, p);
    out.push({ check: "avoid", passed: ok, message: ok ? `Avoids ${quote(p)}.` : `Leave out ${quote(p)}.` });
  }
  if (item.maxWords !== undefined) {
    const n = wordCount(answer);
    const ok = n <= item.maxWords;
    out.push({
      check: "maxWords",
      passed: ok,
      message: ok ? `${n} word${n === 1 ? "" : "s"}, within the limit of ${item.maxWords}.` : `${n} words: cut it to ${item.maxWords} or fewer.`,
    });
  }
  return out;
}

/** Scores one item; `answer` is whatever the trainee sent (only a string counts). */
export async function scoreExerciseItem(item: Item, answer: unknown, checks: readonly RewriteCheck[]): Promise<CompletionItemResult> {
  const text = typeof answer === "string" ? answer : "";
  const reveal = item.explanation ? { explanation: item.explanation } : {};
  if (item.kind === "fill") {
    const accepted = item.acceptedAnswers ?? [];
    const correct = textMatches(text, accepted);
    const feedback: Finding[] =
      text.trim() === ""
        ? [{ check: "empty", passed: false, message: "No answer was given." }]
        : [{ check: "answer", passed: correct, message: correct ? "Correct." : "Not one of the accepted answers." }];
    return { id: item.id, correct, feedback, ...(accepted[0] !== undefined ? { correctAnswer: accepted[0] } : {}), ...reveal };
  }
  const feedback = rewriteFindings(item, text);
  if (text.trim() !== "") for (const check of checks) feedback.push(...(await check(text)));
  return { id: item.id, correct: feedback.every((f) => f.passed), feedback, ...reveal };
}

/** Every item scored (each worth one point); score = right items / items × 100, two decimals. */
export async function scoreExercise(data: ExerciseData, answers: Readonly<Record<string, unknown>>, checks: readonly RewriteCheck[] = DEFAULT_REWRITE_CHECKS) {
  const items = await Promise.all(data.items.map((item) => scoreExerciseItem(item, Object.hasOwn(answers, item.id) ? answers[item.id] : undefined, checks)));
  const right = items.filter((i) => i.correct).length;
  return { score: Math.round((right / items.length) * 10_000) / 100, items };
}
