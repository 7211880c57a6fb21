// Call practice: like a chat, but the trainee speaks (recognised in the browser, or typed) and
// each utterance comes with the times it was spoken (the trainee's clock, sanity-checked), so
// the evaluation can measure pace. Lines are CallTranscript rows: speaker "user" or "ai".
import type { ProgressContext } from "../progress/activity.ts";
import type { PrismaClient } from "../../db/generated/client.ts";
import { Prisma } from "../../db/generated/client.ts";
import { CLOCK_SKEW_MS, SESSION_MESSAGE_CAP, UTTERANCE_MAX_MS, type CallSayInput } from "../../../shared/schemas/practice.ts";
import type { CoachTurn } from "../coach/types.ts";
import type { TranscriptTurn } from "../evaluation/types.ts";
import { AppError } from "../errors.ts";
import { coveredGoalIds, type PracticeDeps } from "./chat.ts";
import { existingEvaluation, requireTraineeTurns, storeEvaluation, type EvaluationView } from "./evaluation.ts";
import { after, coachReply, publishedScenario, requireScenarioAt, sessionEnded, sessionNotFound } from "./scenario.ts";

export const transcriptSelect = { id: true, speaker: true, text: true, timestamp: true, startedAt: true, durationMs: true, notice: true } satisfies Prisma.CallTranscriptSelect;
export type TranscriptLine = Prisma.CallTranscriptGetPayload<{ select: typeof transcriptSelect }>;

const byTime = [{ timestamp: "asc" }, { id: "asc" }] satisfies Prisma.CallTranscriptOrderByWithRelationInput[];

export async function startCall(db: PrismaClient, deps: PracticeDeps, userId: string, contentId: string) {
  const p = await publishedScenario(db, contentId, "CALL_SCENARIO");
  const now = new Date();
  const session = await db.callSession.create({
    data: {
      userId,
      scenario: p.scenario.title,
      difficulty: p.difficulty,
      contentId: p.contentId,
      contentVersion: p.version,
      startedAt: now,
      lastActivityAt: now,
      transcript: { create: [{ speaker: "ai", text: deps.coach.opening(p.scenario), timestamp: now }] },
    },
    select: { id: true, transcript: { select: transcriptSelect, orderBy: byTime } },
  });
  return { sessionId: session.id, transcript: session.transcript };
}

/** The utterance's times must be plausible: not in the future, in order, at most UTTERANCE_MAX_MS long. */
function checkTimes(input: CallSayInput, now: number) {
  if (input.endedAt > now + CLOCK_SKEW_MS) {
    throw new AppError("invalid", "BAD_TIMES", "This utterance ends in the future. Check your device's clock and try again.", { field: "endedAt" });
  }
  if (input.endedAt < input.startedAt) {
    throw new AppError("invalid", "BAD_TIMES", "An utterance cannot end before it starts.", { field: "endedAt" });
  }
  if (input.endedAt - input.startedAt > UTTERANCE_MAX_MS) {
    throw new AppError("invalid", "BAD_TIMES", `One utterance lasts at most ${UTTERANCE_MAX_MS / 60_000} minutes.`, { field: "startedAt" });
  }
}

const turnsOf = (lines: readonly { speaker: string; text: string }[]): CoachTurn[] =>
  lines.map((l) => ({ role: l.speaker === "user" ? "trainee" : "coach", text: l.text }));

/** One utterance and the coach's (complete) reply, both stored. */
export async function sayInCall(db: PrismaClient, deps: PracticeDeps, userId: string, input: CallSayInput) {
  const now = new Date();
  checkTimes(input, now.getTime());
  const { session, utterance } = await db.$transaction(async (tx) => {
    const counted = await tx.$queryRaw<{ content_id: string | null; content_version: number | null }[]>`
      UPDATE call_sessions SET message_count = message_count + 1, last_activity_at = ${now}
      WHERE id = ${input.sessionId} AND user_id = ${userId} AND status = 'ACTIVE' AND message_count < ${SESSION_MESSAGE_CAP}
      RETURNING content_id, content_version`;
    if (counted.length !== 1) {
      const s = await tx.callSession.findFirst({ where: { id: input.sessionId, userId }, select: { status: true } });
      if (!s) throw sessionNotFound();
      if (s.status !== "ACTIVE") throw sessionEnded();
      throw new AppError("conflict", "MESSAGE_LIMIT", `A call holds at most ${SESSION_MESSAGE_CAP} of your utterances. End this one to get your evaluation.`);
    }
    const last = await tx.callTranscript.findFirst({ where: { sessionId: input.sessionId }, orderBy: [{ timestamp: "desc" }, { id: "desc" }], select: { timestamp: true } });
    const utterance = await tx.callTranscript.create({
      data: {
        sessionId: input.sessionId,
        speaker: "user",
        text: input.text,
        startedAt: new Date(input.startedAt),
        durationMs: input.endedAt - input.startedAt,
        timestamp: after(last?.timestamp ?? null, now),
      },
      select: transcriptSelect,
    });
    return { session: counted[0]!, utterance };
  });
  const scenario = await requireScenarioAt(db, session.content_id, session.content_version);
  const history = await db.callTranscript.findMany({ where: { sessionId: input.sessionId }, select: { speaker: true, text: true }, orderBy: byTime });
  const turns = turnsOf(history);
  const end = await coachReply(deps.coach, scenario, turns).end;
  const reply = await db.callTranscript.create({
    data: { sessionId: input.sessionId, speaker: "ai", text: end.text, notice: end.notice ?? null, timestamp: after(utterance.timestamp) },
    select: transcriptSelect,
  });
  await db.callSession.updateMany({ where: { id: input.sessionId, userId, status: "ACTIVE" }, data: { lastActivityAt: reply.timestamp } });
  const trainee = turns.filter((t) => t.role === "trainee").map((t) => t.text);
  return { utterance, reply: { ...reply, finished: end.finished, coveredGoalIds: coveredGoalIds(scenario, trainee) } };
}

export async function endCall(db: PrismaClient, userId: string, sessionId: string, progress?: ProgressContext): Promise<{ evaluation: EvaluationView }> {
  const s = await db.callSession.findFirst({
    where: { id: sessionId, userId },
    select: { id: true, status: true, startedAt: true, contentId: true, contentVersion: true, evaluation: { select: { id: true } } },
  });
  if (!s) throw sessionNotFound();
  if (s.evaluation) return { evaluation: (await existingEvaluation(db, userId, sessionId))! };
  if (s.status !== "ACTIVE") throw sessionEnded();
  const scenario = await requireScenarioAt(db, s.contentId, s.contentVersion);
  const lines = await db.callTranscript.findMany({ where: { sessionId }, select: { speaker: true, text: true, startedAt: true, durationMs: true, timestamp: true }, orderBy: byTime });
  const turns: TranscriptTurn[] = lines.map((l) =>
    l.speaker === "user"
      ? { role: "trainee", text: l.text, ...(l.startedAt ? { startedAt: l.startedAt.getTime() } : {}), ...(l.durationMs !== null ? { durationMs: l.durationMs } : {}) }
      : // The coach's lines: when they were stored (the reply is spoken right after).
        { role: "coach", text: l.text, startedAt: l.timestamp.getTime() },
  );
  requireTraineeTurns(turns);
  const evaluation = await storeEvaluation(db, { kind: "CALL", userId, sessionId, startedAt: s.startedAt, contentId: s.contentId, contentVersion: s.contentVersion, scenario, turns, ...(progress ? { progress } : {}) });
  return { evaluation };
}
