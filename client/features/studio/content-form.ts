// The editor's form model. The form holds every field of a content item as an editable value
// ("" for an empty optional text or number, [] for an empty list); `toContentInput` turns it
// into the API's ContentInput (empty optional fields left out), and the same zod schema the
// server uses checks it, so the form paths ("data.steps.2.say") are the paths of the zod
// issues and of the server's fieldErrors.
import type { FormErrors } from "@mantine/form";
import {
  ContentInput,
  SKILLS,
  type AssessmentType,
  type Category,
  type ContentType,
  type Difficulty,
  type QuestionKind,
  type Skill,
} from "../../../shared/schemas/content.ts";

type Num = number | "";

export type QuestionForm = {
  id: string;
  kind: QuestionKind;
  prompt: string;
  explanation: string;
  points: Num;
  /** single / multiple */
  options: string[];
  /** single: the correct option's index; true_false: true or false. */
  answer: number | boolean | null;
  /** multiple: the correct options' indexes. */
  answers: number[];
  /** text */
  acceptedAnswers: string[];
  caseSensitive: boolean;
  /** order: in the correct order */
  items: string[];
};

export type GoalForm = { id: string; description: string; phrases: string[] };
export type StepForm = { id: string; say: string; expects: string[]; followUp: string };

export type ScenarioForm = {
  persona: { name: string; role: string; company: string; tone: "" | "friendly" | "neutral" | "demanding" };
  brief: string;
  goals: GoalForm[];
  opening: string;
  steps: StepForm[];
  closing: string;
  rubric: Record<Skill, Num>;
  llmInstructions: string;
  timeLimitMinutes: Num;
  voice: { lang: string; rate: Num };
  targetWpm: [Num, Num];
};

export type SectionForm = { title: string; passage: string; listeningScript: string; questions: QuestionForm[] };

export type AssessmentForm = {
  assessmentType: AssessmentType;
  timeLimitSeconds: Num;
  passingScore: Num;
  maxAttempts: Num;
  shuffleQuestions: boolean;
  sections: SectionForm[];
};

export type LessonForm = { body: string; estimatedMinutes: Num; objectives: string[]; quiz: QuestionForm[] };

export type ExerciseItemForm = {
  id: string;
  kind: "fill" | "rewrite";
  prompt: string;
  acceptedAnswers: string[];
  mustInclude: string[];
  avoid: string[];
  maxWords: Num;
  hint: string;
  explanation: string;
};
export type ExerciseForm = { instructions: string; items: ExerciseItemForm[] };

export type DataForm = ScenarioForm | AssessmentForm | LessonForm | ExerciseForm;

export type EditorValues = {
  type: ContentType;
  title: string;
  description: string;
  category: Category;
  difficulty: Difficulty;
  data: DataForm;
};

// ---------------------------------------------------------------------------------------
// Ids

