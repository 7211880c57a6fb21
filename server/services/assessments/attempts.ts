// Timed assessments (issue 10): a trainee's attempt lives on the server — its start time and
// deadline are the server's clock, its order of questions and options (the layout) is drawn
// once and stored, its answers are autosaved — and it is scored on the server with the shared
// scoring (services/content/scoring.ts). Submitting writes one Assessment row and records the
// activity for progress in the same transaction; a second submit returns the same result.
// Timing rule: saves and submissions are accepted until deadline + SUBMIT_GRACE_MS; after that
// the periodic job (jobs/assessment-expiry.ts) closes the attempt with the answers saved so far.
import { randomInt } from "node:crypto";
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import type { AssessmentData, Question, TraineeQuestion } from "../../../shared/schemas/content.ts";
import { SUBMIT_GRACE_MS, type Answers, type AnswerValue, type AssessmentHistoryInput } from "../../../shared/schemas/assessments.ts";
import { scoreQuestions, shuffled, traineeQuestion, type QuestionResponse } from "../content/scoring.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { AppError } from "../errors.ts";
import { recordActivity, type ProgressContext } from "../progress/activity.ts";

type Db = PrismaClient | Prisma.TransactionClient;

/** This attempt's order: sections keep their order (a passage stays with its questions); questions and options may be shuffled. */
export type LayoutQuestion = { id: string; /** shown index → the option's index in the content */ options?: number[]; /** order items as shown */ items?: string[] };
export type Layout = { sections: { index: number; questions: LayoutQuestion[] }[] };

const contentNotFound = () => new AppError("not-found", "CONTENT_NOT_FOUND", "This assessment is not available.");
const attemptNotFound = () => new AppError("not-found", "ATTEMPT_NOT_FOUND", "This assessment attempt does not exist or is not yours.");
const attemptClosed = () =>
  new AppError("conflict", "ATTEMPT_CLOSED", "The time for this attempt is over. It is scored with the answers saved before the deadline.");
const assessmentNotFound = () => new AppError("not-found", "ASSESSMENT_NOT_FOUND", "This assessment result does not exist or is not yours.");

const attemptSelect = {
  id: true,
  userId: true,
  contentId: true,
  contentVersion: true,
  attemptNo: true,
  startedAt: true,
  deadline: true,
  layout: true,
  answers: true,
  submittedAt: true,
  assessmentId: true,
} as const satisfies Prisma.AssessmentAttemptSelect;
type AttemptRow = Prisma.AssessmentAttemptGetPayload<{ select: typeof attemptSelect }>;

async function versionData(db: Db, contentId: string, version: number) {
  const v = await db.contentVersion.findUnique({ where: { contentId_version: { contentId, version } }, select: { type: true, title: true, data: true } });
  if (!v || v.type !== "ASSESSMENT") throw contentNotFound();
  return { title: v.title, data: v.data as unknown as AssessmentData };
}

export function drawLayout(data: AssessmentData, seed: number): Layout {
  return {
    sections: data.sections.map((s, si) => {
      const qs = data.shuffleQuestions ? shuffled(s.questions, seed + si) : s.questions;
      return {
        index: si,
        questions: qs.map((q, qi) => {
          const k = seed + 1000 * (si + 1) + qi;
          if (q.kind === "single" || q.kind === "multiple") {
            const idx = q.options.map((_, i) => i);
            return { id: q.id, options: data.shuffleQuestions ? shuffled(idx, k) : idx };
          }
          if (q.kind === "order") {
            const tq = traineeQuestion(q, k) as Extract<TraineeQuestion, { kind: "order" }>;
            return { id: q.id, items: tq.items };
          }
          return { id: q.id };
        }),
      };
    }),
  };
}

const questionMap = (data: AssessmentData) => new Map(data.sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)));

/** The trainee-safe sections of an attempt, in its layout (no answers, accepted answers or explanations). */
export function attemptSections(data: AssessmentData, layout: Layout) {
  const byId = questionMap(data);
  return layout.sections.map((ls) => {
    const s = data.sections[ls.index]!;
    return {
      title: s.title ?? null,
      passage: s.passage ?? null,
      listeningScript: s.listeningScript ?? null,
      questions: ls.questions.map((lq): TraineeQuestion => {
        const q = byId.get(lq.id)!;
        const base = { id: q.id, prompt: q.prompt, points: q.points ?? 1 };
        if (q.kind === "single" || q.kind === "multiple") return { ...base, kind: q.kind, options: lq.options!.map((i) => q.options[i]!) };
        if (q.kind === "order") return { ...base, kind: "order", items: [...lq.items!] };
        return { ...base, kind: q.kind };
      }),
    };
  });
}

