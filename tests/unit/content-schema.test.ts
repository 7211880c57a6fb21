// The Content.data contract (shared/schemas/content.ts): each type accepts the documented
// shape and refuses a bad one with the dotted path of the offending field.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ContentInput, DATA_SCHEMAS, QuestionSchema, type ContentInput as ContentInputT } from "../../shared/schemas/content.ts";

const chat = {
  type: "CHAT_SCENARIO",
  title: "Tell me about yourself",
  category: "interview",
  difficulty: "beginner",
  data: {
    persona: { name: "Dana", role: "Hiring manager", company: "Northwind", tone: "friendly" },
    brief: "You are interviewing for a support role.",
    goals: [
      { id: "motivation", description: "Explain your motivation", phrases: ["I want to", "motivated"] },
      { id: "experience", description: "Give an example from experience", phrases: ["for example", "in my last job"] },
    ],
    opening: "Hi, thanks for coming in.",
    steps: [
      { id: "intro", say: "Tell me about yourself.", expects: ["experience"], followUp: "Could you give an example?" },
      { id: "why", say: "Why this role?", expects: ["motivation"] },
    ],
    closing: "Thanks, we will be in touch.",
    rubric: { clarity: 2, grammar: 1 },
  },
} as const;

const assessment = {
  type: "ASSESSMENT",
  title: "Grammar check",
  category: "general",
  difficulty: "intermediate",
  data: {
    assessmentType: "grammar",
    timeLimitSeconds: 600,
    passingScore: 70,
    maxAttempts: 3,
    shuffleQuestions: true,
    sections: [
      {
        title: "Verbs",
        questions: [
          { id: "q1", kind: "single", prompt: "She ___ here.", options: ["work", "works"], answer: 1, explanation: "Third person -s." },
          { id: "q2", kind: "multiple", prompt: "Pick the past forms", options: ["went", "go", "saw"], answers: [0, 2] },
          { id: "q3", kind: "true_false", prompt: "'Their' is a pronoun.", answer: false },
          { id: "q4", kind: "text", prompt: "Past of 'buy'?", acceptedAnswers: ["bought"], points: 2 },
          { id: "q5", kind: "order", prompt: "Order the words", items: ["I", "am", "here"] },
        ],
      },
    ],
  },
} as const;

const lesson = {
  type: "LESSON",
  title: "Small talk",
  category: "networking",
  difficulty: "beginner",
  data: { body: "# Small talk\n\nAsk open questions.", estimatedMinutes: 10, objectives: ["Open a conversation"], quiz: [{ id: "c1", kind: "true_false", prompt: "Open questions help.", answer: true }] },
} as const;

const exercise = {
  type: "EXERCISE",
  title: "Polite rewrites",
  category: "writing",
  difficulty: "advanced",
  data: {
    instructions: "Rewrite each sentence politely.",
    items: [
      { id: "i1", kind: "rewrite", prompt: "Send me the file.", mustInclude: ["could you"], avoid: ["now"], maxWords: 20 },
      { id: "i2", kind: "fill", prompt: "I look forward ___ hearing from you.", acceptedAnswers: ["to"] },
    ],
  },
} as const;

const call = { ...chat, type: "CALL_SCENARIO", title: "Phone screen", data: { ...chat.data, voice: { lang: "en-GB", rate: 1.1 }, targetWpm: [110, 150] } } as const;

/** The dotted paths of the issues of a failed parse, as the API's fieldErrors keys them. */
function paths(value: unknown): string[] {
  const r = ContentInput.safeParse(value);
  expect(r.success).toBe(false);
  return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
}

const clone = <T>(v: T): T => structuredClone(v) as T;

