// Small numeric helpers shared by the benches.
import os from "node:os";

/** The p-th percentile (0–100) of `xs` (nearest rank); NaN when empty. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** "load 1.23 0.98 0.75 (2 cores)": printed beside every figure, the machine is shared. */
export function loadLine(): string {
  const [a, b, c] = os.loadavg();
  return `load ${a!.toFixed(2)} ${b!.toFixed(2)} ${c!.toFixed(2)} (${os.availableParallelism()} cores)`;
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
