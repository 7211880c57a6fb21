// Chat practice: start a session on a published CHAT_SCENARIO, exchange messages with the
// coach, end it (evaluation) or abandon it. Every query names the owner (ownership in the
// query): another trainee's session id is simply not found.
import { randomUUID } from "node:crypto";
import type { ProgressContext } from "../progress/activity.ts";
import type { PrismaClient } from "../../db/generated/client.ts";
import { Prisma } from "../../db/generated/client.ts";
import { SESSION_MESSAGE_CAP, type ChatSendInput } from "../../../shared/schemas/practice.ts";
import type { Coach, CoachScenario, CoachTurn } from "../coach/types.ts";
import type { TranscriptTurn } from "../evaluation/types.ts";
import { matchGoals } from "../language/goals.ts";
import { AppError } from "../errors.ts";
import { statementRunner, type Statement } from "../../db/statement.ts";
import { abandonSession, existingEvaluation, requireTraineeTurns, storeEvaluation, type EvaluationView } from "./evaluation.ts";
import { after, coachReply, publishedScenario, requireScenarioAt, sessionEnded, sessionNotFound } from "./scenario.ts";

export type PracticeDeps = {
  coach: Coach;
  /** The pg pool's prepared statements (server/db/statement.ts), when the database is a real PostgreSQL. */
  prepared?: Statement | undefined;
};

export const chatMessageSelect = { id: true, role: true, content: true, timestamp: true, notice: true } satisfies Prisma.ChatMessageSelect;
export type ChatMessageView = Prisma.ChatMessageGetPayload<{ select: typeof chatMessageSelect }>;

const byTime = [{ timestamp: "asc" }, { id: "asc" }] satisfies Prisma.ChatMessageOrderByWithRelationInput[];

/** The goals covered so far by the trainee's messages (ids, in the scenario's order). */
export function coveredGoalIds(scenario: CoachScenario, traineeTexts: readonly string[]): string[] {
  const hits = matchGoals(scenario.data.goals, traineeTexts);
  return scenario.data.goals.filter((g) => hits.has(g.id)).map((g) => g.id);
}

export async function startChat(db: PrismaClient, deps: PracticeDeps, userId: string, contentId: string) {
  const p = await publishedScenario(db, contentId, "CHAT_SCENARIO");
  const opening = deps.coach.opening(p.scenario);
  const now = new Date();
  const openedAt = after(now, now);
  const session = await db.chatSession.create({
    data: {
      userId,
      topic: p.scenario.title,
      difficulty: p.difficulty,
      contentId: p.contentId,
      contentVersion: p.version,
      startedAt: now,
      // The session's clock (SEND_SQL): never behind its latest message.
      lastActivityAt: openedAt,
      messages: {
        create: [
          // The brief, for the record (and an LLM coach's context); never shown as a bubble.
          { role: "SYSTEM", content: p.scenario.data.brief, timestamp: now },
          { role: "ASSISTANT", content: opening, timestamp: openedAt },
        ],
      },
    },
    select: { id: true, messages: { where: { role: { not: "SYSTEM" } }, select: chatMessageSelect, orderBy: byTime } },
  });
  return { sessionId: session.id, messages: session.messages };
}

/** The conversation as coach turns (SYSTEM messages are not turns). */
function turnsOf(messages: readonly { role: string; content: string }[]): CoachTurn[] {
  return messages.filter((m) => m.role !== "SYSTEM").map((m) => ({ role: m.role === "USER" ? "trainee" : "coach", text: m.content }));
}

export type ChatReply = ChatMessageView & { finished: boolean; coveredGoalIds: string[] };

/**
 * Stores the trainee's message if the session is the caller's, ACTIVE and under its cap:
 * decided and counted by one conditional UPDATE (concurrent sends cannot exceed the cap), and
 * the message inserted by the same statement. The session's last_activity_at is its clock: each
 * message takes `GREATEST(now, last_activity_at + 1 ms)` under the session row's lock, so the
 * messages of a session are strictly ordered even when two sends race (startChat sets it to the
 * opening's time). No rows: not the caller's, ended, or at the cap (told apart afterwards).
 */
const SEND_SQL = `
  WITH counted AS (
    UPDATE chat_sessions
       SET message_count = message_count + 1,
           last_activity_at = GREATEST($3::timestamp, last_activity_at + interval '1 millisecond')
     WHERE id = $1 AND user_id = $2 AND status = 'ACTIVE' AND message_count < $4
    RETURNING id, content_id, content_version, last_activity_at
  ), message AS (
    INSERT INTO chat_messages (id, session_id, role, content, timestamp)
    SELECT $5::text, id, 'USER'::"MessageRole", $6::text, last_activity_at FROM counted
    RETURNING id, role, content, timestamp, notice
  )
  SELECT c.content_id, c.content_version, m.id, m.role::text AS role, m.content, m.timestamp, m.notice
    FROM counted c CROSS JOIN message m`;

/** The conversation up to and including `$2` (the time of the message just stored), in order: the coach's context. */
const HISTORY_SQL = `
  SELECT m.role::text AS role, m.content FROM chat_messages m
   WHERE m.session_id = $1 AND m.timestamp <= $2::timestamp
     AND EXISTS (SELECT 1 FROM chat_sessions s WHERE s.id = $1 AND s.user_id = $3)
   ORDER BY m.timestamp, m.id`;

/**
 * The coach's reply, timed by the same clock. Stored even if the session ended meanwhile (then
 * after the session's last time, without moving it); no row if the session is gone.
 */
