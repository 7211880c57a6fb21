// A trainee finishes a lesson (reading it, or answering its quiz) or an exercise: the answers
// are scored here on the server, a completion is recorded (which allows rating the item), and
// only then are the correct answers and explanations sent back.
import type { PrismaClient } from "../../db/generated/client.ts";
import type { RateRule } from "../../auth/rate-limit.ts";
import type { CatalogCompleteInput, CompletionItemResult, CompletionResult } from "../../../shared/schemas/completion.ts";
import type { ExerciseData, LessonData, Question } from "../../../shared/schemas/content.ts";
import { AppError } from "../errors.ts";
import type { RequestMeta } from "../audit.ts";
import { recordCompletion } from "./catalog.ts";
import { recordActivity, type ProgressContext } from "../progress/activity.ts";
import { DEFAULT_REWRITE_CHECKS, scoreExercise, type RewriteCheck } from "./exercise.ts";
import { scoreQuestions, type QuestionResponse } from "./scoring.ts";

/** catalog.complete: 30 submissions a minute per trainee (enough to retry, not to brute-force). */
export const COMPLETE_RULE: RateRule = { name: "complete:user", limit: 30, windowMs: 60_000 };

const invalid = (appCode: string, message: string, field = "answers") => new AppError("invalid", appCode, message, { field, fieldErrors: { [field]: [message] } });

/** What a trainee sees of a question's right answer once the quiz is submitted. */
function correctAnswerOf(q: Question): string | string[] {
  switch (q.kind) {
    case "single":
      return q.options[q.answer]!;
    case "multiple":
      return q.answers.map((i) => q.options[i]!);
    case "true_false":
      return q.answer ? "True" : "False";
    case "text":
      return q.acceptedAnswers[0]!;
    case "order":
      return [...q.items];
  }
}

/** Whether the trainee gave an answer at all (an empty string, list or null is none). */
function isGiven(answers: Readonly<Record<string, unknown>>, id: string): boolean {
  if (!Object.hasOwn(answers, id)) return false;
  const a = answers[id];
  if (a === null || a === undefined) return false;
  if (typeof a === "string") return a.trim() !== "";
  if (Array.isArray(a)) return a.length > 0;
  return true;
}

function scoreQuiz(quiz: readonly Question[], answers: Readonly<Record<string, unknown>>) {
  const s = scoreQuestions(quiz, answers as Record<string, QuestionResponse>);
  const items: CompletionItemResult[] = quiz.map((q, i) => {
    const correct = s.questions[i]!.correct;
    const given = isGiven(answers, q.id);
    return {
      id: q.id,
      correct,
      feedback: [{ check: given ? "answer" : "empty", passed: correct, message: correct ? "Correct." : given ? "Not quite." : "No answer was given." }],
      correctAnswer: correctAnswerOf(q),
      ...(q.explanation ? { explanation: q.explanation } : {}),
    };
  });
  return { score: s.score, items };
}

export async function completeContent(
  db: PrismaClient,
  actor: { userId: string; meta: RequestMeta },
  input: CatalogCompleteInput,
  opts: { rewriteChecks?: readonly RewriteCheck[]; progress?: ProgressContext } = {},
): Promise<CompletionResult> {
  const row = await db.content.findFirst({ where: { id: input.id, isPublished: true }, select: { id: true, type: true, version: true, data: true } });
  if (!row) throw new AppError("not-found", "CONTENT_NOT_FOUND", "This content is not available.");
  let known: readonly { id: string }[];
  let result: { score: number | null; items: CompletionItemResult[] };
  if (row.type === "LESSON") {
    const quiz = (row.data as LessonData).quiz;
    if (!quiz) {
      if (input.answers && Object.keys(input.answers).length > 0) throw invalid("NO_QUIZ", "This lesson has no quiz: mark it as read instead.");
      known = [];
      result = { score: null, items: [] };
    } else {
      if (!input.answers) throw invalid("ANSWERS_REQUIRED", "Answer the lesson's quiz to finish it.");
      known = quiz;
      result = scoreQuiz(quiz, input.answers);
    }
  } else if (row.type === "EXERCISE") {
    if (!input.answers) throw invalid("ANSWERS_REQUIRED", "Answer the exercise's items to finish it.");
    const data = row.data as ExerciseData;
    known = data.items;
    result = await scoreExercise(data, input.answers, opts.rewriteChecks ?? DEFAULT_REWRITE_CHECKS);
  } else {
    throw new AppError("invalid", "NOT_COMPLETABLE", "Scenarios and assessments are finished on their own practice pages.");
  }
  if (input.answers) {
    const ids = new Set(known.map((k) => k.id));
    const unknown = Object.keys(input.answers).filter((k) => !ids.has(k));
    if (unknown.length > 0) throw invalid("UNKNOWN_ITEM", `There is no question or item “${unknown[0]}” in this content.`, `answers.${unknown[0]}`);
  }
  // A blank submission is not a completion: it would earn points and unlock rating for nothing.
  if (input.answers && known.length > 0 && !known.some((k) => isGiven(input.answers!, k.id))) {
    throw invalid("ANSWERS_REQUIRED", row.type === "EXERCISE" ? "Answer at least one item before finishing the exercise." : "Answer at least one question before finishing the lesson.");
  }
  const marks = Object.fromEntries(result.items.map((i) => [i.id, i.correct]));
  // The completion and the trainee's progress are written in one transaction (issue 10).
  const done = await db.$transaction(async (tx) => {
    const c = await recordCompletion(tx, {
      contentId: row.id,
      contentVersion: row.version,
      userId: actor.userId,
      score: result.score,
      details: row.type === "EXERCISE" ? { items: marks } : result.items.length ? { questions: marks } : { read: true },
    });
    await recordActivity(
      tx,
      actor.userId,
      row.type === "LESSON" ? { kind: "lesson", contentId: row.id, at: c.completedAt } : { kind: "exercise", contentId: row.id, score: result.score, at: c.completedAt },
      opts.progress ?? { appUrl: process.env.APP_URL ?? "http://localhost" },
    );
    return c;
  });
  return { ...result, completionId: done.id };
}