describe("Content.data contract", () => {
  it("accepts every type's documented shape and keeps it as written", () => {
    for (const item of [chat, call, assessment, lesson, exercise]) {
      const r = ContentInput.safeParse(item);
      expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
      expect(r.data).toEqual(item);
    }
  });

  it("refuses bad data with the dotted path of the field", () => {
    const noSay = clone(chat) as unknown as { data: { steps: { say?: string }[] } };
    delete noSay.data.steps[1]!.say;
    expect(paths(noSay)).toContain("data.steps.1.say");

    const unknownGoal = clone(chat) as unknown as { data: { steps: { expects: string[] }[] } };
    unknownGoal.data.steps[0]!.expects = ["experience", "salary"];
    expect(paths(unknownGoal)).toEqual(["data.steps.0.expects.1"]);

    const dupGoal = clone(chat) as unknown as { data: { goals: { id: string }[] } };
    dupGoal.data.goals[1]!.id = "motivation";
    expect(paths(dupGoal)).toContain("data.goals.1.id");

    const badId = clone(chat) as unknown as { data: { goals: { id: string }[] } };
    badId.data.goals[0]!.id = "Has Spaces";
    expect(paths(badId)).toContain("data.goals.0.id");

    const answerOutOfRange = clone(assessment) as unknown as { data: { sections: { questions: { answer?: number }[] }[] } };
    answerOutOfRange.data.sections[0]!.questions[0]!.answer = 2;
    expect(paths(answerOutOfRange)).toEqual(["data.sections.0.questions.0.answer"]);

    const dupQuestion = clone(assessment) as unknown as { data: { sections: { questions: { id: string }[] }[] } };
    dupQuestion.data.sections[0]!.questions[4]!.id = "q1";
    expect(paths(dupQuestion)).toEqual(["data.sections.0.questions.4.id"]);

    const longBody = clone(lesson) as unknown as { data: { body: string } };
    longBody.data.body = "x".repeat(50_001);
    expect(paths(longBody)).toEqual(["data.body"]);

    const fillWithoutAnswers = clone(exercise) as unknown as { data: { items: { acceptedAnswers?: string[] }[] } };
    delete fillWithoutAnswers.data.items[1]!.acceptedAnswers;
    expect(paths(fillWithoutAnswers)).toEqual(["data.items.1.acceptedAnswers"]);

    expect(paths({ ...chat, category: "sales" })).toEqual(["category"]);
    expect(paths({ ...chat, type: "PODCAST" })).toEqual(["type"]);
    // A lesson's data under a scenario's type is checked as a scenario.
    expect(paths({ ...chat, data: lesson.data })).toEqual(expect.arrayContaining(["data.persona", "data.goals", "data.steps"]));
  });

  it("checks an update's data with the schema of the stored type", () => {
    expect(DATA_SCHEMAS.LESSON.safeParse(lesson.data).success).toBe(true);
    expect(DATA_SCHEMAS.ASSESSMENT.safeParse(lesson.data).success).toBe(false);
  });

  it("accepts any well-formed single-choice question and refuses an answer outside the options", () => {
    const option = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0 && s.trim() === s);
    fc.assert(
      fc.property(fc.array(option, { minLength: 2, maxLength: 8 }), fc.nat(20), (options, answer) => {
        const q = { id: "q", kind: "single", prompt: "Pick one", options, answer };
        const r = QuestionSchema.safeParse(q);
        if (answer < options.length) expect(r.success).toBe(true);
        else expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["answer"]);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it("never accepts a scenario step that expects a goal the scenario does not have", () => {
    const goalId = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(fc.uniqueArray(goalId, { minLength: 1, maxLength: 8 }), goalId, (ids, expected) => {
        const item = clone(chat) as unknown as ContentInputT & { data: { goals: unknown[]; steps: unknown[] } };
        item.data.goals = ids.map((id) => ({ id, description: "A goal", phrases: ["a phrase"] }));
        item.data.steps = [{ id: "s", say: "Say it.", expects: [expected] }];
        const r = ContentInput.safeParse(item);
        expect(r.success).toBe(ids.includes(expected));
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
