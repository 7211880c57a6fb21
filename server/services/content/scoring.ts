// Scoring of questions (assessments, lesson quizzes) and fill items, exactly as the
// content-types contract says, and the trainee-safe form of a question: no answer, accepted
// answers or explanation, and an `order` question's items shuffled. Pure functions.
import type { Question, TraineeQuestion } from "../../../shared/schemas/content.ts";

/** A trainee's response to one question; the shape depends on the question's kind. */
export type QuestionResponse = number | number[] | boolean | string | string[] | null | undefined;

/** `text` matching: trim, collapse spaces, drop trailing punctuation, and (unless caseSensitive) case. */
export function normaliseTextAnswer(s: string, caseSensitive = false): string {
  const t = s
    .normalize("NFC")
    .trim()
    .replace(/\s+/g, " ")
    .replace(/[\s.,;:!?…。]+$/u, "");
  return caseSensitive ? t : t.toLocaleLowerCase("en");
}

export function textMatches(response: string, accepted: readonly string[], caseSensitive = false): boolean {
  const r = normaliseTextAnswer(response, caseSensitive);
  return r !== "" && accepted.some((a) => normaliseTextAnswer(a, caseSensitive) === r);
}

const sameSet = (a: readonly number[], b: readonly number[]) => {
  const sa = new Set(a);
  return sa.size === a.length && sa.size === new Set(b).size && b.every((x) => sa.has(x));
};

/** Whether a response earns the question's points (all or nothing, per the contract). */
export function isCorrect(q: Question, response: QuestionResponse): boolean {
  switch (q.kind) {
    case "single":
      return typeof response === "number" && response === q.answer;
    case "true_false":
      return typeof response === "boolean" && response === q.answer;
    case "multiple":
      return Array.isArray(response) && response.every((x) => typeof x === "number") && sameSet(response as number[], q.answers);
    case "text":
      return typeof response === "string" && textMatches(response, q.acceptedAnswers, q.caseSensitive ?? false);
    case "order":
      return Array.isArray(response) && response.length === q.items.length && response.every((x, i) => x === q.items[i]);
  }
}

export type ScoredQuestion = { id: string; correct: boolean; points: number; earned: number };
export type Score = { score: number; earned: number; possible: number; correctAnswers: number; totalQuestions: number; questions: ScoredQuestion[] };

/** Score = points earned / points possible × 100, rounded to two decimals. */
export function scoreQuestions(questions: readonly Question[], responses: Readonly<Record<string, QuestionResponse>>): Score {
  let earned = 0;
  let possible = 0;
  let correctAnswers = 0;
  const scored = questions.map((q) => {
    const points = q.points ?? 1;
    const correct = Object.hasOwn(responses, q.id) && isCorrect(q, responses[q.id]);
    possible += points;
    if (correct) {
      earned += points;
      correctAnswers += 1;
    }
    return { id: q.id, correct, points, earned: correct ? points : 0 };
  });
  const score = possible === 0 ? 0 : Math.round((earned / possible) * 10_000) / 100;
  return { score, earned, possible, correctAnswers, totalQuestions: questions.length, questions: scored };
}

/** mulberry32: a small seeded generator, so a shuffle is reproducible for one attempt. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded Fisher–Yates shuffle (a copy). */
export function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  const rand = seeded(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The trainee-safe form: answers, accepted answers and explanations removed; order items shuffled (never left in the correct order when they can differ). */
export function traineeQuestion(q: Question, seed: number): TraineeQuestion {
  const base = { id: q.id, prompt: q.prompt, points: q.points ?? 1 };
  switch (q.kind) {
    case "single":
    case "multiple":
      return { ...base, kind: q.kind, options: [...q.options] };
    case "true_false":
    case "text":
      return { ...base, kind: q.kind };
    case "order": {
      let items = shuffled(q.items, seed);
      const distinct = new Set(q.items).size > 1;
      for (let k = 1; distinct && items.every((x, i) => x === q.items[i]); k++) items = shuffled(q.items, seed + k);
      return { ...base, kind: "order", items };
    }
  }
}
