// What a trainee may see of a content item before doing it: never an answer, an accepted
// answer, an explanation, a rewrite item's checks, or a scenario's evidence phrases and
// script (those would let a trainee game the coach and the evaluation).
import type { ContentData, ContentType, TraineeData } from "../../../shared/schemas/content.ts";
import { traineeQuestion } from "./scoring.ts";


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
