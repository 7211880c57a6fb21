// Refreshes the user_statistics materialized view periodically (STATS_REFRESH_MINUTES).
import type { PrismaClient } from "../db/generated/client.ts";
import { refreshStatistics } from "../services/admin/stats.ts";
import { startPeriodic, type JobLog } from "./periodic.ts";

export function startStatsRefreshJob(db: PrismaClient, log: JobLog, everyMs: number) {
  return startPeriodic("user_statistics refreshed", () => refreshStatistics(db), everyMs, log);
}