const REPLY_SQL = `
  WITH clock AS (
    UPDATE chat_sessions SET last_activity_at = GREATEST($3::timestamp, last_activity_at + interval '1 millisecond')
     WHERE id = $1 AND user_id = $2 AND status = 'ACTIVE'
    RETURNING last_activity_at
  )
  INSERT INTO chat_messages (id, session_id, role, content, notice, timestamp)
  SELECT $4::text, s.id, 'ASSISTANT'::"MessageRole", $5::text, $6::text,
         COALESCE((SELECT last_activity_at FROM clock), GREATEST($3::timestamp, s.last_activity_at + interval '1 millisecond'))
    FROM chat_sessions s WHERE s.id = $1 AND s.user_id = $2
  RETURNING id, role::text AS role, content, timestamp, notice`;

type SentRow = ChatMessageView & { content_id: string | null; content_version: number | null };

/**
 * One exchange: stores the trainee's message (SEND_SQL), then asks the coach. The reply arrives
 * as `chunks` and is stored when complete (`reply`), even if nobody listens to the chunks. Both
 * the plain and the streaming procedure use this. Three statements in all, on the pg pool's
 * prepared statements when there are (deps.prepared).
 */
export async function chatTurn(db: PrismaClient, deps: PracticeDeps, userId: string, input: ChatSendInput) {
  const sql = statementRunner(db, deps.prepared);
  const now = new Date();
  const sent = await sql<SentRow>("hirexp_chat_send", SEND_SQL, [input.sessionId, userId, now.toISOString(), SESSION_MESSAGE_CAP, randomUUID(), input.content]);
  const row = sent[0];
  if (!row) {
    const s = await db.chatSession.findFirst({ where: { id: input.sessionId, userId }, select: { status: true } });
    if (!s) throw sessionNotFound();
    if (s.status !== "ACTIVE") throw sessionEnded();
    throw new AppError("conflict", "MESSAGE_LIMIT", `A session holds at most ${SESSION_MESSAGE_CAP} of your messages. End this one to get your evaluation.`);
  }
  const message = messageView(row);
  const scenario = await requireScenarioAt(db, row.content_id, row.content_version);
  const history = await sql<{ role: string; content: string }>("hirexp_chat_history", HISTORY_SQL, [input.sessionId, message.timestamp.toISOString(), userId]);
  const turns = turnsOf(history);
  const stream = coachReply(deps.coach, scenario, turns);
  const reply: Promise<ChatReply> = stream.end.then(async (end) => {
    const rows = await sql<ChatMessageView>("hirexp_chat_reply", REPLY_SQL, [input.sessionId, userId, new Date().toISOString(), randomUUID(), end.text, end.notice ?? null]);
    if (!rows[0]) throw sessionNotFound();
    const trainee = turns.filter((t) => t.role === "trainee").map((t) => t.text);
    return { ...messageView(rows[0]), finished: end.finished, coveredGoalIds: coveredGoalIds(scenario, trainee) };
  });
  reply.catch(() => {});
  return { message, chunks: stream.chunks, reply };
}

/** The view of a stored message, with exactly chatMessageSelect's fields. */
function messageView(r: ChatMessageView): ChatMessageView {
  return { id: r.id, role: r.role, content: r.content, timestamp: r.timestamp, notice: r.notice };
}

/** `practice.chat.send`: the exchange, once the reply is complete. */
export async function sendChat(db: PrismaClient, deps: PracticeDeps, userId: string, input: ChatSendInput) {
  const t = await chatTurn(db, deps, userId, input);
  return { message: t.message, reply: await t.reply };
}

export type ChatStreamEvent =
  | { type: "message"; message: ChatMessageView }
  | { type: "chunk"; text: string }
  | { type: "reply"; reply: ChatReply };

/** The streaming form of the same exchange: the stored message, the reply's chunks, then the stored reply. */
export async function streamChat(db: PrismaClient, deps: PracticeDeps, userId: string, input: ChatSendInput): Promise<AsyncGenerator<ChatStreamEvent>> {
  const t = await chatTurn(db, deps, userId, input);
  return (async function* () {
    yield { type: "message", message: t.message };
    for await (const text of t.chunks) yield { type: "chunk", text };
    yield { type: "reply", reply: await t.reply };
  })();
}

export async function endChat(db: PrismaClient, userId: string, sessionId: string, progress?: ProgressContext): Promise<{ evaluation: EvaluationView }> {
  const s = await db.chatSession.findFirst({
    where: { id: sessionId, userId },
    select: { id: true, status: true, startedAt: true, contentId: true, contentVersion: true, evaluation: { select: { id: true } } },
  });
  if (!s) throw sessionNotFound();
  if (s.evaluation) return { evaluation: (await existingEvaluation(db, userId, sessionId))! };
  if (s.status !== "ACTIVE") throw sessionEnded();
  const scenario = await requireScenarioAt(db, s.contentId, s.contentVersion);
  const messages = await db.chatMessage.findMany({ where: { sessionId, role: { not: "SYSTEM" } }, select: { role: true, content: true }, orderBy: byTime });
  const turns: TranscriptTurn[] = turnsOf(messages);
  requireTraineeTurns(turns);
  const evaluation = await storeEvaluation(db, { kind: "CHAT", userId, sessionId, startedAt: s.startedAt, contentId: s.contentId, contentVersion: s.contentVersion, scenario, turns, ...(progress ? { progress } : {}) });
  return { evaluation };
}

export function abandonChat(db: PrismaClient, userId: string, sessionId: string) {
  return abandonSession(db, "CHAT", userId, sessionId);
}
