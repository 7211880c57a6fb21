// Platform statistics for the admin dashboard. Per-user activity comes from the
// user_statistics materialized view (refreshed CONCURRENTLY by a job and on demand);
// counts that must be current (users, sessions, sign-ups) are read live.
import type { PrismaClient } from "../../db/generated/client.ts";
import { audit, type RequestMeta } from "../audit.ts";

export const STATS_JOB = "user_statistics";

export async function refreshStatistics(db: PrismaClient, actor?: { userId: string; meta: RequestMeta }) {
  const started = Date.now();
  await db.$executeRawUnsafe("SELECT refresh_user_statistics()");
  const ms = Date.now() - started;
  const now = new Date();
  await db.jobRun.upsert({
    where: { name: STATS_JOB },
    create: { name: STATS_JOB, lastRunAt: now, details: { ms, by: actor ? "admin" : "job" } },
    update: { lastRunAt: now, details: { ms, by: actor ? "admin" : "job" } },
    select: { name: true },
  });
  if (actor) await audit(db, { action: "STATS_REFRESHED", userId: actor.userId, targetUserId: null, details: { ms }, meta: actor.meta });
  return { refreshedAt: now, ms };
}

export async function getStatistics(db: PrismaClient) {
  const since = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
  const [byRoleStatus, signUps, activeSessions, byRole, lastRun] = await Promise.all([
    db.user.groupBy({ by: ["role", "status"], _count: { _all: true } }),
    db.$queryRaw<{ day: Date; count: bigint }[]>`
      SELECT date_trunc('day', created_at) AS day, COUNT(*) AS count
      FROM users WHERE created_at >= ${since}
      GROUP BY 1 ORDER BY 1`,
    db.session.count({ where: { expires: { gt: new Date() } } }),
    db.$queryRaw<{ role: string; users: bigint; avg_score: number | null; total_chats: bigint; total_calls: bigint }[]>`
      SELECT role::text AS role, COUNT(*) AS users, AVG(avg_score)::float8 AS avg_score,
             SUM(total_chats) AS total_chats, SUM(total_calls) AS total_calls
      FROM user_statistics GROUP BY role ORDER BY role`,
    db.jobRun.findUnique({ where: { name: STATS_JOB }, select: { lastRunAt: true } }),
  ]);
  return {
    usersByRoleAndStatus: byRoleStatus.map((r) => ({ role: r.role, status: r.status, count: r._count._all })),
    signUpsPerDay: signUps.map((r) => ({ day: r.day, count: Number(r.count) })),
    activeSessions,
    activityByRole: byRole.map((r) => ({ role: r.role, users: Number(r.users), avgScore: r.avg_score, totalChats: Number(r.total_chats), totalCalls: Number(r.total_calls) })),
    lastRefreshedAt: lastRun?.lastRunAt ?? null,
  };
}
