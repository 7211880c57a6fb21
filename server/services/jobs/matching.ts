// How a candidate's skills match a job's required skills: the share of the required skills
// found among the candidate's (compared case-insensitively, ignoring surrounding spaces), and
// which ones. A job that requires no skill has no score (null), not 100 %.
export type SkillMatch = { score: number | null; matched: string[]; missing: string[] };

const key = (s: string) => s.trim().toLowerCase();

export function matchSkills(requiredSkills: readonly string[], candidateSkills: readonly string[]): SkillMatch {
  const have = new Set(candidateSkills.map(key));
  const matched: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const skill of requiredSkills) {
    const k = key(skill);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    (have.has(k) ? matched : missing).push(skill);
  }
  const total = matched.length + missing.length;
  return { score: total === 0 ? null : Math.round((matched.length / total) * 100), matched, missing };
}
