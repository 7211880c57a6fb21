// The one place a finished activity is recorded for a trainee's progress (issue 10): every
// finished practice session, assessment, lesson and exercise calls recordActivity inside the
// transaction that stores the activity itself, so UserProgress always agrees with the
// activity rows (and can be recomputed from them: recomputeProgress below).
import { randomUUID } from "node:crypto";
import type { Prisma } from "../../db/generated/client.ts";
import { applyActivityToStats } from "../candidates/stats.ts";
import { certificateRuleStatus, issueCertificateIfEarned } from "../certificates/rule.ts";
import { applyFact, dateToDay, dayToDate, decodeBadges, emptyState, encodeBadges, LEVELS, levelFor, safeZone, type Fact, type ProgressState } from "./rules.ts";

/** A finished activity, as the progress service needs it (the activity's own row is already written). */
export type Activity =
  | { kind: "practice"; sessionType: "CHAT" | "CALL"; sessionId: string; contentId: string | null; overallScore: number; durationSeconds: number; at: Date }
  | { kind: "assessment"; assessmentId: string; contentId: string | null; assessmentType: string; score: number; passed: boolean; timeTakenSeconds: number; at: Date }
  | { kind: "lesson"; contentId: string; at: Date }
  | { kind: "exercise"; contentId: string; score: number | null; at: Date };

export type ProgressContext = { appUrl: string; now?: Date };

/**
 * Serialises progress work per trainee: creates the trainee's user_progress row when missing
 * and locks it until the transaction ends. recordActivity and certificate issuance both take
 * it first, so two activities finishing at once cannot both award a badge or a certificate.
 */
