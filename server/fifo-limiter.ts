// At most `concurrency` calls run at once; the rest wait their turn, first come first served.
// A finished call hands its slot straight to the next in line, so a late arrival can never
// overtake the queue.
export type FifoLimiter = {
  <T>(fn: () => Promise<T>): Promise<T>;
  /** Calls running now. */
  readonly running: number;
  /** Calls waiting for a slot. */
  readonly waiting: number;
};

export function fifoLimiter(
  concurrency: number,
  opts: {
    /**
     * A call still running after this long gives up its slot to the next in line (it goes on
     * running, uncounted), so that calls stuck on something else — a database query that never
     * answers — cannot hold every slot for good. Off by default.
     */
    releaseAfterMs?: number;
  } = {},
): FifoLimiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`fifoLimiter: concurrency must be a positive integer, got ${concurrency}`);
  let running = 0;
  const queue: (() => void)[] = [];
  const run = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((resolve) => queue.push(resolve));
    else running++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      // Hand the slot straight to the next in line (running stays the same), or free it.
      const next = queue.shift();
      if (next) next();
      else running--;
    };
    const timer = opts.releaseAfterMs === undefined ? undefined : setTimeout(release, opts.releaseAfterMs);
    timer?.unref();
    try {
      return await fn();
    } finally {
      clearTimeout(timer);
      release();
    }
  };
  return Object.defineProperties(run, {
    running: { get: () => running },
    waiting: { get: () => queue.length },
  }) as FifoLimiter;
}
