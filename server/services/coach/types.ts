// The coach's interface: the rest of the app talks to a coach only through these types and
// never knows which provider answered (the embedded, scripted coach or an OpenAI-compatible
// LLM). A coach is stateless: the scenario and the conversation so far determine the reply.
import type { CallScenarioData, ChatScenarioData } from "../../../shared/schemas/content.ts";

export type CoachScenario =
  | { type: "CHAT_SCENARIO"; title: string; data: ChatScenarioData }
  | { type: "CALL_SCENARIO"; title: string; data: CallScenarioData };

/** One turn of the conversation, oldest first. The coach's opening is the first coach turn. */
export type CoachTurn = { role: "coach" | "trainee"; text: string };

/** What a finished reply says besides its text. */
export type CoachReplyEnd = {
  /** The whole reply (the concatenated chunks). */
  text: string;
  /** Which provider produced the text that was sent. */
  provider: "embedded" | "llm";
  /** Set when the LLM failed and the embedded coach answered instead: a short, user-facing reason. */
  notice?: string;
  /** True when this reply is the scenario's closing: the conversation is over. */
  finished: boolean;
};

/**
 * A reply as it is produced: iterate to get text chunks as they arrive (the embedded coach
 * yields a few words at a time), then read `end` (resolves after the last chunk).
 */
export type CoachReply = AsyncIterable<string> & { end: Promise<CoachReplyEnd> };

export type Coach = {
  /** The coach's first line (the scenario's opening). */
  opening(scenario: CoachScenario): string;
  /** The next coach reply given the conversation so far (its last turn is the trainee's). */
  reply(scenario: CoachScenario, turns: readonly CoachTurn[], options?: { signal?: AbortSignal }): CoachReply;
};
