// One instance at a time for the periodic jobs when several app servers share a PostgreSQL
// (docs/decisions/022-periodic-jobs-on-one-server.md). A run of job `name`:
//  1. opens a transaction on its own pooled connection and takes the transaction-level
//     advisory lock (hirexp.job, name) with pg_try_advisory_xact_lock: if another server
//     holds it, that server is running the job now: skip;
//  2. in the same transaction claims the period: the job_runs row `periodic:<name>` gets
//     last_run_at = now unless it is less than 90 % of a period old (another server ran the
//     job recently): skip;
//  3. runs the job (its own queries go through the pool as usual), then commits. A failed
//     run rolls the claim back, so the next tick anywhere tries again; a server that dies
//     mid-run loses its connection, which releases the lock and rolls the claim back.
// So a job never runs on two servers at once, and runs about once per period in all.
import type { Database } from "../db/client.ts";
import type { JobGuard } from "./periodic.ts";

export const JOB_RUN_PREFIX = "periodic:";

export function clusterJobGuard(db: Database, holder = `pid ${process.pid}`): JobGuard {
  return async (name, everyMs, task) =>
    db.sql.transaction(async (tx) => {
      const [lock] = await tx.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext('hirexp.job'), hashtext($1)) AS locked", [name]);
      if (!lock?.locked) return { skipped: "running on another app server" };
      const claimed = await tx.query<{ name: string }>(
        `INSERT INTO job_runs (name, last_run_at, details) VALUES ($1, now() AT TIME ZONE 'UTC', jsonb_build_object('holder', $3::text))
         ON CONFLICT (name) DO UPDATE SET last_run_at = EXCLUDED.last_run_at, details = EXCLUDED.details
           WHERE job_runs.last_run_at <= (now() AT TIME ZONE 'UTC') - $2::float8 * interval '1 millisecond'
         RETURNING name`,
        [`${JOB_RUN_PREFIX}${name}`, everyMs * 0.9, holder],
      );
      if (claimed.length === 0) return { skipped: "ran on another app server less than a period ago" };
      return task();
    });
}
