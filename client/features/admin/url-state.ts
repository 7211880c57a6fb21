// Filters kept in the URL's query string, so a filtered list can be shared, bookmarked
// and reloaded. Empty values are left out of the URL.
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";

export type ParamValues<K extends string> = Record<K, string>;

export function useUrlParams<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = useMemo(
    () => Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ""])) as ParamValues<K>,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [params, keys.join(",")],
  );
  const set = useCallback(
    (patch: Partial<ParamValues<K>>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch) as [K, string | undefined][]) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        // Typing in a filter should not add a history entry per keystroke.
        { replace: true },
      ),
    [setParams],
  );
  const clear = useCallback(() => set(Object.fromEntries(keys.map((k) => [k, ""])) as Partial<ParamValues<K>>), [set, keys]);
  return { values, set, clear };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The start of a `YYYY-MM-DD` day in the browser's time zone (undefined when not a date). */
export function startOfDay(day: string): Date | undefined {
  if (!DAY.test(day)) return undefined;
  const d = new Date(`${day}T00:00:00`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The last millisecond of a `YYYY-MM-DD` day in the browser's time zone. */
export function endOfDay(day: string): Date | undefined {
  if (!DAY.test(day)) return undefined;
  const d = new Date(`${day}T23:59:59.999`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** `value` when it is one of `allowed`, else undefined (a hand-edited URL must not break the page). */
export function oneOf<T extends string>(value: string, allowed: readonly T[]): T | undefined {
  return (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}
