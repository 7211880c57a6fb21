// The daily backup (BACKUP_DIR set): every hour the job asks whether a day has passed since
// the last backup, in one statement that also claims the run — so with several app servers on
// one PostgreSQL only one of them makes the day's backup. The newest BACKUP_KEEP files stay.
import path from "node:path";
import type { Database } from "../db/client.ts";
import { backupFileName, backupPglite, backupPostgres, pruneBackups } from "../ops/backup.ts";
import { startPeriodic, type JobLog } from "./periodic.ts";

export const BACKUP_JOB = "backup";

export type BackupJobOptions = { dir: string; keep: number; databaseAdminUrl: string | undefined; everyMs?: number; now?: () => Date };

/** Claims today's backup when the last one is at least `minGapHours` old; true when claimed. */
export async function claimBackupRun(db: Database, minGapHours = 23.5): Promise<boolean> {
  const rows = await db.prisma.$queryRaw<{ name: string }[]>`
    INSERT INTO job_runs (name, last_run_at, details) VALUES (${BACKUP_JOB}, (now() AT TIME ZONE 'UTC'), '{}'::jsonb)
    ON CONFLICT (name) DO UPDATE SET last_run_at = (now() AT TIME ZONE 'UTC')
      WHERE job_runs.last_run_at <= (now() AT TIME ZONE 'UTC') - make_interval(secs => ${minGapHours * 3600})
    RETURNING name`;
  return rows.length === 1;
}

/** One backup into `dir` now, then pruning; returns what it did (for the log). */
export async function runBackup(db: Database, opts: Omit<BackupJobOptions, "everyMs">) {
  const kind = db.kind;
  const out = path.join(opts.dir, backupFileName(kind, opts.now?.() ?? new Date()));
  const { bytes } =
    kind === "postgres"
      ? await backupPostgres(requireUrl(opts.databaseAdminUrl), out)
      : await backupPglite(db.pglite!, out);
  const removed = pruneBackups(opts.dir, opts.keep);
  return { file: out, bytes, removed: removed.length };
}

function requireUrl(url: string | undefined): string {
  if (!url) throw new Error("DATABASE_URL (or DATABASE_ADMIN_URL) is needed to back up PostgreSQL");
  return url;
}

export function startBackupJob(db: Database, log: JobLog, opts: BackupJobOptions) {
  return startPeriodic(
    "backup",
    async () => {
      if (!(await claimBackupRun(db))) return { skipped: "the last backup is less than a day old" };
      try {
        return await runBackup(db, opts);
      } catch (err) {
        // Give the claim back so the next hourly tick tries again.
        await db.prisma.jobRun.update({ where: { name: BACKUP_JOB }, data: { lastRunAt: new Date(0), details: { error: String((err as Error).message).slice(0, 500) } } }).catch(() => {});
        throw err;
      }
    },
    opts.everyMs ?? 60 * 60_000,
    log,
  );
}
