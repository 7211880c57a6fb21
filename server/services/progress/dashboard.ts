// progress.get (issue 10): everything the trainee's dashboard shows, read for the caller only.
import type { ContentType, Prisma, PrismaClient } from "../../db/generated/client.ts";
import { certificateRuleStatus } from "../certificates/rule.ts";
import type { EvaluationSkill } from "../evaluation/types.ts";
import { skillScores, timezoneOf } from "./activity.ts";
import { BADGES, dateToDay, dayIn, daysBetween, decodeBadges, levelFor, nextLevel, streakOn, type BadgeCode } from "./rules.ts";

type Db = PrismaClient | Prisma.TransactionClient;

/** Which published content trains a skill: content types in order of preference, and the categories that fit best. */
export const SKILL_TRAINING: Record<EvaluationSkill, { types: ContentType[]; categories: string[] }> = {
  grammar: { types: ["EXERCISE", "LESSON"], categories: ["writing", "general"] },
  vocabulary: { types: ["LESSON", "EXERCISE"], categories: ["general", "writing", "workplace"] },
  fluency: { types: ["CALL_SCENARIO", "CHAT_SCENARIO"], categories: ["networking", "general", "workplace"] },
  pace: { types: ["CALL_SCENARIO"], categories: ["presentation", "interview"] },
  clarity: { types: ["CHAT_SCENARIO", "LESSON"], categories: ["presentation", "workplace", "writing"] },
  professionalism: { types: ["CHAT_SCENARIO", "CALL_SCENARIO"], categories: ["customer-service", "workplace", "negotiation"] },
  taskCompletion: { types: ["CHAT_SCENARIO", "CALL_SCENARIO"], categories: ["interview", "negotiation", "customer-service"] },
};

/** "Continue where you left off": the newest unfinished session or assessment attempt. */
export type ContinueItem = { kind: "chat" | "call" | "assessment"; id: string; title: string; startedAt: Date };

/** An assessment attempt that can still be answered (not submitted, deadline not passed). */
async function openAttempt(db: Db, userId: string, now: Date): Promise<ContinueItem | null> {
  const a = await db.assessmentAttempt.findFirst({
    where: { userId, submittedAt: null, OR: [{ deadline: null }, { deadline: { gt: now } }] },
    orderBy: { startedAt: "desc" },
    select: { id: true, startedAt: true, content: { select: { title: true } } },
  });
  return a ? { kind: "assessment", id: a.id, title: a.content.title, startedAt: a.startedAt } : null;
}

const RECENT = 10;
const TREND = 20;
/** "Recent" skill scores: the average over the last this-many evaluations. */
const RECENT_SKILL_WINDOW = 5;

async function activeSession(db: Db, userId: string): Promise<ContinueItem | null> {
  const [chat, call] = await Promise.all([
    db.chatSession.findFirst({ where: { userId, status: "ACTIVE" }, orderBy: { lastActivityAt: "desc" }, select: { id: true, topic: true, startedAt: true, lastActivityAt: true } }),
    db.callSession.findFirst({ where: { userId, status: "ACTIVE" }, orderBy: { lastActivityAt: "desc" }, select: { id: true, scenario: true, startedAt: true, lastActivityAt: true } }),
  ]);
  if (chat && (!call || chat.lastActivityAt >= call.lastActivityAt)) return { kind: "chat", id: chat.id, title: chat.topic, startedAt: chat.startedAt };
  if (call) return { kind: "call", id: call.id, title: call.scenario, startedAt: call.startedAt };
  return null;
}

