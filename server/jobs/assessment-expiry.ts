// Closes assessment attempts whose deadline + grace has passed, scoring the answers saved so
// far (services/assessments/attempts.ts), every minute.
import type { PrismaClient } from "../db/generated/client.ts";
import { closeExpiredAttempts } from "../services/assessments/attempts.ts";
import { startPeriodic, type JobLog } from "./periodic.ts";

export function startAssessmentExpiryJob(db: PrismaClient, log: JobLog, appUrl: string, everyMs = 60_000) {
  return startPeriodic("assessment expiry", () => closeExpiredAttempts(db, { appUrl }), everyMs, log);
}