/** Only answers to this attempt's questions are kept. */
function knownAnswers(layout: Layout, answers: Answers): Answers {
  const ids = new Set(layout.sections.flatMap((s) => s.questions.map((q) => q.id)));
  return Object.fromEntries(Object.entries(answers).filter(([id]) => ids.has(id)));
}

/** A shown option index back to the content's index (out of range → no answer). */
function toContent(lq: LayoutQuestion, q: Question, a: AnswerValue | undefined): QuestionResponse {
  if (a === undefined || a === null) return null;
  if (q.kind === "single") return typeof a === "number" ? (lq.options![a] ?? -1) : null;
  if (q.kind === "multiple") return Array.isArray(a) && a.every((x) => typeof x === "number") ? (a as number[]).map((x) => lq.options![x] ?? -1) : null;
  return a;
}

/** Score and per-question review of `answers` (layout terms) for the attempt's questions. */
export function scoreAttempt(data: AssessmentData, layout: Layout, answers: Answers) {
  const byId = questionMap(data);
  const ordered = layout.sections.flatMap((ls) => ls.questions.map((lq) => ({ lq, q: byId.get(lq.id)!, section: ls.index })));
  const responses: Record<string, QuestionResponse> = {};
  for (const { lq, q } of ordered) if (Object.hasOwn(answers, q.id)) responses[q.id] = toContent(lq, q, answers[q.id]);
  const score = scoreQuestions(
    ordered.map((o) => o.q),
    responses,
  );
  const review = ordered.map(({ lq, q, section }, i) => {
    const shown = (orig: number) => lq.options!.indexOf(orig);
    const correctAnswer: AnswerValue =
      q.kind === "single" ? shown(q.answer) : q.kind === "multiple" ? q.answers.map(shown).sort((a, b) => a - b) : q.kind === "true_false" ? q.answer : q.kind === "text" ? q.acceptedAnswers[0]! : [...q.items];
    return {
      id: q.id,
      section,
      kind: q.kind,
      prompt: q.prompt,
      points: q.points ?? 1,
      options: q.kind === "single" || q.kind === "multiple" ? lq.options!.map((o) => q.options[o]!) : null,
      items: q.kind === "order" ? [...lq.items!] : null,
      correct: score.questions[i]!.correct,
      answer: Object.hasOwn(answers, q.id) ? (answers[q.id] ?? null) : null,
      correctAnswer,
      acceptedAnswers: q.kind === "text" ? [...q.acceptedAnswers] : null,
      explanation: q.explanation ?? null,
    };
  });
  return { ...score, review };
}

/**
 * Starts an attempt at the published ASSESSMENT `contentId`, or resumes the caller's unfinished
 * one (`resumed: true`). Under a per-trainee-and-item advisory lock, so two starts at the limit
 * cannot both pass the maxAttempts count (and a unique (user, content, attempt_no) backs it).
 */
