// Runs `task` now and then every `everyMs`, never two at once; the timer does not keep the
// process alive, and stop() waits for a run in progress.
export type JobLog = { info(o: object, m?: string): void; error(o: object, m?: string): void };

export function startPeriodic<T extends object>(name: string, task: () => Promise<T>, everyMs: number, log: JobLog) {
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = task()
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
