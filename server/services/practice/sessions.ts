// A trainee's practice history: their chat and call sessions, newest first (keyset pages over
// both tables), and one session with its conversation, its scenario (trainee-safe) and its
// evaluation, with the previous attempt's score on the same scenario for comparison.
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import type { SessionsListInput } from "../../../shared/schemas/practice.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { seedOf, traineeSafeData } from "../content/trainee-safe.ts";
import { chatMessageSelect, coveredGoalIds } from "./chat.ts";
import { transcriptSelect } from "./call.ts";
import { evaluationSelect, evaluationView } from "./evaluation.ts";
import { scenarioAt, sessionNotFound } from "./scenario.ts";

const PAGE = 20;

const common = {
  id: true,
  difficulty: true,
  status: true,
  startedAt: true,
  endedAt: true,
  duration: true,
  contentId: true,
  contentVersion: true,
  evaluation: { select: { overallScore: true } },
} as const;
const chatListSelect = { ...common, topic: true } satisfies Prisma.ChatSessionSelect;
const callListSelect = { ...common, scenario: true } satisfies Prisma.CallSessionSelect;

export type SessionSummary = {
  id: string;
  type: "CHAT" | "CALL";
  title: string;
  difficulty: string;
  status: "ACTIVE" | "COMPLETED" | "ABANDONED";
  startedAt: Date;
  endedAt: Date | null;
  duration: number | null;
  contentId: string | null;
  contentVersion: number | null;
  overallScore: number | null;
};

type Row = Prisma.ChatSessionGetPayload<{ select: typeof common }>;
const summary = (type: "CHAT" | "CALL", title: string, { evaluation, ...r }: Row): SessionSummary => ({ ...r, type, title, overallScore: evaluation?.overallScore ?? null });

export async function listSessions(db: PrismaClient, userId: string, input: SessionsListInput) {
  const k = decodeCursor(input.cursor);
  const where = {
    userId,
    ...(input.contentId ? { contentId: input.contentId } : {}),
    ...(k ? { OR: [{ startedAt: { lt: new Date(k.v) } }, { startedAt: new Date(k.v), id: { lt: k.id } }] } : {}),
  };
  const orderBy = [{ startedAt: "desc" as const }, { id: "desc" as const }];
  const [chats, calls] = await Promise.all([
    input.type === "CALL" ? [] : db.chatSession.findMany({ where, orderBy, take: PAGE + 1, select: chatListSelect }),
    input.type === "CHAT" ? [] : db.callSession.findMany({ where, orderBy, take: PAGE + 1, select: callListSelect }),
  ]);
  const all = [
    ...chats.map(({ topic, ...r }) => summary("CHAT", topic, r)),
    ...calls.map(({ scenario, ...r }) => summary("CALL", scenario, r)),
  ].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const items = all.slice(0, PAGE);
  const last = items.at(-1);
  return { items, nextCursor: all.length > PAGE && last ? encodeCursor({ v: last.startedAt.toISOString(), id: last.id }) : null };
}

/** One of the caller's sessions with everything its pages show. */
export async function getSession(db: PrismaClient, userId: string, sessionId: string) {
  const [chat, call] = await Promise.all([
    db.chatSession.findFirst({
      where: { id: sessionId, userId },
      select: { ...chatListSelect, messages: { where: { role: { not: "SYSTEM" } }, select: chatMessageSelect, orderBy: [{ timestamp: "asc" }, { id: "asc" }] } },
    }),
    db.callSession.findFirst({
      where: { id: sessionId, userId },
      select: { ...callListSelect, recordingUrl: true, transcript: { select: transcriptSelect, orderBy: [{ timestamp: "asc" }, { id: "asc" }] } },
    }),
  ]);
  if (!chat && !call) throw sessionNotFound();
  const base = chat ? summary("CHAT", chat.topic, chat) : summary("CALL", call!.scenario, call!);
  const scenario = await scenarioAt(db, base.contentId, base.contentVersion);
  const traineeTexts = chat ? chat.messages.filter((m) => m.role === "USER").map((m) => m.content) : call!.transcript.filter((l) => l.speaker === "user").map((l) => l.text);
  const lastCoach = chat ? chat.messages.findLast((m) => m.role === "ASSISTANT")?.content : call!.transcript.findLast((l) => l.speaker === "ai")?.text;
  const [evaluation, previous] = await Promise.all([
    db.evaluation.findFirst({ where: { sessionId, userId }, select: evaluationSelect }),
    previousAttempt(db, userId, base),
  ]);
  return {
    ...base,
    scenario: scenario
      ? { type: scenario.type, title: scenario.title, data: traineeSafeData(scenario.type, scenario.data, seedOf(`${base.contentId}:${base.contentVersion}`)) }
      : null,
    messages: chat?.messages ?? null,
    transcript: call?.transcript ?? null,
    /** The app URL of the call's recording of the trainee's side (owner and admins only), or null. */
    recordingUrl: call?.recordingUrl ?? null,
    coveredGoalIds: scenario ? coveredGoalIds(scenario, traineeTexts) : [],
    /** Whether the coach has said the scenario's closing line. */
    finished: !!scenario && lastCoach === scenario.data.closing,
    evaluation: evaluation ? evaluationView(evaluation) : null,
    previous,
  };
}

/** The caller's latest evaluated attempt on the same scenario that started before this one. */
async function previousAttempt(db: PrismaClient, userId: string, s: SessionSummary) {
  if (!s.contentId) return null;
  const where = { userId, contentId: s.contentId, startedAt: { lt: s.startedAt }, evaluation: { isNot: null } };
  const select = { id: true, startedAt: true, evaluation: { select: { overallScore: true } } } as const;
  const orderBy = [{ startedAt: "desc" as const }, { id: "desc" as const }];
  const row = s.type === "CHAT" ? await db.chatSession.findFirst({ where, select, orderBy }) : await db.callSession.findFirst({ where, select, orderBy });
  return row?.evaluation ? { sessionId: row.id, startedAt: row.startedAt, overallScore: row.evaluation.overallScore } : null;
}
