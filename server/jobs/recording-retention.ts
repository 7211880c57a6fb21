// Deletes call recordings older than RECORDING_RETENTION_DAYS and orphan recording files
// (services/practice/recording.ts), and uploaded pictures no profile points at any more
// (services/images/images.ts, sweepImageOrphans), at start and then hourly.
import type { PrismaClient } from "../db/generated/client.ts";
import { imageStorage, sweepImageOrphans } from "../services/images/images.ts";
import { recordingStorage, runRecordingRetention } from "../services/practice/recording.ts";
import { startPeriodic, type JobLog } from "./periodic.ts";

export function startRecordingRetentionJob(db: PrismaClient, log: JobLog, opts: { dataDir: string; retentionDays: number }, everyMs = 60 * 60_000) {
  const store = recordingStorage(opts.dataDir);
  const images = imageStorage(opts.dataDir);
  return startPeriodic(
    "recording retention",
    async () => ({ ...(await runRecordingRetention(db, store, { retentionDays: opts.retentionDays })), imageOrphansRemoved: await sweepImageOrphans(db, images) }),
    everyMs,
    log,
  );
}