export async function lockProgressRow(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO user_progress (id, user_id, badges, updated_at) VALUES (${randomUUID()}, ${userId}, '{}', (now() AT TIME ZONE 'UTC'))
    ON CONFLICT (user_id) DO NOTHING`;
  await tx.$queryRaw`SELECT id FROM user_progress WHERE user_id = ${userId} FOR UPDATE`;
}

export async function timezoneOf(tx: Prisma.TransactionClient, userId: string): Promise<string> {
  const p = await tx.profile.findUnique({ where: { userId }, select: { timezone: true } });
  return safeZone(p?.timezone);
}

/** The 0–100 skill scores of an evaluation's `scores` JSON ({skill: {score}}). */
export function skillScores(scores: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (scores && typeof scores === "object") {
    for (const [k, v] of Object.entries(scores as Record<string, unknown>)) {
      const s = (v as { score?: unknown } | null)?.score;
      if (typeof s === "number" && Number.isFinite(s)) out[k] = s;
    }
  }
  return out;
}

const progressSelect = { points: true, totalTimeSpent: true, modulesCompleted: true, currentStreak: true, longestStreak: true, lastActivityDate: true, badges: true } as const;

function toState(row: { points: number; totalTimeSpent: number; modulesCompleted: number; currentStreak: number; longestStreak: number; lastActivityDate: Date | null; badges: string[] }): ProgressState {
  return { ...row, lastDay: dateToDay(row.lastActivityDate), badges: decodeBadges(row.badges) };
}

/** overallProgress: how far the trainee's points are along the levels (100 = "advanced" reached). */
export const overallProgressFor = (points: number) => Math.min(100, Math.round((points / LEVELS[LEVELS.length - 1]!.minPoints) * 100));

async function store(tx: Prisma.TransactionClient, userId: string, s: ProgressState, ctx: ProgressContext) {
  await tx.userProgress.update({
    where: { userId },
    data: {
      points: s.points,
      totalTimeSpent: s.totalTimeSpent,
      modulesCompleted: s.modulesCompleted,
      currentStreak: s.currentStreak,
      longestStreak: s.longestStreak,
      lastActivityDate: dayToDate(s.lastDay),
      badges: encodeBadges(s.badges),
      level: levelFor(s.points),
      overallProgress: overallProgressFor(s.points),
    },
    select: { id: true },
  });
  await issueCertificateIfEarned(tx, userId, { appUrl: ctx.appUrl, ...(ctx.now ? { now: ctx.now } : {}) });
  const cert = await certificateRuleStatus(tx, userId);
  await tx.userProgress.update({ where: { userId }, data: { certificateProgress: Math.max(0, Math.min(100, Math.round(cert.progress))) }, select: { id: true } });
}

async function factOf(tx: Prisma.TransactionClient, userId: string, a: Activity): Promise<Fact> {
  switch (a.kind) {
    case "practice": {
      const ev = await tx.evaluation.findFirst({ where: { sessionId: a.sessionId, userId }, select: { scores: true } });
      return { kind: "practice", sessionType: a.sessionType, score: a.overallScore, durationSeconds: a.durationSeconds, skills: Object.values(skillScores(ev?.scores)), at: a.at };
    }
    case "assessment":
      return { kind: "assessment", score: a.score, passed: a.passed, durationSeconds: a.timeTakenSeconds, at: a.at };
    case "lesson":
    case "exercise": {
      // The completion row is already written: it is the first when it is the only one.
      const n = await tx.contentCompletion.count({ where: { userId, contentId: a.contentId } });
      return { kind: a.kind, first: n <= 1, at: a.at };
    }
  }
}

/**
 * Records `activity` for `userId` inside `tx`: points, time, modules, streak, level, badges,
 * certificate progress, and issues a certificate when the rule is met.
 */
export async function recordActivity(tx: Prisma.TransactionClient, userId: string, activity: Activity, ctx: ProgressContext): Promise<void> {
  await lockProgressRow(tx, userId);
  const row = await tx.userProgress.findUniqueOrThrow({ where: { userId }, select: progressSelect });
  const tz = await timezoneOf(tx, userId);
  const next = applyFact(toState(row), await factOf(tx, userId, activity), tz);
  await store(tx, userId, next, ctx);
  // The company search's statistics (level and a certificate just issued included).
  await applyActivityToStats(tx, userId, activity);
}

/** Every finished activity of `userId`, read from the activity rows, oldest first. */
export async function factsFromRows(tx: Prisma.TransactionClient, userId: string): Promise<Fact[]> {
  const [evaluations, assessments, completions] = await Promise.all([
    tx.evaluation.findMany({
      where: { userId, OR: [{ chatSession: { status: "COMPLETED" } }, { callSession: { status: "COMPLETED" } }] },
      select: { sessionType: true, overallScore: true, scores: true, createdAt: true, chatSession: { select: { endedAt: true, duration: true } }, callSession: { select: { endedAt: true, duration: true } } },
    }),
    tx.assessment.findMany({ where: { userId }, select: { score: true, passed: true, timeTaken: true, completedAt: true } }),
    tx.contentCompletion.findMany({ where: { userId, content: { type: { in: ["LESSON", "EXERCISE"] } } }, select: { contentId: true, completedAt: true, id: true, content: { select: { type: true } } } }),
  ]);
  const facts: Fact[] = [];
  for (const e of evaluations) {
    const s = e.chatSession ?? e.callSession;
    facts.push({ kind: "practice", sessionType: e.sessionType, score: e.overallScore, durationSeconds: s?.duration ?? 0, skills: Object.values(skillScores(e.scores)), at: s?.endedAt ?? e.createdAt });
  }
  for (const a of assessments) facts.push({ kind: "assessment", score: a.score, passed: a.passed, durationSeconds: a.timeTaken, at: a.completedAt });
  const seen = new Set<string>();
  for (const c of [...completions].sort((x, y) => x.completedAt.getTime() - y.completedAt.getTime() || x.id.localeCompare(y.id))) {
    const first = !seen.has(c.contentId!);
    seen.add(c.contentId!);
    facts.push({ kind: c.content!.type === "LESSON" ? "lesson" : "exercise", first, at: c.completedAt });
  }
  return facts.sort((x, y) => x.at.getTime() - y.at.getTime());
}

/** The progress `facts` add up to, in timezone `tz`. */
export const foldFacts = (facts: readonly Fact[], tz: string) => facts.reduce((s, f) => applyFact(s, f, tz), emptyState());

/** Rebuilds the trainee's UserProgress from the activity rows alone (repair tool, and the test oracle of recordActivity). */
export async function recomputeProgress(tx: Prisma.TransactionClient, userId: string, ctx: ProgressContext): Promise<ProgressState> {
  await lockProgressRow(tx, userId);
  const state = foldFacts(await factsFromRows(tx, userId), await timezoneOf(tx, userId));
  await store(tx, userId, state, ctx);
  return state;
}
