// The studio's preview: the embedded coach plays an unsaved scenario draft, so an author can try
// the script (and see which goals their test answers cover) before saving. Nothing is stored.
import { fieldErrorsOf } from "../../../shared/field-errors.ts";
import { DATA_SCHEMAS } from "../../../shared/schemas/content.ts";
import type { CoachPreviewInput, CoachPreviewReply } from "../../../shared/schemas/coach.ts";
import { matchGoals } from "../language/goals.ts";
import { AppError } from "../errors.ts";
import { embeddedCoach, traineeMessagesOf } from "./embedded.ts";
import type { CoachScenario } from "./types.ts";

export async function previewReply(input: CoachPreviewInput): Promise<CoachPreviewReply> {
  const parsed = DATA_SCHEMAS[input.type].safeParse(input.data);
  if (!parsed.success) {
    throw new AppError("invalid", "INVALID_CONTENT", parsed.error.issues[0]?.message ?? "Some fields need your attention.", {
      field: "data",
      fieldErrors: fieldErrorsOf(parsed.error, ["data"]),
    });
  }
  const scenario = { type: input.type, title: input.title, data: parsed.data } as CoachScenario;
  const end = await embeddedCoach.reply(scenario, input.turns).end;
  const covered = matchGoals(scenario.data.goals, traineeMessagesOf(input.turns));
  return {
    reply: end.text,
    finished: end.finished,
    // In the scenario's order, so a checklist can tick them in place.
    coveredGoals: scenario.data.goals.filter((g) => covered.has(g.id)).map((g) => g.id),
    ...(end.notice ? { notice: end.notice } : {}),
  };
}