export async function startAttempt(db: PrismaClient, userId: string, contentId: string, now = new Date()) {
  const c = await db.content.findFirst({ where: { id: contentId, isPublished: true, type: "ASSESSMENT" }, select: { id: true, version: true } });
  if (!c || c.version < 1) throw contentNotFound();
  const current = await versionData(db, c.id, c.version);
  const { row, resumed } = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`hirexp:assessment:${userId}:${contentId}`}))`;
    const open = await tx.assessmentAttempt.findFirst({
      where: { userId, contentId, submittedAt: null, OR: [{ deadline: null }, { deadline: { gt: now } }] },
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      select: attemptSelect,
    });
    if (open) return { row: open, resumed: true };
    const used = await tx.assessmentAttempt.count({ where: { userId, contentId } });
    const max = current.data.maxAttempts;
    if (max !== null && used >= max) {
      throw new AppError("conflict", "NO_ATTEMPTS_LEFT", `You have used all ${max} attempt${max === 1 ? "" : "s"} at this assessment.`);
    }
    const limitS = current.data.timeLimitSeconds;
    const created = await tx.assessmentAttempt.create({
      data: {
        userId,
        contentId,
        contentVersion: c.version,
        attemptNo: used + 1,
        startedAt: now,
        deadline: limitS === null ? null : new Date(now.getTime() + limitS * 1000),
        layout: drawLayout(current.data, randomInt(1, 2 ** 31 - 1)) as unknown as Prisma.InputJsonValue,
      },
      select: attemptSelect,
    });
    return { row: created, resumed: false };
  });
  return { ...(await attemptView(db, row)), resumed };
}

async function attemptView(db: Db, a: AttemptRow) {
  const { title, data } = await versionData(db, a.contentId, a.contentVersion);
  const layout = a.layout as unknown as Layout;
  return {
    attemptId: a.id,
    contentId: a.contentId,
    title,
    assessmentType: data.assessmentType,
    timeLimitSeconds: data.timeLimitSeconds,
    passingScore: data.passingScore,
    maxAttempts: data.maxAttempts,
    attemptNo: a.attemptNo,
    startedAt: a.startedAt,
    deadline: a.deadline,
    /** The server's clock now, so the page's countdown does not depend on the device's clock. */
    serverNow: new Date(),
    sections: attemptSections(data, layout),
    /** The answers saved so far (layout terms). */
    savedAnswers: a.answers as Answers,
    /** Set once the attempt is submitted or closed: its result. */
    assessmentId: a.assessmentId,
  };
}

/** The caller's attempt (to continue it after a reload, or find its result once submitted). */
export async function getAttempt(db: PrismaClient, userId: string, attemptId: string) {
  const a = await db.assessmentAttempt.findFirst({ where: { id: attemptId, userId }, select: attemptSelect });
  if (!a) throw attemptNotFound();
  return attemptView(db, a);
}

const open = (a: { deadline: Date | null }, now: Date) => a.deadline === null || now.getTime() <= a.deadline.getTime() + SUBMIT_GRACE_MS;

/** Autosave: replaces the saved answers while the attempt is open. */
export async function saveAttempt(db: PrismaClient, userId: string, attemptId: string, answers: Answers, now = new Date()) {
  const a = await db.assessmentAttempt.findFirst({ where: { id: attemptId, userId }, select: { layout: true, deadline: true, submittedAt: true } });
  if (!a) throw attemptNotFound();
  if (a.submittedAt || !open(a, now)) throw attemptClosed();
  const graceCut = new Date(now.getTime() - SUBMIT_GRACE_MS);
  const n = await db.assessmentAttempt.updateMany({
    where: { id: attemptId, userId, submittedAt: null, OR: [{ deadline: null }, { deadline: { gte: graceCut } }] },
    data: { answers: knownAnswers(a.layout as unknown as Layout, answers) as Prisma.InputJsonValue, savedAt: now },
  });
  if (n.count === 0) throw attemptClosed();
  return { savedAt: now };
}

const resultSelect = {
  id: true,
  type: true,
  score: true,
  correctAnswers: true,
  totalQuestions: true,
  timeTaken: true,
  passed: true,
  completedAt: true,
  contentId: true,
  contentVersion: true,
} as const satisfies Prisma.AssessmentSelect;
type ResultRow = Prisma.AssessmentGetPayload<{ select: typeof resultSelect }>;

function resultView(r: ResultRow, a: AttemptRow | null, title: string | null, data: AssessmentData | null) {
  const review = a && data ? scoreAttempt(data, a.layout as unknown as Layout, a.answers as Answers).review : [];
  return {
    assessmentId: r.id,
    attemptId: a?.id ?? null,
    contentId: r.contentId,
    title,
    type: r.type,
    score: r.score,
    correctAnswers: r.correctAnswers,
    totalQuestions: r.totalQuestions,
    timeTaken: r.timeTaken,
    passed: r.passed,
    passingScore: data?.passingScore ?? null,
    completedAt: r.completedAt,
    review,
  };
}

/**
 * Scores and closes an attempt exactly once: the attempt's row is locked, so of two parallel
 * submits the second waits and then returns the first one's result (and writes nothing).
 * `byJob` closes an expired attempt with its saved answers (ended at the deadline).
 */
async function finish(db: PrismaClient, userId: string, attemptId: string, submitted: Answers | null, ctx: ProgressContext, now: Date) {
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM assessment_attempts WHERE id = ${attemptId} AND user_id = ${userId} FOR UPDATE`;
    if (locked.length === 0) throw attemptNotFound();
    const a = (await tx.assessmentAttempt.findUnique({ where: { id: attemptId }, select: attemptSelect }))!;
    const { title, data } = await versionData(tx, a.contentId, a.contentVersion);
    if (a.assessmentId) {
      const r = await tx.assessment.findUnique({ where: { id: a.assessmentId }, select: resultSelect });
      if (r) return resultView(r, a, title, data);
    }
    const byJob = submitted === null;
    if (!byJob && !open(a, now)) throw attemptClosed();
    const layout = a.layout as unknown as Layout;
    const answers = byJob ? (a.answers as Answers) : { ...(a.answers as Answers), ...knownAnswers(layout, submitted) };
    const s = scoreAttempt(data, layout, answers);
    const end = a.deadline && now > a.deadline ? a.deadline : now;
    const timeTaken = Math.max(0, Math.round((end.getTime() - a.startedAt.getTime()) / 1000));
    const passed = s.score >= data.passingScore;
    const r = await tx.assessment.create({
      data: {
        userId,
        type: data.assessmentType,
        score: s.score,
        totalQuestions: s.totalQuestions,
        correctAnswers: s.correctAnswers,
        timeTaken,
        completedAt: end,
        contentId: a.contentId,
        contentVersion: a.contentVersion,
        passed,
      },
      select: resultSelect,
    });
    const closed = await tx.assessmentAttempt.update({
      where: { id: a.id },
      data: { answers: answers as Prisma.InputJsonValue, submittedAt: end, assessmentId: r.id },
      select: attemptSelect,
    });
    await recordActivity(
      tx,
      userId,
      { kind: "assessment", assessmentId: r.id, contentId: a.contentId, assessmentType: data.assessmentType, score: s.score, passed, timeTakenSeconds: timeTaken, at: end },
      ctx,
    );
    return resultView(r, closed, title, data);
  });
}

