// TEMPORARY: a minimal stand-in so practice sessions can run before the real evaluation
// engine is merged; the lead replaces this file with the real module. Every skill gets 50.
import { matchGoals } from "../language/goals.ts";
import type { EvaluateInput, EvaluationResult, EvaluationSkill, SkillScore } from "./types.ts";

export async function warmUp(): Promise<void> {}

export async function evaluateSession(input: EvaluateInput): Promise<EvaluationResult> {
  const skills: EvaluationSkill[] = ["fluency", "grammar", "vocabulary", "clarity", "professionalism", "taskCompletion"];
  if (input.scenario.type === "CALL_SCENARIO") skills.push("pace");
  // `turn` in annotations and goals: an index into input.turns.
  const traineeTurns = input.turns.flatMap((t, i) => (t.role === "trainee" ? [i] : []));
  const trainee = traineeTurns.map((i) => input.turns[i]!.text);
  const hits = matchGoals(input.scenario.data.goals, trainee);
  const scores = Object.fromEntries(skills.map((s): [EvaluationSkill, SkillScore] => [s, { score: 50, summary: `${s}: placeholder`, metrics: {} }]));
  const first = trainee[0] ?? "";
  return {
    overallScore: 50,
    scores,
    strengths: [{ skill: "clarity", title: "You answered", quote: first }],
    improvements: [{ skill: "fluency", title: "Say more", quote: first, better: first }],
    feedback: {
      summary: "Placeholder evaluation.",
      annotations: first ? [{ turn: traineeTurns[0]!, start: 0, end: Math.min(4, first.length), rule: "placeholder", message: "Placeholder finding", suggestion: "Example" }] : [],
      goals: input.scenario.data.goals.map((g) => {
        const h = hits.get(g.id);
        return { id: g.id, description: g.description, covered: !!h, quote: h?.sentence ?? null, turn: h ? traineeTurns[h.messageIndex]! : null };
      }),
      metrics: {},
    },
  };
}
