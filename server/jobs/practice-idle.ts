// Abandons idle practice sessions (see services/practice/idle.ts), every 5 minutes, so a
// session is abandoned between 30 and 35 minutes after its last message.
import type { PrismaClient } from "../db/generated/client.ts";
import { abandonIdleSessions } from "../services/practice/idle.ts";
import { startPeriodic, type JobLog } from "./periodic.ts";

export function startPracticeIdleJob(db: PrismaClient, log: JobLog, everyMs = 5 * 60_000) {
  return startPeriodic("practice idle sessions", () => abandonIdleSessions(db), everyMs, log);
}
