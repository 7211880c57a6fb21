// Scoring of questions (assessments, lesson quizzes) and fill items, exactly as the
// content-types contract says, and the trainee-safe form of a question: no answer, accepted
// answers or explanation, and an `order` question's items shuffled. Pure functions.
import type { Question } from "../../../shared/schemas/content.ts";

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

// The seeded shuffle and the trainee-safe question form are pure and shared with the studio's
// preview: they live in shared/content/trainee-view.ts.
export { shuffled, traineeQuestion } from "../../../shared/content/trainee-view.ts";
