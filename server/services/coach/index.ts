// TEMPORARY: a minimal stand-in so practice sessions can run before the real coach is merged;
// the lead replaces this file with the real module. It replays the script: opening, then each
// step's `say` in order, then the closing; it yields a few words at a time.
import type { Coach, CoachReply, CoachReplyEnd, CoachScenario, CoachTurn } from "./types.ts";

function replay(scenario: CoachScenario, turns: readonly CoachTurn[]): CoachReply {
  const said = turns.filter((t) => t.role === "coach").length; // the opening counts as one
  const steps = scenario.data.steps;
  const finished = said - 1 >= steps.length;
  const text = finished ? scenario.data.closing : steps[said - 1]!.say;
  const words = text.split(/(?<= )/);
  let resolve!: (e: CoachReplyEnd) => void;
  const end = new Promise<CoachReplyEnd>((r) => (resolve = r));
  return {
    end,
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < words.length; i += 3) yield words.slice(i, i + 3).join("");
      resolve({ text, provider: "embedded", finished });
    },
  };
}

export const embeddedCoach: Coach = { opening: (s) => s.data.opening, reply: (s, turns) => replay(s, turns) };

export function coachFromEnv(_env: NodeJS.ProcessEnv = process.env): Coach {
  return embeddedCoach;
}
