// Runs `task` now and then every `everyMs`, never two at once; the timer does not keep the
// process alive, and stop() waits for a run in progress.
//
// Several app servers on one PostgreSQL: main.ts installs a guard (setJobGuard, see
// cluster.ts) through which every run goes, so each job runs on one server at a time and
// about once per period across all of them. Without a guard (PGlite: one process holds the
// data folder; tests) every run goes ahead.
export type JobLog = { info(o: object, m?: string): void; error(o: object, m?: string): void };

/** Runs `task` for the job `name` (period `everyMs`), or skips it and says why. */
export type JobGuard = <T extends object>(name: string, everyMs: number, task: () => Promise<T>) => Promise<T | { skipped: string }>;

let guard: JobGuard | null = null;

/** The guard used by jobs started after this call (null: none). One app per process. */
export function setJobGuard(g: JobGuard | null): void {
  guard = g;
}

export function startPeriodic<T extends object>(name: string, task: () => Promise<T>, everyMs: number, log: JobLog) {
  const g = guard;
  const run = g ? () => g(name, everyMs, task) : task;
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = run()
      .then((r) => log.info(r, name))
      .catch((err) => log.error({ err }, `${name} failed`))
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
