// Ending a session: the evaluation engine scores the transcript, then one transaction marks the
// session COMPLETED (only if it is still ACTIVE: one conditional UPDATE decides between
// concurrent ends), writes the Evaluation row and records a completion of the content item.
// Ending twice returns the same evaluation.
import { Prisma, type PrismaClient } from "../../db/generated/client.ts";
import type { CoachScenario } from "../coach/types.ts";
import { evaluateSession } from "../evaluation/index.ts";
import type { EvidenceItem, EvaluationResult, TranscriptTurn } from "../evaluation/types.ts";
import { recordCompletion } from "../content/catalog.ts";
import { AppError } from "../errors.ts";
import { recordActivity, type ProgressContext } from "../progress/activity.ts";
import { sessionEnded, sessionNotFound, type Db } from "./scenario.ts";

export type SessionKind = "CHAT" | "CALL";

export const evaluationSelect = {
  id: true,
  sessionId: true,
  sessionType: true,
  overallScore: true,
  scores: true,
  feedback: true,
  createdAt: true,
} satisfies Prisma.EvaluationSelect;

type EvaluationRow = Prisma.EvaluationGetPayload<{ select: typeof evaluationSelect }>;
type StoredFeedback = EvaluationResult["feedback"] & { strengths: EvidenceItem[]; improvements: EvidenceItem[] };

/** What the API returns of an evaluation: the engine's result as stored. */
export function evaluationView(row: EvaluationRow) {
  const { strengths, improvements, ...feedback } = row.feedback as unknown as StoredFeedback;
  return {
    id: row.id,
    sessionId: row.sessionId,
    sessionType: row.sessionType,
    overallScore: row.overallScore,
    scores: row.scores as unknown as EvaluationResult["scores"],
    strengths: strengths ?? [],
    improvements: improvements ?? [],
    feedback,
    createdAt: row.createdAt,
  };
}
export type EvaluationView = ReturnType<typeof evaluationView>;

const line = (e: EvidenceItem) => (e.quote ? `${e.title}: "${e.quote}"` : e.title);

type Ending = {
  kind: SessionKind;
  userId: string;
  sessionId: string;
  startedAt: Date;
  contentId: string | null;
  contentVersion: number | null;
  scenario: CoachScenario;
  turns: TranscriptTurn[];
  /** Where progress/certificate links point (APP_URL); defaults to the APP_URL env or localhost. */
  progress?: ProgressContext;
};

/**
 * Scores `turns` and stores the result, unless another call ended the session first (then
 * that call's evaluation is returned).
 */
export async function storeEvaluation(db: PrismaClient, e: Ending): Promise<EvaluationView> {
  const result = await evaluateSession({ scenario: e.scenario, turns: e.turns });
  const now = new Date();
  const duration = Math.max(0, Math.round((now.getTime() - e.startedAt.getTime()) / 1000));
  const table = e.kind === "CHAT" ? Prisma.sql`chat_sessions` : Prisma.sql`call_sessions`;
  const stored = await db.$transaction(async (tx) => {
    const ended = await tx.$executeRaw`
      UPDATE ${table} SET status = 'COMPLETED', ended_at = ${now}, duration = ${duration}
      WHERE id = ${e.sessionId} AND user_id = ${e.userId} AND status = 'ACTIVE'`;
    if (ended !== 1) return null;
    const feedback: StoredFeedback = { ...result.feedback, strengths: result.strengths, improvements: result.improvements };
    const row = await tx.evaluation.create({
      data: {
        userId: e.userId,
        sessionType: e.kind,
        sessionId: e.sessionId,
        ...(e.kind === "CHAT" ? { chatSessionId: e.sessionId } : { callSessionId: e.sessionId }),
        scores: result.scores as Prisma.InputJsonValue,
        feedback: feedback as unknown as Prisma.InputJsonValue,
        strengths: result.strengths.map(line),
        improvements: result.improvements.map(line),
        overallScore: result.overallScore,
      },
      select: evaluationSelect,
    });
    if (e.contentId && e.contentVersion !== null) {
      await recordCompletion(tx, {
        contentId: e.contentId,
        contentVersion: e.contentVersion,
        userId: e.userId,
        score: result.overallScore,
        details: { sessionType: e.kind, sessionId: e.sessionId },
      });
    }
    await recordActivity(
      tx,
      e.userId,
      { kind: "practice", sessionType: e.kind, sessionId: e.sessionId, contentId: e.contentId, overallScore: result.overallScore, durationSeconds: duration, at: now },
      e.progress ?? { appUrl: process.env.APP_URL ?? "http://localhost" },
    );
    return row;
  });
  if (stored) return evaluationView(stored);
  const existing = await existingEvaluation(db, e.userId, e.sessionId);
  if (existing) return existing;
  throw sessionEnded();
}

export async function existingEvaluation(db: Db, userId: string, sessionId: string): Promise<EvaluationView | null> {
  const row = await db.evaluation.findFirst({ where: { sessionId, userId }, select: evaluationSelect });
  return row ? evaluationView(row) : null;
}

/** Refuses to score a conversation in which the trainee said nothing. */
export function requireTraineeTurns(turns: readonly TranscriptTurn[]): void {
  if (!turns.some((t) => t.role === "trainee")) {
    throw new AppError("invalid", "NOTHING_TO_EVALUATE", "Say something to the coach first: there is nothing to evaluate yet.");
  }
}

/** Marks an ACTIVE session ABANDONED (no evaluation). Abandoning an ended session changes nothing. */
export async function abandonSession(db: PrismaClient, kind: SessionKind, userId: string, sessionId: string) {
  const table = kind === "CHAT" ? Prisma.sql`chat_sessions` : Prisma.sql`call_sessions`;
  const rows = await db.$queryRaw<{ status: string }[]>`
    UPDATE ${table} SET status = 'ABANDONED', ended_at = (now() AT TIME ZONE 'UTC'),
      duration = GREATEST(0, EXTRACT(EPOCH FROM ((now() AT TIME ZONE 'UTC') - started_at))::int)
    WHERE id = ${sessionId} AND user_id = ${userId} AND status = 'ACTIVE'
    RETURNING status::text`;
  if (rows.length === 1) return { status: "ABANDONED" as const };
  const s =
    kind === "CHAT"
      ? await db.chatSession.findFirst({ where: { id: sessionId, userId }, select: { status: true } })
      : await db.callSession.findFirst({ where: { id: sessionId, userId }, select: { status: true } });
  if (!s) throw sessionNotFound();
  return { status: s.status };
}
