// Chat practice: start a session on a published CHAT_SCENARIO, exchange messages with the
// coach, end it (evaluation) or abandon it. Every query names the owner (ownership in the
// query): another trainee's session id is simply not found.
import type { ProgressContext } from "../progress/activity.ts";
import type { PrismaClient } from "../../db/generated/client.ts";
import { Prisma } from "../../db/generated/client.ts";
import { SESSION_MESSAGE_CAP, type ChatSendInput } from "../../../shared/schemas/practice.ts";
import type { Coach, CoachScenario, CoachTurn } from "../coach/types.ts";
import type { TranscriptTurn } from "../evaluation/types.ts";
import { matchGoals } from "../language/goals.ts";
import { AppError } from "../errors.ts";
import { abandonSession, existingEvaluation, requireTraineeTurns, storeEvaluation, type EvaluationView } from "./evaluation.ts";
import { after, coachReply, publishedScenario, requireScenarioAt, sessionEnded, sessionNotFound } from "./scenario.ts";

export type PracticeDeps = { coach: Coach };

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
  const session = await db.chatSession.create({
    data: {
      userId,
      topic: p.scenario.title,
      difficulty: p.difficulty,
      contentId: p.contentId,
      contentVersion: p.version,
      startedAt: now,
      lastActivityAt: now,
      messages: {
        create: [
          // The brief, for the record (and an LLM coach's context); never shown as a bubble.
          { role: "SYSTEM", content: p.scenario.data.brief, timestamp: now },
          { role: "ASSISTANT", content: opening, timestamp: after(now, now) },
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
 * One exchange: stores the trainee's message (if the session is the caller's, ACTIVE and under
 * its cap: decided and counted by one conditional UPDATE, so concurrent sends cannot exceed
 * the cap), then asks the coach. The reply arrives as `chunks` and is stored when complete
 * (`reply`), even if nobody listens to the chunks. Both the plain and the streaming procedure
 * use this.
 */
export async function chatTurn(db: PrismaClient, deps: PracticeDeps, userId: string, input: ChatSendInput) {
  const now = new Date();
  const { session, message, history } = await db.$transaction(async (tx) => {
    const counted = await tx.$queryRaw<{ content_id: string | null; content_version: number | null }[]>`
      UPDATE chat_sessions SET message_count = message_count + 1, last_activity_at = ${now}
      WHERE id = ${input.sessionId} AND user_id = ${userId} AND status = 'ACTIVE' AND message_count < ${SESSION_MESSAGE_CAP}
      RETURNING content_id, content_version`;
    if (counted.length !== 1) {
      const s = await tx.chatSession.findFirst({ where: { id: input.sessionId, userId }, select: { status: true } });
      if (!s) throw sessionNotFound();
      if (s.status !== "ACTIVE") throw sessionEnded();
      throw new AppError("conflict", "MESSAGE_LIMIT", `A session holds at most ${SESSION_MESSAGE_CAP} of your messages. End this one to get your evaluation.`);
    }
    // The conversation so far, in order: its last time orders the new message after it, and it
    // is the coach's context (one read instead of two).
    const earlier = await tx.chatMessage.findMany({ where: { sessionId: input.sessionId }, select: { role: true, content: true, timestamp: true }, orderBy: byTime });
    const message = await tx.chatMessage.create({
      data: { sessionId: input.sessionId, role: "USER", content: input.content, timestamp: after(earlier.at(-1)?.timestamp ?? null, now) },
      select: chatMessageSelect,
    });
    return { session: counted[0]!, message, history: [...earlier, message] };
  });
  const scenario = await requireScenarioAt(db, session.content_id, session.content_version);
  const turns = turnsOf(history);
  const stream = coachReply(deps.coach, scenario, turns);
  const reply: Promise<ChatReply> = stream.end.then(async (end) => {
    const stored = await db.chatMessage.create({
      data: { sessionId: input.sessionId, role: "ASSISTANT", content: end.text, notice: end.notice ?? null, timestamp: after(message.timestamp) },
      select: chatMessageSelect,
    });
    await db.chatSession.updateMany({ where: { id: input.sessionId, userId, status: "ACTIVE" }, data: { lastActivityAt: stored.timestamp } });
    const trainee = turns.filter((t) => t.role === "trainee").map((t) => t.text);
    return { ...stored, finished: end.finished, coveredGoalIds: coveredGoalIds(scenario, trainee) };
  });
  reply.catch(() => {});
  return { message, chunks: stream.chunks, reply };
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