export function submitAttempt(db: PrismaClient, userId: string, attemptId: string, answers: Answers, ctx: ProgressContext, now = ctx.now ?? new Date()) {
  return finish(db, userId, attemptId, answers, ctx, now);
}

/** The job: closes attempts whose deadline + grace has passed, scoring the answers saved so far. */
export async function closeExpiredAttempts(db: PrismaClient, ctx: ProgressContext, now = ctx.now ?? new Date()): Promise<{ closed: number; failed: number }> {
  const cut = new Date(now.getTime() - SUBMIT_GRACE_MS);
  const due = await db.assessmentAttempt.findMany({
    where: { submittedAt: null, deadline: { lt: cut } },
    select: { id: true, userId: true },
    orderBy: { deadline: "asc" },
    take: 200,
  });
  let closed = 0;
  let failed = 0;
  for (const d of due) {
    try {
      await finish(db, d.userId, d.id, null, ctx, now);
      closed += 1;
    } catch {
      failed += 1;
    }
  }
  return { closed, failed };
}

const PAGE = 20;

/** The caller's results, newest first (keyset pages on completed_at, id). */
export async function assessmentHistory(db: PrismaClient, userId: string, input: AssessmentHistoryInput) {
  const k = decodeCursor(input.cursor);
  const rows = await db.assessment.findMany({
    where: {
      userId,
      ...(input.type ? { type: input.type } : {}),
      ...(k ? { OR: [{ completedAt: { lt: new Date(k.v) } }, { completedAt: new Date(k.v), id: { lt: k.id } }] } : {}),
    },
    orderBy: [{ completedAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    select: { ...resultSelect, content: { select: { title: true } } },
  });
  const items = rows.slice(0, PAGE).map(({ content, ...r }) => ({ ...r, title: content?.title ?? null }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > PAGE && last ? encodeCursor({ v: last.completedAt.toISOString(), id: last.id }) : null };
}

/** One of the caller's results with its review. */
export async function getAssessment(db: PrismaClient, userId: string, assessmentId: string) {
  const r = await db.assessment.findFirst({ where: { id: assessmentId, userId }, select: resultSelect });
  if (!r) throw assessmentNotFound();
  const a = await db.assessmentAttempt.findFirst({ where: { assessmentId, userId }, select: attemptSelect });
  const v = a ? await versionData(db, a.contentId, a.contentVersion).catch(() => null) : null;
  return resultView(r, a, v?.title ?? null, v?.data ?? null);
}
