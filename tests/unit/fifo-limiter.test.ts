// server/fifo-limiter.ts: the bound on calls running at once, their order, a failed call
// freeing its slot, and a stuck call giving it up (it queues bcrypt hashes and password sign-ins).
import { describe, expect, it, vi } from "vitest";
import { fifoLimiter } from "../../server/fifo-limiter.ts";

/** A call that runs until `release()` is called. */
function gate() {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { done, release };
}

describe("fifoLimiter", () => {
  it("runs at most `concurrency` calls at once and starts the rest in the order they came", async () => {
    const limit = fifoLimiter(2);
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, gate);
    const calls = gates.map((g, i) =>
      limit(async () => {
        started.push(i);
        await g.done;
        return i * 10;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect([limit.running, limit.waiting]).toEqual([2, 3]);
    // Finishing the second call lets the third in, not a later one.
    gates[1]!.release();
    await expect(calls[1]).resolves.toBe(10);
    expect(started).toEqual([0, 1, 2]);
    expect([limit.running, limit.waiting]).toEqual([2, 2]);
    for (const g of gates) g.release();
    await expect(Promise.all(calls)).resolves.toEqual([0, 10, 20, 30, 40]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect([limit.running, limit.waiting]).toEqual([0, 0]);
  });

  it("a call that fails frees its slot for the next one", async () => {
    const limit = fifoLimiter(1);
    const first = limit(async () => {
      throw new Error("boom");
    });
    const second = limit(async () => "ran");
    await expect(first).rejects.toThrow("boom");
    await expect(second).resolves.toBe("ran");
    expect([limit.running, limit.waiting]).toEqual([0, 0]);
  });

  it("a call arriving after a slot was freed queues behind the waiting ones", async () => {
    const limit = fifoLimiter(1);
    const order: string[] = [];
    const a = gate();
    const first = limit(async () => {
      await a.done;
      order.push("first");
    });
    const second = limit(async () => void order.push("second"));
    a.release();
    await first;
    // The slot went straight to "second"; "late" waits its turn.
    const late = limit(async () => void order.push("late"));
    await Promise.all([second, late]);
    expect(order).toEqual(["first", "second", "late"]);
  });

  it("with releaseAfterMs, a call stuck past it lets the next one in, and its own result still arrives", async () => {
    vi.useFakeTimers();
    try {
      const limit = fifoLimiter(1, { releaseAfterMs: 1000 });
      const stuck = gate();
      const first = limit(async () => {
        await stuck.done;
        return "first";
      });
      let secondRan = false;
      const second = limit(async () => {
        secondRan = true;
        return "second";
      });
      await vi.advanceTimersByTimeAsync(999);
      expect([secondRan, limit.waiting]).toEqual([false, 1]);
      await vi.advanceTimersByTimeAsync(1);
      await expect(second).resolves.toBe("second");
      // The stuck call no longer counts; when it ends it frees nothing twice.
      expect([limit.running, limit.waiting]).toEqual([0, 0]);
      stuck.release();
      await expect(first).resolves.toBe("first");
      expect([limit.running, limit.waiting]).toEqual([0, 0]);
      // A call that ends in time does not give its slot away again later.
      const quick = limit(async () => "quick");
      await expect(quick).resolves.toBe("quick");
      await vi.advanceTimersByTimeAsync(5000);
      expect([limit.running, limit.waiting]).toEqual([0, 0]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses a concurrency that is not a positive integer", () => {
    for (const n of [0, -1, 1.5, Number.NaN]) expect(() => fifoLimiter(n)).toThrow(/positive integer/);
  });
});
