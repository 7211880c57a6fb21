// Words for content types, categories and difficulties, shared by the catalogue pages.
import type { Category, ContentType, Difficulty } from "../../../shared/schemas/content.ts";

export const TYPE_LABELS: Record<ContentType, string> = {
  CHAT_SCENARIO: "Chat scenario",
  CALL_SCENARIO: "Call scenario",
  ASSESSMENT: "Assessment",
  LESSON: "Lesson",
  EXERCISE: "Exercise",
};

export const CATEGORY_LABELS: Record<Category, string> = {
  interview: "Interviews",
  "customer-service": "Customer service",
  workplace: "Workplace",
  networking: "Networking",
  negotiation: "Negotiation",
  presentation: "Presentations",
  writing: "Writing",
  general: "General",
};

export const DIFFICULTY_LABELS: Record<Difficulty, string> = { beginner: "Beginner", intermediate: "Intermediate", advanced: "Advanced" };

export const DIFFICULTY_COLORS: Record<Difficulty, string> = { beginner: "teal", intermediate: "blue", advanced: "grape" };

export const labelOf = <K extends string>(labels: Record<K, string>, key: string): string => (key in labels ? labels[key as K] : key);
