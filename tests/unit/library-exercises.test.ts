// The starter exercises are scored by their own checks plus the grammar and clarity checks:
// the model answer each rewrite item's explanation quotes (and a fill item's first accepted
// answer) must pass them all, or a trainee who writes exactly what we teach is marked wrong.
import { beforeAll, describe, expect, it } from "vitest";
import { warmUp } from "../../server/services/evaluation/index.ts";
import { scoreExerciseItem } from "../../server/services/content/exercise.ts";
import { DEFAULT_REWRITE_CHECKS } from "../../server/services/content/exercise.ts";
import { readLibrary } from "../../server/services/content/library.ts";
import type { ExerciseData } from "../../shared/schemas/content.ts";

const exercises = readLibrary().filter((f) => f.item.type === "EXERCISE");

/** The longest quoted passage of an explanation: the model answer it teaches. */
function modelAnswer(explanation: string | undefined): string | null {
  const quotes = [...(explanation ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
  return quotes.sort((a, b) => b.length - a.length)[0] ?? null;
}

describe("starter exercises", () => {
  // harper's one-time setup (seconds; much longer on a loaded machine) is not the items' time.
  beforeAll(() => warmUp(), 240_000);

  it("has exercises with rewrite items to check", () => {
    expect(exercises.length).toBeGreaterThan(0);
    expect(exercises.flatMap((f) => (f.item.data as ExerciseData).items).filter((i) => i.kind === "rewrite").length).toBeGreaterThan(3);
  });

  for (const f of exercises) {
    it(`${f.key}: every item's model answer passes every check`, { timeout: 60_000 }, async () => {
      const failures: string[] = [];
      for (const item of (f.item.data as ExerciseData).items) {
        const answer = item.kind === "fill" ? item.acceptedAnswers?.[0] : modelAnswer(item.explanation);
        if (!answer) {
          failures.push(`${item.id}: no model answer in its explanation`);
          continue;
        }
        const r = await scoreExerciseItem(item, answer, DEFAULT_REWRITE_CHECKS);
        if (!r.correct) failures.push(`${item.id}: "${answer}" fails ${r.feedback.filter((x) => !x.passed).map((x) => `${x.check} (${x.message})`).join("; ")}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
