// Dates as people read them: "5 minutes ago" next to the exact moment (for a title/tooltip).

// Made on first use, not when the module loads: building a formatter loads the locale's data, which
// took 24 ms (unthrottled, ~95 ms at a phone's 4× slowdown) in the dashboards' first task, where
// nothing is formatted yet (issue 13: Lighthouse's total blocking time).
/** `make()`'s value, made on the first call (for Intl formatters: see above). */
export function onFirstUse<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

const exact = onFirstUse(() => new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }));
const relative = onFirstUse(() => new Intl.RelativeTimeFormat(undefined, { numeric: "auto" }));

/** "12 Mar 2026, 14:05" in the browser's language and time zone. */
export function formatDateTime(date: Date): string {
  return exact().format(date);
}

const STEPS: [limitSeconds: number, unit: Intl.RelativeTimeFormatUnit, seconds: number][] = [
  [60, "second", 1],
  [3600, "minute", 60],
  [86_400, "hour", 3600],
  [7 * 86_400, "day", 86_400],
  [30 * 86_400, "week", 7 * 86_400],
  [365 * 86_400, "month", 30 * 86_400],
  [Infinity, "year", 365 * 86_400],
];

/** "just now", "5 minutes ago", "yesterday", "in 3 weeks". */
export function formatRelativeTime(date: Date, now: Date = new Date()): string {
  const diff = (date.getTime() - now.getTime()) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45) return "just now";
  for (const [limit, unit, seconds] of STEPS) {
    if (abs < limit) return relative().format(Math.round(diff / seconds), unit);
  }
  return exact().format(date);
}
