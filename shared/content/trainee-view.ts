// What a trainee may see of a content item before doing it: never an answer, an accepted
// answer, an explanation, a rewrite item's checks, or a scenario's evidence phrases and
// script (those would let a trainee game the coach and the evaluation). Pure functions, shared
// by the server (catalogue, publishing) and the SPA (the studio's "preview as a trainee"), so
// the preview shows exactly what the catalogue would.
import type { ContentData, ContentType, Question, TraineeData, TraineeQuestion } from "../schemas/content.ts";

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

/** A number from a string (the content id), so `order` shuffles are stable per item. */
export function seedOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function traineeSafeData(type: ContentType, raw: unknown, seed: number): TraineeData {
  switch (type) {
    case "CHAT_SCENARIO":
    case "CALL_SCENARIO": {
      const d = raw as ContentData["CALL_SCENARIO"];
      return {
        persona: d.persona,
        brief: d.brief,
        goals: d.goals.map((g) => ({ id: g.id, description: g.description })),
        timeLimitMinutes: d.timeLimitMinutes ?? null,
        ...(type === "CALL_SCENARIO" ? { voice: d.voice ?? { lang: "en-US", rate: 1 }, targetWpm: d.targetWpm ?? [120, 160] } : {}),
      };
    }
    case "ASSESSMENT": {
      const d = raw as ContentData["ASSESSMENT"];
      return {
        assessmentType: d.assessmentType,
        timeLimitSeconds: d.timeLimitSeconds,
        passingScore: d.passingScore,
        maxAttempts: d.maxAttempts,
        questionCount: d.sections.reduce((n, s) => n + s.questions.length, 0),
        sections: d.sections.map((s) => ({
          title: s.title ?? null,
          passage: s.passage ?? null,
          listeningScript: s.listeningScript ?? null,
          questions: s.questions.map((q) => traineeQuestion(q, seed)),
        })),
      };
    }
    case "LESSON": {
      const d = raw as ContentData["LESSON"];
      return { body: d.body, estimatedMinutes: d.estimatedMinutes, objectives: d.objectives, quiz: d.quiz ? d.quiz.map((q) => traineeQuestion(q, seed)) : null };
    }
    case "EXERCISE": {
      const d = raw as ContentData["EXERCISE"];
      return {
        instructions: d.instructions,
        items: d.items.map((i) => ({ id: i.id, kind: i.kind, prompt: i.prompt, maxWords: i.maxWords ?? null, hint: i.hint ?? null })),
      };
    }
  }
}

/** Minutes a trainee should plan for, shown in the catalogue. */
export function estimatedMinutes(type: ContentType, raw: unknown): number {
  switch (type) {
    case "CHAT_SCENARIO":
    case "CALL_SCENARIO": {
      const d = raw as ContentData["CHAT_SCENARIO"];
      return d.timeLimitMinutes ?? Math.max(5, Math.ceil(d.steps.length * 1.5));
    }
    case "ASSESSMENT": {
      const d = raw as ContentData["ASSESSMENT"];
      const n = d.sections.reduce((k, s) => k + s.questions.length, 0);
      return d.timeLimitSeconds !== null ? Math.ceil(d.timeLimitSeconds / 60) : Math.max(5, Math.ceil(n * 0.75));
    }
    case "LESSON":
      return (raw as ContentData["LESSON"]).estimatedMinutes;
    case "EXERCISE":
      return Math.max(5, Math.ceil((raw as ContentData["EXERCISE"]).items.length * 1.5));
  }
}
