// Inputs of the coach's procedures. The preview (content.previewReply) runs the embedded coach
// on an unsaved scenario draft, so the studio can try a script before saving it; `data` is
// checked against the scenario's schema on the server (fieldErrors by dotted path, "data.steps.0.say").
import { z } from "zod";
import { ContentTitle } from "./content.ts";

/** At most this many turns in a preview conversation. */
export const PREVIEW_MAX_TURNS = 60;
/** At most this many characters in one turn. */
export const PREVIEW_MAX_TEXT = 2000;

export const CoachTurnInput = z.object({
  role: z.enum(["coach", "trainee"], { error: "A turn is the coach's or the trainee's" }),
  text: z
    .string({ error: "A message is required" })
    .trim()
    .min(1, "A message is required")
    .max(PREVIEW_MAX_TEXT, `A message has at most ${PREVIEW_MAX_TEXT} characters`),
});

export const CoachPreviewInput = z.object({
  type: z.enum(["CHAT_SCENARIO", "CALL_SCENARIO"], { error: "Preview works for chat and call scenarios" }),
  title: ContentTitle,
  data: z.unknown(),
  turns: z.array(CoachTurnInput).max(PREVIEW_MAX_TURNS, `A preview holds at most ${PREVIEW_MAX_TURNS} messages; restart it`),
});
export type CoachPreviewInput = z.infer<typeof CoachPreviewInput>;

/** What the preview answers: the coach's reply and the goals the trainee's messages covered so far. */
export type CoachPreviewReply = { reply: string; finished: boolean; coveredGoals: string[]; notice?: string };
