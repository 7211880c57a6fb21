// Companies issue: the trainee's candidate settings (opt in to company search) and the
// company's candidate search, page and notes. Shared by the server and the pages.
import { z } from "zod";
import { isLanguageCode } from "../languages.ts";
import { SKILLS, type Skill } from "./content.ts";

export const OPEN_TO = ["full-time", "part-time", "contract", "internship"] as const;
export type OpenTo = (typeof OPEN_TO)[number];

/** The progress levels (server/services/progress/rules.ts LEVELS), lowest first. */
export const CANDIDATE_LEVELS = ["beginner", "elementary", "intermediate", "upper-intermediate", "advanced"] as const;
export type CandidateLevel = (typeof CANDIDATE_LEVELS)[number];

export const SEARCH_SORTS = ["relevance", "score", "recent"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const SKILL_LABELS: Record<Skill, string> = {
  fluency: "Fluency",
  grammar: "Grammar",
  vocabulary: "Vocabulary",
  clarity: "Clarity",
  professionalism: "Professionalism",
  taskCompletion: "Task completion",
  pace: "Pace",
};

export const CandidateSettingsUpdateInput = z.object({
  discoverable: z.boolean({ error: "Choose whether companies may find you" }),
  headline: z
    .string()
    .trim()
    .max(160, "The headline has at most 160 characters")
    .nullish()
    .transform((s) => (s ? s : null)),
  openTo: z
    .array(z.enum(OPEN_TO, { error: "Choose from full-time, part-time, contract or internship" }))
    .max(4)
    .transform((xs) => [...new Set(xs)])
    .optional(),
});
export type CandidateSettingsUpdate = z.input<typeof CandidateSettingsUpdateInput>;

const score = (label: string) => z.number({ error: `${label} is a number` }).min(0, `${label} is 0 or more`).max(100, `${label} is at most 100`);

export const CandidateSearchInput = z.object({
  skills: z.array(z.string().trim().min(1).max(64)).max(10, "At most 10 skills").optional(),
  languages: z
    .array(z.string().trim().toLowerCase().refine(isLanguageCode, "Choose languages from the list"))
    .max(10, "At most 10 languages")
    .optional(),
  location: z.string().trim().max(100, "At most 100 characters").optional(),
  level: z.enum(CANDIDATE_LEVELS, { error: "Unknown level" }).optional(),
  minOverallScore: score("The minimum overall score").optional(),
  minSkillScores: z.partialRecord(z.enum(SKILLS), score("A minimum skill score")).optional(),
  certified: z.boolean().optional(),
  q: z.string().trim().max(100, "At most 100 characters").optional(),
  sort: z.enum(SEARCH_SORTS).default("relevance"),
  cursor: z.string().max(400).optional(),
  limit: z.number().int().min(1).max(50).default(20),
});
export type CandidateSearch = z.input<typeof CandidateSearchInput>;

export const CandidateIdInput = z.object({ candidateId: z.string().min(1).max(64) });

export const CandidateNoteInput = z.object({
  candidateId: z.string().min(1).max(64),
  notes: z.string().max(5000, "Notes have at most 5000 characters"),
});
