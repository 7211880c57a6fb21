// Words and small helpers of the assessment pages.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../../server/routers/app.ts";

type Out = inferRouterOutputs<AppRouter>["assessments"];
export type Attempt = Out["attempt"];
export type AssessmentResult = Out["get"];
export type ReviewItem = AssessmentResult["review"][number];
export type HistoryItem = Out["history"]["items"][number];

export const ASSESSMENT_TYPE_LABELS: Record<string, string> = {
  grammar: "Grammar",
  vocabulary: "Vocabulary",
  reading: "Reading",
  listening: "Listening",
  writing: "Writing",
};
export const typeLabel = (t: string) => ASSESSMENT_TYPE_LABELS[t] ?? t;

/** "4:05" (or "1:02:03") for a number of seconds. */
export function clock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/** An answer in words, for the review. */
export function answerText(item: Pick<ReviewItem, "kind" | "options">, value: unknown): string {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return "no answer";
  switch (item.kind) {
    case "single":
      return typeof value === "number" ? (item.options?.[value] ?? "no answer") : "no answer";
    case "multiple":
      return Array.isArray(value) ? (value as number[]).map((i) => item.options?.[i] ?? "?").join("; ") : "no answer";
    case "true_false":
      return value === true ? "True" : "False";
    case "text":
      return String(value);
    case "order":
      return Array.isArray(value) ? (value as string[]).join(" → ") : "no answer";
  }
}

/** How many plays a listening section allows: the first and two replays. */
export const LISTEN_PLAYS = 3;
