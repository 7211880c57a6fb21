// The shape of Content.data for each content type — the contract in the product's
// content-types document, as zod schemas. The editor, the API, the coach and the trainee pages
// all read it from here. `ContentInput` is a discriminated union on `type`, so a bad `data`
// reports its dotted path (`data.steps.2.say`) in the API's fieldErrors.
import { z } from "zod";
import { CONTENT_TYPES, type ContentType } from "../content-types.ts";

export { CONTENT_TYPES, type ContentType };

export const CATEGORIES = ["interview", "customer-service", "workplace", "networking", "negotiation", "presentation", "writing", "general"] as const;
export type Category = (typeof CATEGORIES)[number];

export const DIFFICULTIES = ["beginner", "intermediate", "advanced"] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** Skills an evaluation scores; calls add `pace`. */
export const SKILLS = ["fluency", "grammar", "vocabulary", "clarity", "professionalism", "taskCompletion", "pace"] as const;
export type Skill = (typeof SKILLS)[number];

export const ASSESSMENT_TYPES = ["grammar", "vocabulary", "reading", "listening", "writing"] as const;
export type AssessmentType = (typeof ASSESSMENT_TYPES)[number];

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} has at most ${max} characters`);

const Id = z
  .string({ error: "An id is required" })
  .regex(/^[a-z0-9-]{1,40}$/, "Use 1–40 lowercase letters, digits or dashes");

/** Adds an issue at `path` (relative to the object being refined) for each repeated id. */
function uniqueIds(ctx: z.core.$RefinementCtx, items: readonly { id: string }[], path: PropertyKey[], what: string) {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) ctx.addIssue({ code: "custom", path: [...path, i, "id"], message: `Another ${what} already uses the id “${item.id}”` });
    seen.add(item.id);
  });
}

// ---------------------------------------------------------------------------------------
// Questions (assessments and lesson quizzes)

const QuestionBase = {
  id: Id,
  prompt: text("The question", 2000),
  explanation: text("The explanation", 2000).optional(),
  points: z.number().int("Points are whole numbers").min(1, "At least 1 point").max(100, "At most 100 points").optional(),
};

const Options = z.array(text("An option", 500)).min(2, "Give at least 2 options").max(8, "At most 8 options");
const OptionIndex = z.number().int("Pick an option").min(0, "Pick an option");

export const QuestionSchema = z
  .discriminatedUnion(
    "kind",
    [
      z.object({ ...QuestionBase, kind: z.literal("single"), options: Options, answer: OptionIndex }),
      z.object({ ...QuestionBase, kind: z.literal("multiple"), options: Options, answers: z.array(OptionIndex).min(1, "Mark at least one correct option") }),
      z.object({ ...QuestionBase, kind: z.literal("true_false"), answer: z.boolean({ error: "Choose true or false" }) }),
      z.object({
        ...QuestionBase,
        kind: z.literal("text"),
        acceptedAnswers: z.array(text("An accepted answer", 500)).min(1, "Give at least 1 accepted answer").max(20, "At most 20 accepted answers"),
        caseSensitive: z.boolean().optional(),
      }),
      z.object({ ...QuestionBase, kind: z.literal("order"), items: z.array(text("An item", 500)).min(2, "Give at least 2 items").max(10, "At most 10 items") }),
    ],
    { error: "Choose a question kind: single, multiple, true_false, text or order" },
  )
  .superRefine((q, ctx) => {
    if (q.kind === "single" && q.answer >= q.options.length) {
      ctx.addIssue({ code: "custom", path: ["answer"], message: "The answer must be one of the options" });
    }
    if (q.kind === "multiple") {
      q.answers.forEach((a, i) => {
        if (a >= q.options.length) ctx.addIssue({ code: "custom", path: ["answers", i], message: "Each answer must be one of the options" });
      });
      if (new Set(q.answers).size !== q.answers.length) ctx.addIssue({ code: "custom", path: ["answers"], message: "An option is marked twice" });
    }
  });
export type Question = z.infer<typeof QuestionSchema>;
export type QuestionKind = Question["kind"];

const Questions = (min: number, max: number) =>
  z
    .array(QuestionSchema)
    .min(min, `Add at least ${min} question${min === 1 ? "" : "s"}`)
    .max(max, `At most ${max} questions`);

// ---------------------------------------------------------------------------------------
// Scenarios

const Rubric = z
  .partialRecord(z.enum(SKILLS), z.number().min(0, "Weights are 0 or more").max(100, "Weights are at most 100"))
  .refine((r) => Object.values(r).some((w) => (w ?? 0) > 0) || Object.keys(r).length === 0, "Give at least one skill a weight above 0");

const scenarioShape = {
  persona: z.object({
    name: text("The persona's name", 80),
    role: text("The persona's role", 120),
    company: text("The company", 120).optional(),
    tone: z.enum(["friendly", "neutral", "demanding"], { error: "Tone is friendly, neutral or demanding" }).optional(),
  }),
  brief: text("The brief", 4000),
  goals: z
    .array(
      z.object({
        id: Id,
        description: text("The goal's description", 300),
        phrases: z.array(text("A phrase", 200)).min(1, "Give at least 1 phrase").max(30, "At most 30 phrases"),
      }),
    )
    .min(1, "Add at least 1 goal")
    .max(8, "At most 8 goals"),
  opening: text("The opening line", 2000),
  steps: z
    .array(
      z.object({
        id: Id,
        say: text("What the coach says", 2000),
        expects: z.array(Id).max(8, "At most 8 goals per step").optional(),
        followUp: text("The follow-up", 2000).optional(),
      }),
    )
    .min(1, "Add at least 1 step")
    .max(20, "At most 20 steps"),
  closing: text("The closing line", 2000),
  rubric: Rubric.optional(),
  llmInstructions: text("The LLM instructions", 4000).optional(),
  timeLimitMinutes: z.number().int("Whole minutes").min(1, "At least 1 minute").max(120, "At most 120 minutes").optional(),
};

type ScenarioLike = { goals: { id: string }[]; steps: { id: string; expects?: string[] | undefined }[] };

function refineScenario(s: ScenarioLike, ctx: z.core.$RefinementCtx) {
  uniqueIds(ctx, s.goals, ["goals"], "goal");
  uniqueIds(ctx, s.steps, ["steps"], "step");
  const goalIds = new Set(s.goals.map((g) => g.id));
  s.steps.forEach((step, i) =>
    step.expects?.forEach((g, j) => {
      if (!goalIds.has(g)) ctx.addIssue({ code: "custom", path: ["steps", i, "expects", j], message: `There is no goal “${g}”` });
    }),
  );
}

export const ChatScenarioData = z.object(scenarioShape).superRefine(refineScenario);
export type ChatScenarioData = z.infer<typeof ChatScenarioData>;

export const CallScenarioData = z
  .object({
    ...scenarioShape,
    voice: z
      .object({
        lang: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "A language tag such as en-US").optional(),
        rate: z.number().min(0.5, "Rate is 0.5–2").max(2, "Rate is 0.5–2").optional(),
      })
      .optional(),
    targetWpm: z
      .tuple([z.number().int().min(40).max(300), z.number().int().min(40).max(300)])
      .refine(([lo, hi]) => lo <= hi, "The lower bound comes first")
      .optional(),
  })
  .superRefine(refineScenario);
export type CallScenarioData = z.infer<typeof CallScenarioData>;

// ---------------------------------------------------------------------------------------
// Assessments, lessons, exercises

export const AssessmentData = z
  .object({
    assessmentType: z.enum(ASSESSMENT_TYPES, { error: "Choose grammar, vocabulary, reading, listening or writing" }),
    timeLimitSeconds: z.number().int("Whole seconds").min(30, "At least 30 seconds").max(4 * 3600, "At most 4 hours").nullable(),
    passingScore: z.number().min(0, "0–100").max(100, "0–100"),
    maxAttempts: z.number().int().min(1, "At least 1 attempt").max(100, "At most 100 attempts").nullable(),
    shuffleQuestions: z.boolean(),
    sections: z
      .array(
        z.object({
          title: text("The section title", 200).optional(),
          passage: text("The passage", 20_000).optional(),
          listeningScript: text("The listening script", 20_000).optional(),
          questions: Questions(1, 100),
        }),
      )
      .min(1, "Add at least 1 section")
      .max(20, "At most 20 sections"),
  })
  .superRefine((a, ctx) => {
    const seen = new Set<string>();
    a.sections.forEach((s, i) =>
      s.questions.forEach((q, j) => {
        if (seen.has(q.id)) ctx.addIssue({ code: "custom", path: ["sections", i, "questions", j, "id"], message: `Another question already uses the id “${q.id}”` });
        seen.add(q.id);
      }),
    );
  });
export type AssessmentData = z.infer<typeof AssessmentData>;

export const LessonData = z
  .object({
    body: text("The lesson", 50_000),
    estimatedMinutes: z.number().int("Whole minutes").min(1, "1–240 minutes").max(240, "1–240 minutes"),
    objectives: z.array(text("An objective", 300)).max(10, "At most 10 objectives"),
    quiz: Questions(1, 50).optional(),
  })
  .superRefine((l, ctx) => {
    if (l.quiz) uniqueIds(ctx, l.quiz, ["quiz"], "question");
  });
export type LessonData = z.infer<typeof LessonData>;

export const ExerciseData = z
  .object({
    instructions: text("The instructions", 4000),
    items: z
      .array(
        z.object({
          id: Id,
          kind: z.enum(["fill", "rewrite"], { error: "An item is fill or rewrite" }),
          prompt: text("The prompt", 2000),
          acceptedAnswers: z.array(text("An accepted answer", 500)).max(20, "At most 20 accepted answers").optional(),
          mustInclude: z.array(text("A phrase", 200)).max(20, "At most 20 phrases").optional(),
          avoid: z.array(text("A phrase", 200)).max(20, "At most 20 phrases").optional(),
          maxWords: z.number().int().min(1, "At least 1 word").max(1000, "At most 1000 words").optional(),
          hint: text("The hint", 1000).optional(),
          explanation: text("The explanation", 2000).optional(),
        }),
      )
      .min(1, "Add at least 1 item")
      .max(50, "At most 50 items"),
  })
  .superRefine((e, ctx) => {
    uniqueIds(ctx, e.items, ["items"], "item");
    e.items.forEach((item, i) => {
      if (item.kind === "fill" && !item.acceptedAnswers?.length) {
        ctx.addIssue({ code: "custom", path: ["items", i, "acceptedAnswers"], message: "A fill item needs at least 1 accepted answer" });
      }
    });
  });
export type ExerciseData = z.infer<typeof ExerciseData>;

/** The schema of `data` for each content type (the server checks an update's data with it). */
export const DATA_SCHEMAS = {
  CHAT_SCENARIO: ChatScenarioData,
  CALL_SCENARIO: CallScenarioData,
  ASSESSMENT: AssessmentData,
  LESSON: LessonData,
  EXERCISE: ExerciseData,
} as const satisfies Record<ContentType, z.ZodType>;

export type ContentData = {
  CHAT_SCENARIO: ChatScenarioData;
  CALL_SCENARIO: CallScenarioData;
  ASSESSMENT: AssessmentData;
  LESSON: LessonData;
  EXERCISE: ExerciseData;
};

// ---------------------------------------------------------------------------------------
// The columns every content row has, and the create input

export const ContentTitle = text("The title", 200);
export const ContentDescription = z.string().trim().max(2000, "The description has at most 2000 characters");
export const ContentCategory = z.enum(CATEGORIES, { error: `Choose a category: ${CATEGORIES.join(", ")}` });
export const ContentDifficulty = z.enum(DIFFICULTIES, { error: "Choose beginner, intermediate or advanced" });

const common = {
  title: ContentTitle,
  description: ContentDescription.optional(),
  category: ContentCategory,
  difficulty: ContentDifficulty,
};

/** One content item as the API accepts it: `data` is checked against the schema of `type`. */
export const ContentInput = z.discriminatedUnion(
  "type",
  [
    z.object({ ...common, type: z.literal("CHAT_SCENARIO"), data: ChatScenarioData }),
    z.object({ ...common, type: z.literal("CALL_SCENARIO"), data: CallScenarioData }),
    z.object({ ...common, type: z.literal("ASSESSMENT"), data: AssessmentData }),
    z.object({ ...common, type: z.literal("LESSON"), data: LessonData }),
    z.object({ ...common, type: z.literal("EXERCISE"), data: ExerciseData }),
  ],
  { error: `Choose a content type: ${CONTENT_TYPES.join(", ")}` },
);
export type ContentInput = z.infer<typeof ContentInput>;

// ---------------------------------------------------------------------------------------
// Procedure inputs

const Cuid = z.string().trim().min(1, "An id is required").max(64, "Not a valid id");
const Cursor = z.string().max(500, "Not a valid cursor").optional();
const Search = z.string().trim().max(200, "Search has at most 200 characters").optional();

export const ContentIdInput = z.object({ id: Cuid });

/** An update: `data` is checked on the server against the stored item's type. */
export const ContentUpdateInput = z.object({
  id: Cuid,
  title: ContentTitle.optional(),
  description: ContentDescription.optional(),
  category: ContentCategory.optional(),
  difficulty: ContentDifficulty.optional(),
  data: z.unknown().optional(),
});
export type ContentUpdateInput = z.infer<typeof ContentUpdateInput>;

export const ContentMineInput = z.object({
  type: z.enum(CONTENT_TYPES).optional(),
  status: z.enum(["draft", "published"]).optional(),
  q: Search,
  cursor: Cursor,
});
export type ContentMineInput = z.infer<typeof ContentMineInput>;

export const CatalogListInput = z.object({
  type: z.enum(CONTENT_TYPES).optional(),
  category: ContentCategory.optional(),
  difficulty: ContentDifficulty.optional(),
  q: Search,
  cursor: Cursor,
});
export type CatalogListInput = z.infer<typeof CatalogListInput>;

export const ContentRateInput = z.object({
  id: Cuid,
  stars: z.number().int("Whole stars").min(1, "1 to 5 stars").max(5, "1 to 5 stars"),
  comment: z.string().trim().max(2000, "A comment has at most 2000 characters").optional(),
});
export type ContentRateInput = z.infer<typeof ContentRateInput>;

// ---------------------------------------------------------------------------------------
// What a trainee receives (the server's trainee-safe form: no answers, accepted answers,
// explanations, rewrite checks, evidence phrases or script)

/** A question as a trainee may see it before submitting. */
export type TraineeQuestion =
  | { id: string; kind: "single" | "multiple"; prompt: string; points: number; options: string[] }
  | { id: string; kind: "true_false" | "text"; prompt: string; points: number }
  | { id: string; kind: "order"; prompt: string; points: number; items: string[] };

export type TraineeScenario = {
  persona: ChatScenarioData["persona"];
  brief: string;
  goals: { id: string; description: string }[];
  timeLimitMinutes: number | null;
  voice?: CallScenarioData["voice"];
  targetWpm?: [number, number];
};
export type TraineeAssessment = {
  assessmentType: AssessmentType;
  timeLimitSeconds: number | null;
  passingScore: number;
  maxAttempts: number | null;
  questionCount: number;
  sections: { title: string | null; passage: string | null; listeningScript: string | null; questions: TraineeQuestion[] }[];
};
export type TraineeLesson = { body: string; estimatedMinutes: number; objectives: string[]; quiz: TraineeQuestion[] | null };
export type TraineeExercise = {
  instructions: string;
  items: { id: string; kind: "fill" | "rewrite"; prompt: string; maxWords: number | null; hint: string | null }[];
};
export type TraineeData = TraineeScenario | TraineeAssessment | TraineeLesson | TraineeExercise;
