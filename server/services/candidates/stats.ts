// Per-candidate search statistics (companies issue): one candidate_stats row per trainee with
// the overall and per-skill averages of their evaluations, the best assessment result per
// type, the current certificate, the level and when they were last active. The search reads
// these instead of aggregating evaluations per request.
//
// Kept up to date INSIDE the transaction of the activity that changes them:
// recordActivity (server/services/progress/activity.ts) calls applyActivityToStats for every
// practice evaluation, assessment, lesson and exercise (and a certificate it issues), and a
// revocation calls refreshCertificateStats. recomputeCandidateStats rebuilds a row from the
// activity rows alone (repair tool, and the oracle the tests compare the incremental result
// with). Averages are stored rounded to one decimal, computed by the same SQL in both paths
// from sums and counts, so both give the same values.
//
// Whether a trainee can be found is never read from here: the search checks
// profiles.discoverable and users.status / email_verified live.
import type { Prisma } from "../../db/generated/client.ts";
import { SKILLS, type Skill } from "../../../shared/schemas/content.ts";
import { skillScores, type Activity } from "../progress/activity.ts";

/** The candidate_stats column of each evaluation skill. */
export const SKILL_COLUMNS: Record<Skill, string> = {
  fluency: "fluency",
  grammar: "grammar",
  vocabulary: "vocabulary",
  clarity: "clarity",
  professionalism: "professionalism",
  taskCompletion: "task_completion",
  pace: "pace",
};

type Tx = Prisma.TransactionClient;

/** A practice session counts when it is COMPLETED (as for progress and the certificate rule). */
const completedPractice = (userId: string) =>
  ({ userId, OR: [{ chatSession: { status: "COMPLETED" } }, { callSession: { status: "COMPLETED" } }] }) satisfies Prisma.EvaluationWhereInput;

async function ensureRow(tx: Tx, userId: string): Promise<void> {
  await tx.$executeRaw`INSERT INTO candidate_stats (user_id) VALUES (${userId}) ON CONFLICT (user_id) DO NOTHING`;
}

/** The averages from the sums and counts: one statement, used by both paths. */
const AVERAGES_SQL = `UPDATE candidate_stats SET
  overall_score = CASE WHEN evaluation_count > 0 THEN round((overall_sum / evaluation_count)::numeric, 1)::float8 END,
  ${SKILLS.map((s) => {
    const c = SKILL_COLUMNS[s];
    return `${c} = CASE WHEN ${c}_n > 0 THEN round((${c}_sum / ${c}_n)::numeric, 1)::float8 END`;
  }).join(",\n  ")}
WHERE user_id = $1`;

async function updateAverages(tx: Tx, userId: string): Promise<void> {
  await tx.$executeRawUnsafe(AVERAGES_SQL, userId);
}