export async function getProgress(db: PrismaClient, userId: string, now: Date = new Date()) {
  const tz = await timezoneOf(db, userId);
  const row = await db.userProgress.findUnique({
    where: { userId },
    select: { points: true, level: true, totalTimeSpent: true, modulesCompleted: true, currentStreak: true, longestStreak: true, lastActivityDate: true, overallProgress: true, certificateProgress: true, badges: true, updatedAt: true },
  });
  const p = row ?? { points: 0, level: levelFor(0), totalTimeSpent: 0, modulesCompleted: 0, currentStreak: 0, longestStreak: 0, lastActivityDate: null, overallProgress: 0, certificateProgress: 0, badges: [] as string[], updatedAt: null };
  const lastDay = dateToDay(p.lastActivityDate);

  // The rule reads inside a transaction (its interface takes one); run it before the other reads.
  const certificate = await db.$transaction((tx) => certificateRuleStatus(tx, userId));
  const [evaluations, assessments, completions] = await Promise.all([
    db.evaluation.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      take: Math.max(TREND, RECENT),
      select: { sessionId: true, sessionType: true, overallScore: true, scores: true, createdAt: true, chatSession: { select: { topic: true } }, callSession: { select: { scenario: true } } },
    }),
    db.assessment.findMany({ where: { userId }, orderBy: { completedAt: "desc" }, take: 50, select: { id: true, type: true, score: true, passed: true, completedAt: true, content: { select: { title: true } } } }),
    db.contentCompletion.findMany({
      where: { userId, content: { type: { in: ["LESSON", "EXERCISE"] } } },
      orderBy: { completedAt: "desc" },
      take: RECENT,
      select: { id: true, contentId: true, score: true, completedAt: true, content: { select: { title: true, type: true } } },
    }),
  ]);

  const recent = [
    ...evaluations.slice(0, RECENT).map((e) => ({
      kind: "practice" as const,
      id: e.sessionId,
      sessionType: e.sessionType,
      title: e.chatSession?.topic ?? e.callSession?.scenario ?? "Practice session",
      score: e.overallScore,
      passed: null,
      at: e.createdAt,
    })),
    ...assessments.slice(0, RECENT).map((a) => ({ kind: "assessment" as const, id: a.id, sessionType: null, title: a.content?.title ?? `${a.type} assessment`, score: a.score, passed: a.passed, at: a.completedAt })),
    ...completions.map((c) => ({
      kind: c.content!.type === "LESSON" ? ("lesson" as const) : ("exercise" as const),
      id: c.contentId!,
      sessionType: null,
      title: c.content!.title,
      score: c.score,
      passed: null,
      at: c.completedAt,
    })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, RECENT);

  const trend = evaluations
    .slice(0, TREND)
    .reverse()
    .map((e) => ({ sessionId: e.sessionId, at: e.createdAt, overallScore: e.overallScore, scores: skillScores(e.scores) }));
  const window = evaluations.slice(0, RECENT_SKILL_WINDOW).map((e) => skillScores(e.scores));
  const sums = new Map<string, { total: number; n: number }>();
  for (const s of window) for (const [k, v] of Object.entries(s)) {
    const t = sums.get(k) ?? { total: 0, n: 0 };
    sums.set(k, { total: t.total + v, n: t.n + 1 });
  }
  const skills = [...sums].map(([skill, t]) => ({ skill, score: Math.round(t.total / t.n) })).sort((a, b) => a.skill.localeCompare(b.skill));

  const byType = new Map<string, { at: Date; score: number; passed: boolean }[]>();
  for (const a of [...assessments].reverse()) byType.set(a.type, [...(byType.get(a.type) ?? []), { at: a.completedAt, score: a.score, passed: a.passed }]);
  const assessmentScores = [...byType].map(([type, points]) => ({ type, points }));

  // The days of the current week (Monday first) in the trainee's timezone, and which had activity.
  const today = dayIn(now, tz);
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  const weekDays = Array.from({ length: 7 }, (_, i) => new Date(Date.parse(`${today}T00:00:00Z`) + (i - weekday) * 86_400_000).toISOString().slice(0, 10));
  const since = new Date(now.getTime() - 9 * 86_400_000);
  const [evalDays, assessDays, doneDays] = await Promise.all([
    db.evaluation.findMany({ where: { userId, createdAt: { gte: since } }, select: { createdAt: true } }),
    db.assessment.findMany({ where: { userId, completedAt: { gte: since } }, select: { completedAt: true } }),
    db.contentCompletion.findMany({ where: { userId, completedAt: { gte: since }, content: { type: { in: ["LESSON", "EXERCISE"] } } }, select: { completedAt: true } }),
  ]);
  const active = new Set([...evalDays.map((e) => e.createdAt), ...assessDays.map((a) => a.completedAt), ...doneDays.map((c) => c.completedAt)].map((d) => dayIn(d, tz)));
  const week = weekDays.map((day) => ({ day, active: active.has(day), today: day === today, future: daysBetween(today, day) > 0 }));

  const continueCandidates = (await Promise.all([activeSession(db, userId), openAttempt(db, userId, now)])).filter((c): c is ContinueItem => c !== null);
  const continueItem = continueCandidates.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())[0] ?? null;

  const weakest = [...skills].sort((a, b) => a.score - b.score)[0] ?? null;
  let recommended: { skill: string; score: number; content: { id: string; title: string; type: ContentType; category: string } } | null = null;
  if (weakest && weakest.skill in SKILL_TRAINING) {
    const plan = SKILL_TRAINING[weakest.skill as EvaluationSkill];
    const candidates = await db.content.findMany({
      where: { isPublished: true, type: { in: plan.types } },
      select: { id: true, title: true, type: true, category: true },
      orderBy: [{ publishedAt: "desc" }, { id: "asc" }],
      take: 50,
    });
    const rank = (c: { type: ContentType; category: string }) => plan.types.indexOf(c.type) * 100 + (plan.categories.includes(c.category) ? plan.categories.indexOf(c.category) : 50);
    const best = candidates.sort((a, b) => rank(a) - rank(b))[0];
    if (best) recommended = { skill: weakest.skill, score: weakest.score, content: best };
  }

  const badges = Object.entries(decodeBadges(p.badges))
    .filter(([code]) => code in BADGES)
    .map(([code, at]) => ({ code, ...BADGES[code as BadgeCode], earnedAt: new Date(at) }))
    .sort((a, b) => a.earnedAt.getTime() - b.earnedAt.getTime());

  return {
    points: p.points,
    level: p.level,
    totalTimeSpent: p.totalTimeSpent,
    modulesCompleted: p.modulesCompleted,
    /** The streak as it stands today: 0 once a day has been missed. */
    currentStreak: streakOn({ currentStreak: p.currentStreak, lastDay }, now, tz),
    longestStreak: p.longestStreak,
    lastActivityDate: lastDay,
    overallProgress: p.overallProgress,
    certificateProgress: p.certificateProgress,
    timezone: tz,
    nextLevel: nextLevel(p.points),
    badges,
    week,
    certificate,
    recent,
    skillTrend: trend,
    skills,
    assessmentScores,
    continue: continueItem,
    recommended,
  };
}
export type ProgressView = Awaited<ReturnType<typeof getProgress>>;
