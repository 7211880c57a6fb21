// Words and small formatting helpers for the practice session pages.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../../server/routers/app.ts";
import type { Skill } from "../../../shared/schemas/content.ts";

export type SessionDetail = inferRouterOutputs<AppRouter>["practice"]["sessions"]["get"];
export type SessionSummary = inferRouterOutputs<AppRouter>["practice"]["sessions"]["list"]["items"][number];
export type Evaluation = NonNullable<SessionDetail["evaluation"]>;

export const SKILL_LABELS: Record<Skill, string> = {
  fluency: "Fluency",
  grammar: "Grammar",
  vocabulary: "Vocabulary",
  clarity: "Clarity",
  professionalism: "Professionalism",
  taskCompletion: "Task completion",
  pace: "Pace",
};

export const STATUS_LABELS = { ACTIVE: "In progress", COMPLETED: "Completed", ABANDONED: "Abandoned" } as const;
export const STATUS_COLORS = { ACTIVE: "blue", COMPLETED: "teal", ABANDONED: "gray" } as const;

/** "4:05" from seconds (or "—" when unknown). */
export function formatClock(totalSeconds: number | null | undefined): string {
  if (totalSeconds === null || totalSeconds === undefined) return "—";
  const s = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/** A score as shown: whole points. */
export const scoreText = (n: number) => String(Math.round(n));

/** "+8 since last time", "−3 since last time", "Same as last time". */
export function comparisonText(now: number, before: number): string {
  const d = Math.round(now) - Math.round(before);
  if (d === 0) return "Same as last time";
  return `${d > 0 ? "+" : "−"}${Math.abs(d)} since last time`;
}