/** The level (from user_progress, which recordActivity has just stored) and the certificate. */
async function refreshLevelAndCertificate(tx: Tx, userId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE candidate_stats s SET
      level = coalesce((SELECT level FROM user_progress WHERE user_id = ${userId}), 'beginner'),
      certificate_code = c.certificate_code,
      certificate_valid_until = c.valid_until,
      certificate_revoked = coalesce(c.revoked_at IS NOT NULL, false)
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (
      -- The newest certificate that is not revoked; else the newest one (shown as revoked).
      SELECT certificate_code, valid_until, revoked_at FROM certificates
      WHERE user_id = ${userId}
      ORDER BY (revoked_at IS NULL) DESC, issued_at DESC, id DESC LIMIT 1
    ) c ON true
    WHERE s.user_id = ${userId}`;
}

/** Called by revokeCertificate (and issuance, through recordActivity) in its transaction. */
export async function refreshCertificateStats(tx: Tx, userId: string): Promise<void> {
  await ensureRow(tx, userId);
  await refreshLevelAndCertificate(tx, userId);
}

/** A Date as PostgreSQL `timestamp` text (the columns hold UTC wall time). */
const utc = (d: Date) => d.toISOString().replace("Z", "");

async function touch(tx: Tx, userId: string, at: Date): Promise<void> {
  await tx.$executeRaw`UPDATE candidate_stats SET last_active_at = GREATEST(last_active_at, ${utc(at)}::timestamp) WHERE user_id = ${userId}`;
}

/**
 * The incremental update for one finished activity, in recordActivity's transaction (which
 * holds the trainee's progress lock, so updates of one trainee never interleave).
 */
export async function applyActivityToStats(tx: Tx, userId: string, activity: Activity): Promise<void> {
  await ensureRow(tx, userId);
  switch (activity.kind) {
    case "practice": {
      const ev = await tx.evaluation.findFirst({ where: { ...completedPractice(userId), sessionId: activity.sessionId }, select: { overallScore: true, scores: true, createdAt: true } });
      if (ev) {
        const skills = skillScores(ev.scores);
        const sets = [`evaluation_count = evaluation_count + 1`, `overall_sum = overall_sum + $2::float8`];
        const params: unknown[] = [userId, ev.overallScore];
        for (const s of SKILLS) {
          const v = skills[s];
          if (v === undefined) continue;
          params.push(v);
          const c = SKILL_COLUMNS[s];
          sets.push(`${c}_sum = ${c}_sum + $${params.length}::float8`, `${c}_n = ${c}_n + 1`);
        }
        await tx.$executeRawUnsafe(`UPDATE candidate_stats SET ${sets.join(", ")} WHERE user_id = $1`, ...params);
        await updateAverages(tx, userId);
        await touch(tx, userId, ev.createdAt);
      }
      break;
    }
    case "assessment": {
      const a = await tx.assessment.findFirst({ where: { id: activity.assessmentId, userId }, select: { type: true, score: true, completedAt: true } });
      if (a) {
        await tx.$executeRaw`
          UPDATE candidate_stats SET assessment_best = assessment_best || jsonb_build_object(${a.type}::text,
            GREATEST(${a.score}::float8, (assessment_best ->> ${a.type}::text)::float8))
          WHERE user_id = ${userId}`;
        await touch(tx, userId, a.completedAt);
      }
      break;
    }
    case "lesson":
    case "exercise":
      await touch(tx, userId, activity.at);
      break;
  }
  await refreshLevelAndCertificate(tx, userId);
}

/** Rebuilds the trainee's candidate_stats row from the activity rows alone. */
export async function recomputeCandidateStats(tx: Tx, userId: string): Promise<void> {
  const [evaluations, best, lastAssessment, lastCompletion] = await Promise.all([
    tx.evaluation.findMany({ where: completedPractice(userId), orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { overallScore: true, scores: true, createdAt: true } }),
    tx.assessment.groupBy({ by: ["type"], where: { userId }, _max: { score: true } }),
    tx.assessment.aggregate({ where: { userId }, _max: { completedAt: true } }),
    tx.contentCompletion.aggregate({ where: { userId, content: { type: { in: ["LESSON", "EXERCISE"] } } }, _max: { completedAt: true } }),
  ]);
  let overall = 0;
  const sums = Object.fromEntries(SKILLS.map((s) => [s, { sum: 0, n: 0 }])) as Record<Skill, { sum: number; n: number }>;
  for (const e of evaluations) {
    overall += e.overallScore;
    const sc = skillScores(e.scores);
    for (const s of SKILLS) {
      const v = sc[s];
      if (v !== undefined) {
        sums[s].sum += v;
        sums[s].n += 1;
      }
    }
  }
  const times = [evaluations.at(-1)?.createdAt, lastAssessment._max.completedAt, lastCompletion._max.completedAt].filter((d): d is Date => d instanceof Date);
  const lastActive = times.length ? new Date(Math.max(...times.map((d) => d.getTime()))) : null;
  const assessmentBest = Object.fromEntries(best.map((b) => [b.type, b._max.score ?? 0]));

  await ensureRow(tx, userId);
  const sets = ["evaluation_count = $2", "overall_sum = $3::float8", "assessment_best = $4::jsonb", "last_active_at = $5::timestamp"];
  const params: unknown[] = [userId, evaluations.length, overall, JSON.stringify(assessmentBest), lastActive ? utc(lastActive) : null];
  for (const s of SKILLS) {
    const c = SKILL_COLUMNS[s];
    params.push(sums[s].sum, sums[s].n);
    sets.push(`${c}_sum = $${params.length - 1}::float8`, `${c}_n = $${params.length}::int`);
  }
  await tx.$executeRawUnsafe(`UPDATE candidate_stats SET ${sets.join(", ")} WHERE user_id = $1`, ...params);
  await updateAverages(tx, userId);
  await refreshLevelAndCertificate(tx, userId);
}

/** A trainee who opts in gets a stats row now if they have none (the search joins it). */
export async function ensureCandidateStats(tx: Tx, userId: string): Promise<void> {
  const exists = await tx.candidateStats.findUnique({ where: { userId }, select: { userId: true } });
  if (!exists) await recomputeCandidateStats(tx, userId);
}
