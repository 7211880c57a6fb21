// Job postings and applications (companies issue): the company's job editor, the job board's
// filters and the trainee's application. Shared by the server procedures and the SPA's forms.
import { z } from "zod";

const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NO_NUL = [(v: string) => !UNSTORABLE.test(v), "This text holds a character that cannot be stored (NUL or a broken Unicode sequence)"] as const;

/** The experience levels a posting asks for, from first job to leading a team. */
export const EXPERIENCE_LEVELS = ["entry", "junior", "mid", "senior", "lead"] as const;
export type ExperienceLevel = (typeof EXPERIENCE_LEVELS)[number];
export const EXPERIENCE_LEVEL_LABELS: Record<ExperienceLevel, string> = {
  entry: "Entry level",
  junior: "Junior",
  mid: "Mid level",
  senior: "Senior",
  lead: "Lead",
};

export const JOB_LIMITS = {
  title: 120,
  description: 10_000,
  requirements: 30,
  requirement: 300,
  requiredSkills: 30,
  skill: 64,
  location: 120,
  salary: 120,
  message: 2000,
} as const;

const Id = z.string().trim().min(1, "An id is required").max(64, "Not a valid id").refine(...NO_NUL);
const Cursor = z.string().max(512, "Not a valid cursor").optional();

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} has at most ${max} characters`)
    .refine(...NO_NUL)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

/** A list of short texts: trimmed, empty entries dropped, duplicates (ignoring case) removed. */
const textList = (opts: { max: number; each: number; what: string; one: string }) =>
  z
    .array(z.string().trim().max(opts.each, `Each ${opts.one} has at most ${opts.each} characters`).refine(...NO_NUL))
    .max(opts.max, `At most ${opts.max} ${opts.what}`)
    .transform((xs) => {
      const seen = new Set<string>();
      return xs.filter((x) => {
        const key = x.toLowerCase();
        if (!x || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    });

const jobFields = {
  title: z.string().trim().min(3, "Give the job a title (at least 3 characters)").max(JOB_LIMITS.title, `A title has at most ${JOB_LIMITS.title} characters`).refine(...NO_NUL),
  description: z
    .string()
    .trim()
    .min(20, "Describe the job (at least 20 characters)")
    .max(JOB_LIMITS.description, `A description has at most ${JOB_LIMITS.description} characters`)
    .refine(...NO_NUL),
  requirements: textList({ max: JOB_LIMITS.requirements, each: JOB_LIMITS.requirement, what: "requirements", one: "requirement" }),
  requiredSkills: textList({ max: JOB_LIMITS.requiredSkills, each: JOB_LIMITS.skill, what: "required skills", one: "skill" }),
  experienceLevel: z.enum(EXPERIENCE_LEVELS, { error: "Choose an experience level from the list" }),
  location: optionalText(JOB_LIMITS.location, "A location"),
  salary: optionalText(JOB_LIMITS.salary, "A salary"),
};

export const JobCreateInput = z.object(jobFields).strict();
export type JobCreateInput = z.input<typeof JobCreateInput>;

export const JobUpdateInput = z
  .object({ id: Id, ...jobFields })
  .partial()
  .required({ id: true })
  .strict();
export type JobUpdateInput = z.input<typeof JobUpdateInput>;

export const JobIdInput = z.object({ id: Id });
export const JobSetActiveInput = z.object({ id: Id, isActive: z.boolean() });
export const CompanyJobsListInput = z.object({ cursor: Cursor, active: z.boolean().optional() }).default({});
export const JobApplicantsInput = z.object({ jobId: Id, cursor: Cursor });

export const JobSearchInput = z
  .object({
    q: z.string().trim().max(200, "Search for at most 200 characters").refine(...NO_NUL).optional(),
    skills: textList({ max: 10, each: JOB_LIMITS.skill, what: "skills in a search", one: "skill" }).optional(),
    location: z.string().trim().max(JOB_LIMITS.location, `A location has at most ${JOB_LIMITS.location} characters`).refine(...NO_NUL).optional(),
    experienceLevel: z.enum(EXPERIENCE_LEVELS, { error: "Choose an experience level from the list" }).optional(),
    cursor: Cursor,
  })
  .default({});
export type JobSearchInput = z.input<typeof JobSearchInput>;

export const JobApplyInput = z.object({
  jobId: Id,
  message: z.string().trim().max(JOB_LIMITS.message, `A message has at most ${JOB_LIMITS.message} characters`).refine(...NO_NUL).optional(),
});

/** The label of a stored level (an unknown one is shown as stored). */
export const experienceLevelLabel = (level: string): string => EXPERIENCE_LEVEL_LABELS[level as ExperienceLevel] ?? level;
