// Inputs of the practice procedures (chat and call sessions with the coach), shared by the
// server and the SPA's forms.
import { z } from "zod";

const Id = z.string().trim().min(1, "An id is required").max(64, "Not a valid id");

/** The longest chat message a trainee may send. */
export const MESSAGE_MAX = 2000;
/** The most trainee messages (chat) or utterances (call) one session holds. */
export const SESSION_MESSAGE_CAP = 200;
/** An ACTIVE session with no message for this long is abandoned by the periodic job. */
export const SESSION_IDLE_MS = 30 * 60_000;
/** The longest utterance `practice.call.say` accepts. */
export const UTTERANCE_MAX_MS = 5 * 60_000;
/** How far in the future (client clock ahead of ours) an utterance's end may be. */
export const CLOCK_SKEW_MS = 60_000;

export const StartSessionInput = z.object({ contentId: Id });
export const SessionIdInput = z.object({ sessionId: Id });

export const ChatSendInput = z.object({
  sessionId: Id,
  content: z
    .string()
    .trim()
    .min(1, "Write a message first")
    .max(MESSAGE_MAX, `A message has at most ${MESSAGE_MAX} characters`),
});
export type ChatSendInput = z.infer<typeof ChatSendInput>;

/** Times are milliseconds since the epoch, on the trainee's clock. */
const EpochMs = z.number().int("Whole milliseconds").min(0, "Not a valid time").max(8_000_000_000_000, "Not a valid time");

export const CallSayInput = z.object({
  sessionId: Id,
  text: z.string().trim().min(1, "Say something first").max(MESSAGE_MAX, `An utterance has at most ${MESSAGE_MAX} characters`),
  startedAt: EpochMs,
  endedAt: EpochMs,
});
export type CallSayInput = z.infer<typeof CallSayInput>;

export const SESSION_TYPES = ["CHAT", "CALL"] as const;
export const SessionsListInput = z.object({
  type: z.enum(SESSION_TYPES).optional(),
  /** Only sessions of this content item (the scenario page's past attempts). */
  contentId: Id.optional(),
  cursor: z.string().max(500, "Not a valid cursor").optional(),
});
export type SessionsListInput = z.infer<typeof SessionsListInput>;
