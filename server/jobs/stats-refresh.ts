// Refreshes the user_statistics materialized view periodically (STATS_REFRESH_MINUTES).
import type { PrismaClient } from "../db/generated/client.ts";
import { refreshStatistics } from "../services/admin/stats.ts";

export function startStatsRefreshJob(db: PrismaClient, log: { info(o: object, m?: string): void; error(o: object, m?: string): void }, everyMs: number) {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = refreshStatistics(db)
      .then((r) => log.info({ ms: r.ms }, "user_statistics refreshed"))
      .catch((err) => log.error({ err }, "user_statistics refresh failed"))
      .finally(() => (running = null));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
