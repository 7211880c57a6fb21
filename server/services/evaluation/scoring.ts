// From findings and counts to 0–100 scores. Every threshold here is explained in
// docs/evaluation.md; change both together.
import type { EvaluationSkill } from "./types.ts";

/** Below this many trainee words a score cannot be trusted: scores scale down in proportion. */
export const MIN_WORDS = 30;
/** Disfluencies (fillers + repeated words) per 100 words that bring fluency to 0. */
export const FLUENCY_ZERO_AT = 8;
/** Weighted grammar findings per 100 words that bring grammar to 0. */
export const GRAMMAR_ZERO_AT = 10;
/** MATTR window (words). */
export const MATTR_WINDOW = 50;
/** A word is "less common" when it is not among this many most frequent spoken words (SUBTLEX-US). */
export const COMMON_RANK = 3000;
/** Default target speaking rate for calls (words per minute). */
export const DEFAULT_WPM: [number, number] = [120, 160];
/** A gap this long before an answer counts as a long pause (ms). */
export const LONG_PAUSE_MS = 5000;

/**
 * Linear map: `good` gives 100, `bad` gives 0, clamped. Works both ways (good < bad for rates
 * of problems, good > bad for things like lexical diversity).
 */
export function scale(value: number, good: number, bad: number): number {
  if (good === bad) return value === good ? 100 : 0;
  const x = ((value - bad) / (good - bad)) * 100;
  return Math.max(0, Math.min(100, x));
}

export const clampScore = (n: number) => Math.max(0, Math.min(100, Math.round(n)));
export const round1 = (n: number) => Math.round(n * 10) / 10;
export const round2 = (n: number) => Math.round(n * 100) / 100;

/** Moving-average type-token ratio (Covington & McFall 2010); the plain TTR below one window. */
export function mattr(words: readonly string[], window = MATTR_WINDOW): number {
  if (words.length === 0) return 0;
  if (words.length <= window) return new Set(words).size / words.length;
  const counts = new Map<string, number>();
  let distinct = 0;
  for (let i = 0; i < window; i++) {
    const c = counts.get(words[i]!) ?? 0;
    if (c === 0) distinct++;
    counts.set(words[i]!, c + 1);
  }
  let sum = distinct;
  for (let i = window; i < words.length; i++) {
    const add = words[i]!;
    const drop = words[i - window]!;
    const ca = counts.get(add) ?? 0;
    if (ca === 0) distinct++;
    counts.set(add, ca + 1);
    const cd = counts.get(drop)! - 1;
    counts.set(drop, cd);
    if (cd === 0) distinct--;
    sum += distinct;
  }
  return sum / window / (words.length - window + 1);
}

/** Default weights: equal over the skills present. */
export function overall(scores: Partial<Record<EvaluationSkill, number>>, rubric: Partial<Record<EvaluationSkill, number>> | undefined): number {
  const present = (Object.keys(scores) as EvaluationSkill[]).filter((s) => scores[s] !== undefined);
  if (present.length === 0) return 0;
  const weightOf = (s: EvaluationSkill) => (rubric && Object.keys(rubric).length > 0 ? (rubric[s] ?? 0) : 1);
  let total = present.reduce((n, s) => n + weightOf(s), 0);
  const weights = total > 0 ? weightOf : () => 1;
  if (total <= 0) total = present.length;
  const sum = present.reduce((n, s) => n + weights(s) * scores[s]!, 0);
  return clampScore(sum / total);
}
