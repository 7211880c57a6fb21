// Call practice: like a chat, but the trainee speaks (recognised in the browser, or typed) and
// each utterance comes with the times it was spoken (the trainee's clock, sanity-checked), so
// the evaluation can measure pace. Lines are CallTranscript rows: speaker "user" or "ai".
import { randomUUID } from "node:crypto";
import type { ProgressContext } from "../progress/activity.ts";
import type { PrismaClient } from "../../db/generated/client.ts";
import { Prisma } from "../../db/generated/client.ts";
import { CLOCK_SKEW_MS, SESSION_MESSAGE_CAP, UTTERANCE_MAX_MS, type CallSayInput } from "../../../shared/schemas/practice.ts";
import type { CoachTurn } from "../coach/types.ts";
import type { TranscriptTurn } from "../evaluation/types.ts";
import { AppError } from "../errors.ts";
import { statementRunner } from "../../db/statement.ts";
import { coveredGoalIds, type PracticeDeps } from "./chat.ts";
import { existingEvaluation, requireTraineeTurns, storeEvaluation, type EvaluationView } from "./evaluation.ts";
import { coachReply, publishedScenario, requireScenarioAt, sessionEnded, sessionNotFound } from "./scenario.ts";

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

/**
 * The utterance, if the session is the caller's, ACTIVE and under its cap: counted and stored
 * by one statement, timed by the session's clock (`last_activity_at`, as for chat messages:
 * chat.ts's SEND_SQL). No rows: not the caller's, ended, or at the cap.
 */
const SAY_SQL = `
  WITH counted AS (
    UPDATE call_sessions
       SET message_count = message_count + 1,
           last_activity_at = GREATEST($3::timestamp, last_activity_at + interval '1 millisecond')
     WHERE id = $1 AND user_id = $2 AND status = 'ACTIVE' AND message_count < $4
    RETURNING id, content_id, content_version, last_activity_at
  ), line AS (
    INSERT INTO call_transcripts (id, session_id, speaker, text, started_at, duration_ms, timestamp)
    SELECT $5::text, id, 'user', $6::text, $7::timestamp, $8::int, last_activity_at FROM counted
    RETURNING id, speaker, text, timestamp, started_at, duration_ms, notice
  )
  SELECT c.content_id, c.content_version, l.id, l.speaker, l.text, l.timestamp,
         l.started_at AS "startedAt", l.duration_ms AS "durationMs", l.notice
    FROM counted c CROSS JOIN line l`;

/** The call up to and including `$2` (the utterance just stored), in order: the coach's context. */
const CALL_HISTORY_SQL = `
  SELECT t.speaker, t.text FROM call_transcripts t
   WHERE t.session_id = $1 AND t.timestamp <= $2::timestamp
     AND EXISTS (SELECT 1 FROM call_sessions s WHERE s.id = $1 AND s.user_id = $3)
   ORDER BY t.timestamp, t.id`;

/** The coach's line, timed by the same clock (stored even if the call ended meanwhile; no row if it is gone). */
const CALL_REPLY_SQL = `
  WITH clock AS (
    UPDATE call_sessions SET last_activity_at = GREATEST($3::timestamp, last_activity_at + interval '1 millisecond')
     WHERE id = $1 AND user_id = $2 AND status = 'ACTIVE'
    RETURNING last_activity_at
  )
  INSERT INTO call_transcripts (id, session_id, speaker, text, notice, timestamp)
  SELECT $4::text, s.id, 'ai', $5::text, $6::text,
         COALESCE((SELECT last_activity_at FROM clock), GREATEST($3::timestamp, s.last_activity_at + interval '1 millisecond'))
    FROM call_sessions s WHERE s.id = $1 AND s.user_id = $2
  RETURNING id, speaker, text, timestamp, started_at AS "startedAt", duration_ms AS "durationMs", notice`;

/** The view of a stored line, with exactly transcriptSelect's fields. */
function lineView(r: TranscriptLine): TranscriptLine {
  return { id: r.id, speaker: r.speaker, text: r.text, timestamp: r.timestamp, startedAt: r.startedAt, durationMs: r.durationMs, notice: r.notice };
}

/** One utterance and the coach's (complete) reply, both stored: three statements, as a chat message (chat.ts). */
export async function sayInCall(db: PrismaClient, deps: PracticeDeps, userId: string, input: CallSayInput) {
  const now = new Date();
  checkTimes(input, now.getTime());
  const sql = statementRunner(db, deps.prepared);
  const said = await sql<TranscriptLine & { content_id: string | null; content_version: number | null }>("hirexp_call_say", SAY_SQL, [
    input.sessionId,
    userId,
    now.toISOString(),
    SESSION_MESSAGE_CAP,
    randomUUID(),
    input.text,
    new Date(input.startedAt).toISOString(),
    input.endedAt - input.startedAt,
  ]);
  const row = said[0];
  if (!row) {
    const s = await db.callSession.findFirst({ where: { id: input.sessionId, userId }, select: { status: true } });
    if (!s) throw sessionNotFound();
    if (s.status !== "ACTIVE") throw sessionEnded();
    throw new AppError("conflict", "MESSAGE_LIMIT", `A call holds at most ${SESSION_MESSAGE_CAP} of your utterances. End this one to get your evaluation.`);
  }
  const utterance = lineView(row);
  const scenario = await requireScenarioAt(db, row.content_id, row.content_version);
  const history = await sql<{ speaker: string; text: string }>("hirexp_call_history", CALL_HISTORY_SQL, [input.sessionId, utterance.timestamp.toISOString(), userId]);
  const turns = turnsOf(history);
  const end = await coachReply(deps.coach, scenario, turns).end;
  const replies = await sql<TranscriptLine>("hirexp_call_reply", CALL_REPLY_SQL, [input.sessionId, userId, new Date().toISOString(), randomUUID(), end.text, end.notice ?? null]);
  if (!replies[0]) throw sessionNotFound();
  const trainee = turns.filter((t) => t.role === "trainee").map((t) => t.text);
  return { utterance, reply: { ...lineView(replies[0]), finished: end.finished, coveredGoalIds: coveredGoalIds(scenario, trainee) } };
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
