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

export function fifoLimiter(concurrency: number): FifoLimiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`fifoLimiter: concurrency must be a positive integer, got ${concurrency}`);
  let running = 0;
  const queue: (() => void)[] = [];
  const run = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((resolve) => queue.push(resolve));
    else running++;
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next in line (running stays the same), or free it.
      const next = queue.shift();
      if (next) next();
      else running--;
    }
  };
  return Object.defineProperties(run, {
    running: { get: () => running },
    waiting: { get: () => queue.length },
  }) as FifoLimiter;
}
