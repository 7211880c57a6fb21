// The coach the app uses: the embedded, scripted coach when COACH_BASE_URL is unset, otherwise
// the OpenAI-compatible LLM coach with the embedded coach as its fallback for any reply the LLM
// fails to give. Callers see only the Coach interface (./types.ts).
import { parseCoachEnv, type CoachConfig } from "../../config.ts";
import { embeddedCoach } from "./embedded.ts";
import { createOpenAICoach, type CoachLog, type OpenAICoachOptions } from "./openai.ts";
import type { Coach } from "./types.ts";

export { embeddedCoach };
export type { CoachLog };

/** Writes a provider failure as one line on stderr (kind and status only; never content or keys). */
const stderrLog: CoachLog = {
  warn(details, message) {
    console.warn(JSON.stringify({ level: "warn", msg: message, ...details }));
  },
};

type CoachOptions = { log?: CoachLog } & Pick<OpenAICoachOptions, "firstTokenTimeoutMs" | "replyTimeoutMs" | "maxRetryAfterMs" | "defaultRetryAfterMs">;

/**
 * The coach for a loaded configuration (`config.coach`, see server/config.ts): the embedded
 * coach when it is null. Tests can point `config.coach` at a local protocol server.
 */
export function coachFor(config: CoachConfig | null, options: CoachOptions = {}): Coach {
  if (!config) return embeddedCoach;
  return createOpenAICoach({ ...config, ...options, log: options.log ?? stderrLog });
}

/**
 * The coach for this environment (COACH_BASE_URL, COACH_API_KEY, COACH_MODEL; see
 * server/config.ts). Throws on a half-set configuration, like the rest of the config.
 * `options` pass a logger (e.g. the app's pino logger) and, for tests, shorter timeouts.
 */
export function coachFromEnv(
  env: Record<string, string | undefined> = process.env,
  options: CoachOptions = {},
): Coach {
  return coachFor(parseCoachEnv(env), options);
}
