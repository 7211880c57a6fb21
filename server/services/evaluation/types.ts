// The evaluation engine's interface: a finished session's transcript in, an Evaluation out.
// The same transcript always gives the same scores, whichever coach provider was used.
import type { CoachScenario } from "../coach/types.ts";

export type EvaluationSkill = "fluency" | "grammar" | "vocabulary" | "clarity" | "professionalism" | "taskCompletion" | "pace";

/** One turn of a finished session, oldest first. Calls carry the times each utterance was spoken. */
export type TranscriptTurn = {
  role: "coach" | "trainee";
  text: string;
  /** Calls only: when the utterance started (ms since the epoch) and how long it took. */
  startedAt?: number;
  durationMs?: number;
};

export type SkillScore = { score: number; summary: string; metrics: Record<string, number | string | null> };

/** A finding inside one trainee message: [start, end) character range in that message's text. */
export type Annotation = {
  turn: number;
  start: number;
  end: number;
  rule: string;
  message: string;
  /** The replacement text for [start, end); absent when the words should simply go or there is no mechanical fix. */
  suggestion?: string;
  /** The skill that counts this finding (rules are named "<skill>/<rule>"). */
  skill?: EvaluationSkill;
  /** A good thing (polite phrasing, a goal covered): highlighted, never counted against. */
  positive?: boolean;
};

export type EvidenceItem = { skill: EvaluationSkill; title: string; quote: string; better?: string };

export type EvaluationResult = {
  overallScore: number;
  scores: Partial<Record<EvaluationSkill, SkillScore>>;
  strengths: EvidenceItem[];
  improvements: EvidenceItem[];
  feedback: {
    summary: string;
    annotations: Annotation[];
    goals: { id: string; description: string; covered: boolean; quote: string | null; turn: number | null }[];
    metrics: Record<string, number | string | null>;
  };
};

export type EvaluateInput = { scenario: CoachScenario; turns: readonly TranscriptTurn[] };

/** Findings for one piece of writing (exercises' rewrite items use it). */
export type WritingFinding = { rule: string; message: string; start: number; end: number; suggestion?: string };