/** A slug usable as an id ([a-z0-9-]{1,40}), or "" when the text has no letters or digits. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
}

/** `prefix-N` with the smallest N from `taken.length + 1` up that no id uses yet. */
export function nextId(prefix: string, taken: readonly string[]): string {
  const used = new Set(taken);
  for (let n = taken.length + 1; ; n++) if (!used.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

/** `base` (or base-2, base-3…) so it is unique among `taken`. */
export function uniqueId(base: string, taken: readonly string[]): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base.slice(0, 36)}-${n}`;
    if (!used.has(id)) return id;
  }
}

// ---------------------------------------------------------------------------------------
// Blank items

export const blankQuestion = (id: string, kind: QuestionKind = "single"): QuestionForm => ({
  id,
  kind,
  prompt: "",
  explanation: "",
  points: "",
  options: kind === "single" || kind === "multiple" ? ["", ""] : [],
  answer: kind === "true_false" ? true : kind === "single" ? 0 : null,
  answers: [],
  acceptedAnswers: [],
  caseSensitive: false,
  items: kind === "order" ? ["", ""] : [],
});

export const blankGoal = (id: string): GoalForm => ({ id, description: "", phrases: [] });
export const blankStep = (id: string): StepForm => ({ id, say: "", expects: [], followUp: "" });
export const blankSection = (questionId: string): SectionForm => ({ title: "", passage: "", listeningScript: "", questions: [blankQuestion(questionId)] });
export const blankExerciseItem = (id: string): ExerciseItemForm => ({
  id,
  kind: "fill",
  prompt: "",
  acceptedAnswers: [],
  mustInclude: [],
  avoid: [],
  maxWords: "",
  hint: "",
  explanation: "",
});

const emptyRubric = () => Object.fromEntries(SKILLS.map((s) => [s, ""])) as Record<Skill, Num>;

export function blankData(type: ContentType): DataForm {
  switch (type) {
    case "CHAT_SCENARIO":
    case "CALL_SCENARIO":
      return {
        persona: { name: "", role: "", company: "", tone: "" },
        brief: "",
        goals: [blankGoal("goal-1")],
        opening: "",
        steps: [blankStep("step-1")],
        closing: "",
        rubric: emptyRubric(),
        llmInstructions: "",
        timeLimitMinutes: "",
        voice: { lang: "", rate: "" },
        targetWpm: ["", ""],
      } satisfies ScenarioForm;
    case "ASSESSMENT":
      return { assessmentType: "grammar", timeLimitSeconds: "", passingScore: 70, maxAttempts: "", shuffleQuestions: false, sections: [blankSection("q-1")] } satisfies AssessmentForm;
    case "LESSON":
      return { body: "", estimatedMinutes: 10, objectives: [], quiz: [] } satisfies LessonForm;
    case "EXERCISE":
      return { instructions: "", items: [blankExerciseItem("item-1")] } satisfies ExerciseForm;
  }
}

export function blankValues(type: ContentType): EditorValues {
  return { type, title: "", description: "", category: "general", difficulty: "beginner", data: blankData(type) };
}

// ---------------------------------------------------------------------------------------
// Stored item → form

type Raw = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : "");
const num = (v: unknown): Num => (typeof v === "number" && Number.isFinite(v) ? v : "");
const strs = (v: unknown) => (Array.isArray(v) ? v.map(str) : []);
const obj = (v: unknown): Raw => (v && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {});
const arr = (v: unknown): Raw[] => (Array.isArray(v) ? v.map(obj) : []);

function questionForm(q: Raw): QuestionForm {
  const kind = (["single", "multiple", "true_false", "text", "order"] as const).find((k) => k === q.kind) ?? "single";
  return {
    id: str(q.id),
    kind,
    prompt: str(q.prompt),
    explanation: str(q.explanation),
    points: num(q.points),
    options: strs(q.options),
    answer: typeof q.answer === "number" || typeof q.answer === "boolean" ? q.answer : null,
    answers: Array.isArray(q.answers) ? q.answers.filter((a): a is number => typeof a === "number") : [],
    acceptedAnswers: strs(q.acceptedAnswers),
    caseSensitive: q.caseSensitive === true,
    items: strs(q.items),
  };
}

export function dataForm(type: ContentType, raw: unknown): DataForm {
  const d = obj(raw);
  switch (type) {
    case "CHAT_SCENARIO":
    case "CALL_SCENARIO": {
      const p = obj(d.persona);
      const rubric = obj(d.rubric);
      const voice = obj(d.voice);
      const wpm = Array.isArray(d.targetWpm) ? d.targetWpm : [];
      const tone = (["friendly", "neutral", "demanding"] as const).find((t) => t === p.tone) ?? "";
      return {
        persona: { name: str(p.name), role: str(p.role), company: str(p.company), tone },
        brief: str(d.brief),
        goals: arr(d.goals).map((g) => ({ id: str(g.id), description: str(g.description), phrases: strs(g.phrases) })),
        opening: str(d.opening),
        steps: arr(d.steps).map((s) => ({ id: str(s.id), say: str(s.say), expects: strs(s.expects), followUp: str(s.followUp) })),
        closing: str(d.closing),
        rubric: Object.fromEntries(SKILLS.map((s) => [s, num(rubric[s])])) as Record<Skill, Num>,
        llmInstructions: str(d.llmInstructions),
        timeLimitMinutes: num(d.timeLimitMinutes),
        voice: { lang: str(voice.lang), rate: num(voice.rate) },
        targetWpm: [num(wpm[0]), num(wpm[1])],
      } satisfies ScenarioForm;
    }
    case "ASSESSMENT":
      return {
        assessmentType: (["grammar", "vocabulary", "reading", "listening", "writing"] as const).find((t) => t === d.assessmentType) ?? "grammar",
        timeLimitSeconds: num(d.timeLimitSeconds),
        passingScore: num(d.passingScore),
        maxAttempts: num(d.maxAttempts),
        shuffleQuestions: d.shuffleQuestions === true,
        sections: arr(d.sections).map((s) => ({ title: str(s.title), passage: str(s.passage), listeningScript: str(s.listeningScript), questions: arr(s.questions).map(questionForm) })),
      } satisfies AssessmentForm;
    case "LESSON":
      return { body: str(d.body), estimatedMinutes: num(d.estimatedMinutes), objectives: strs(d.objectives), quiz: arr(d.quiz).map(questionForm) } satisfies LessonForm;
    case "EXERCISE":
      return {
        instructions: str(d.instructions),
        items: arr(d.items).map((i) => ({
          id: str(i.id),
          kind: i.kind === "rewrite" ? "rewrite" : "fill",
          prompt: str(i.prompt),
          acceptedAnswers: strs(i.acceptedAnswers),
          mustInclude: strs(i.mustInclude),
          avoid: strs(i.avoid),
          maxWords: num(i.maxWords),
          hint: str(i.hint),
          explanation: str(i.explanation),
        })),
      } satisfies ExerciseForm;
  }
}

/** The form's values for a stored item (content.get) or an imported one. */
export function editorValues(item: { type: ContentType; title: string; description?: string | null | undefined; category: string; difficulty: string; data: unknown }): EditorValues {
  const blank = blankValues(item.type);
  return {
    type: item.type,
    title: item.title,
    description: item.description ?? "",
    category: (item.category as Category) || blank.category,
    difficulty: (item.difficulty as Difficulty) || blank.difficulty,
    data: dataForm(item.type, item.data),
  };
}

// ---------------------------------------------------------------------------------------
// Form → API input

/** Leaves out empty text and number fields of objects (arrays keep their places, so paths hold). */
function withoutEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutEmpty);
  if (v && typeof v === "object") {
    const out: Raw = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === "" || x === undefined || x === null) continue;
      out[k] = withoutEmpty(x);
    }
    return out;
  }
  return v;
}

function questionInput(q: QuestionForm): Raw {
  const base = { id: q.id, kind: q.kind, prompt: q.prompt, explanation: q.explanation, points: q.points };
  switch (q.kind) {
    case "single":
      return { ...base, options: q.options, answer: typeof q.answer === "number" ? q.answer : undefined };
    case "multiple":
      return { ...base, options: q.options, answers: q.answers };
    case "true_false":
      return { ...base, answer: typeof q.answer === "boolean" ? q.answer : undefined };
    case "text":
      return { ...base, acceptedAnswers: q.acceptedAnswers, caseSensitive: q.caseSensitive || undefined };
    case "order":
      return { ...base, items: q.items };
  }
}

function dataInput(type: ContentType, data: DataForm): unknown {
  switch (type) {
    case "CHAT_SCENARIO":
    case "CALL_SCENARIO": {
      const d = data as ScenarioForm;
      const rubric = Object.fromEntries(Object.entries(d.rubric).filter(([, w]) => w !== ""));
      const base = {
        persona: d.persona,
        brief: d.brief,
        goals: d.goals,
        opening: d.opening,
        steps: d.steps,
        closing: d.closing,
        rubric: Object.keys(rubric).length ? rubric : undefined,
        llmInstructions: d.llmInstructions,
        timeLimitMinutes: d.timeLimitMinutes,
      };
      if (type === "CHAT_SCENARIO") return withoutEmpty(base);
      const voice = withoutEmpty(d.voice) as Raw;
      const [lo, hi] = d.targetWpm;
      return withoutEmpty({ ...base, voice: Object.keys(voice).length ? voice : undefined, targetWpm: lo === "" && hi === "" ? undefined : [lo === "" ? undefined : lo, hi === "" ? undefined : hi] });
    }
    case "ASSESSMENT": {
      const d = data as AssessmentForm;
      return {
        ...(withoutEmpty({ assessmentType: d.assessmentType, passingScore: d.passingScore, shuffleQuestions: d.shuffleQuestions }) as Raw),
        timeLimitSeconds: d.timeLimitSeconds === "" ? null : d.timeLimitSeconds,
        maxAttempts: d.maxAttempts === "" ? null : d.maxAttempts,
        sections: d.sections.map((s) => withoutEmpty({ title: s.title, passage: s.passage, listeningScript: s.listeningScript, questions: s.questions.map(questionInput) })),
      };
    }
    case "LESSON": {
      const d = data as LessonForm;
      return withoutEmpty({ body: d.body, estimatedMinutes: d.estimatedMinutes, objectives: d.objectives, quiz: d.quiz.length ? d.quiz.map(questionInput) : undefined });
    }
    case "EXERCISE": {
      const d = data as ExerciseForm;
      return withoutEmpty({
        instructions: d.instructions,
        items: d.items.map((i) =>
          i.kind === "fill"
            ? { id: i.id, kind: i.kind, prompt: i.prompt, acceptedAnswers: i.acceptedAnswers, hint: i.hint, explanation: i.explanation }
            : { id: i.id, kind: i.kind, prompt: i.prompt, mustInclude: i.mustInclude.length ? i.mustInclude : undefined, avoid: i.avoid.length ? i.avoid : undefined, maxWords: i.maxWords, hint: i.hint, explanation: i.explanation },
        ),
      });
    }
  }
}

/** What the API receives (not yet checked): `{type, title, description, category, difficulty, data}`. */
export function toContentInput(v: EditorValues): { type: ContentType; title: string; description?: string; category: Category; difficulty: Difficulty; data: unknown } {
  return { type: v.type, title: v.title, ...(v.description.trim() ? { description: v.description } : {}), category: v.category, difficulty: v.difficulty, data: dataInput(v.type, v.data) };
}

/** zod's message for a missing number says "expected number"; people read "Enter a number". */
const friendly = (message: string) => (/^Invalid input: expected number/.test(message) ? "Enter a number" : message);

export type Problem = { path: string; message: string };

/** Every problem of an input, by dotted path ("data.steps.2.say"), as ContentInput reports it. */
export function problemsOf(input: unknown): Problem[] {
  const r = ContentInput.safeParse(input);
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: friendly(i.message) }));
}

/** The form's validate function: the first problem per path. */
export function validateEditor(values: EditorValues): FormErrors {
  const errors: FormErrors = {};
  for (const p of problemsOf(toContentInput(values))) if (!(p.path in errors)) errors[p.path] = p.message;
  return errors;
}

/** The first error at `path` or below it (an error on "data.goals.0.phrases.2" belongs to the phrases field). */
export function errorUnder(errors: FormErrors, path: string): string | undefined {
  const own = errors[path];
  if (own) return String(own);
  const key = Object.keys(errors).find((k) => k.startsWith(`${path}.`) && errors[k]);
  return key ? String(errors[key]) : undefined;
}

/** The editor's form (Mantine). */
export type EditorForm = import("@mantine/form").UseFormReturnType<EditorValues>;

/** Reads the value at a dotted path of the form's values. */
export function valueAt<T>(form: EditorForm, path: string): T {
  let v: unknown = form.getValues();
  for (const part of path.split(".")) v = (v as Record<string, unknown>)?.[part];
  return v as T;
}
