// Scoring exactly as the content-types contract says, and the trainee-safe question form.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Question } from "../../shared/schemas/content.ts";
import { isCorrect, normaliseTextAnswer, scoreQuestions, traineeQuestion } from "../../server/services/content/scoring.ts";

const qs: Question[] = [
  { id: "s", kind: "single", prompt: "p", options: ["a", "b", "c"], answer: 2, explanation: "why" },
  { id: "m", kind: "multiple", prompt: "p", options: ["a", "b", "c"], answers: [0, 2], points: 3 },
  { id: "tf", kind: "true_false", prompt: "p", answer: false },
  { id: "t", kind: "text", prompt: "p", acceptedAnswers: ["New  York", "NYC"] },
  { id: "tc", kind: "text", prompt: "p", acceptedAnswers: ["iPhone"], caseSensitive: true },
  { id: "o", kind: "order", prompt: "p", items: ["one", "two", "three"] },
];
const byId = (id: string) => qs.find((q) => q.id === id)!;

describe("scoring", () => {
  it("scores each kind exactly", () => {
    expect(isCorrect(byId("s"), 2)).toBe(true);
    expect(isCorrect(byId("s"), 1)).toBe(false);
    expect(isCorrect(byId("s"), "2")).toBe(false);
    expect(isCorrect(byId("m"), [2, 0])).toBe(true);
    expect(isCorrect(byId("m"), [0])).toBe(false);
    expect(isCorrect(byId("m"), [0, 2, 1])).toBe(false);
    expect(isCorrect(byId("m"), [0, 0, 2])).toBe(false);
    expect(isCorrect(byId("tf"), false)).toBe(true);
    expect(isCorrect(byId("tf"), null)).toBe(false);
    expect(isCorrect(byId("t"), "  new york. ")).toBe(true);
    expect(isCorrect(byId("t"), "nyc!")).toBe(true);
    expect(isCorrect(byId("t"), "new yorks")).toBe(false);
    expect(isCorrect(byId("t"), "")).toBe(false);
    expect(isCorrect(byId("tc"), "iPhone")).toBe(true);
    expect(isCorrect(byId("tc"), "iphone")).toBe(false);
    expect(isCorrect(byId("o"), ["one", "two", "three"])).toBe(true);
    expect(isCorrect(byId("o"), ["two", "one", "three"])).toBe(false);
  });

  it("score = points earned / points possible × 100, unanswered counts as wrong", () => {
    const r = scoreQuestions(qs, { s: 2, m: [0, 2], tf: true });
    // possible: 1 + 3 + 1 + 1 + 1 + 1 = 8; earned: 1 + 3 = 4
    expect(r).toMatchObject({ score: 50, earned: 4, possible: 8, correctAnswers: 2, totalQuestions: 6 });
    expect(scoreQuestions(qs, {}).score).toBe(0);
    // An inherited key is not an answer.
    expect(scoreQuestions([{ id: "toString", kind: "true_false", prompt: "p", answer: true }], {}).correctAnswers).toBe(0);
  });

  it("normalises text answers as the contract says", () => {
    expect(normaliseTextAnswer("  Hello,   World?! ")).toBe("hello, world");
    expect(normaliseTextAnswer("Hi.", true)).toBe("Hi");
  });

  it("never shows a trainee the answer, accepted answers or explanation", () => {
    for (const q of qs) {
      const safe = JSON.stringify(traineeQuestion(q, 1));
      expect(safe).not.toMatch(/"answers?"|acceptedAnswers|explanation|caseSensitive/);
    }
  });

  it("shuffles order items reproducibly and never hands them out in the correct order", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 5 }), { minLength: 2, maxLength: 10 }), fc.integer(), (items, seed) => {
        const q: Question = { id: "o", kind: "order", prompt: "p", items };
        const a = traineeQuestion(q, seed);
        expect(a).toEqual(traineeQuestion(q, seed));
        if (a.kind !== "order") throw new Error("kind changed");
        expect([...a.items].sort()).toEqual([...items].sort());
        expect(a.items).not.toEqual(items);
      }),
      { seed: 3, numRuns: 500 },
    );
  });
});
