// The instructor's side of content: create, edit (published items keep a draft until the next
// publish), publish / unpublish, delete, list their own, read one in full, and its statistics.
// Ownership is part of every query: an instructor's `where` always carries creatorId; an
// admin's does not.
import { Prisma, type PrismaClient } from "../../db/generated/client.ts";
import { fieldErrorsOf } from "../../../shared/field-errors.ts";
import {
  DATA_SCHEMAS,
  type ContentInput,
  type ContentMineInput,
  type ContentType,
  type ContentUpdateInput,
} from "../../../shared/schemas/content.ts";
import { audit, type RequestMeta } from "../audit.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { AppError } from "../errors.ts";
import { estimatedMinutes } from "./trainee-safe.ts";

export type ContentActor = { userId: string; role: "INSTRUCTOR" | "ADMIN" | "TRAINEE" | "COMPANY"; meta: RequestMeta };

/** The editable fields; a published item's pending edits are kept in this shape in `draft`. */
export type Working = { title: string; description: string | null; category: string; difficulty: string; data: unknown };

const PAGE = 20;

/** The `where` that finds an item the actor may manage: their own, or any for an admin. */
export function manageable(actor: ContentActor, id: string): Prisma.ContentWhereInput {
  return actor.role === "ADMIN" ? { id } : { id, creatorId: actor.userId };
}

const notFound = () => new AppError("not-found", "CONTENT_NOT_FOUND", "This content does not exist or is not yours.");

function checkData(type: ContentType, data: unknown): unknown {
  const r = DATA_SCHEMAS[type].safeParse(data);
  if (!r.success) {
    throw new AppError("invalid", "INVALID_CONTENT", r.error.issues[0]?.message ?? "Some fields need your attention.", {
      field: "data",
      fieldErrors: fieldErrorsOf(r.error, ["data"]),
    });
  }
  return r.data;
}

const auditContent = (
  db: PrismaClient | Prisma.TransactionClient,
  actor: ContentActor,
  action: "CONTENT_CREATED" | "CONTENT_UPDATED" | "CONTENT_DELETED",
  details: Prisma.InputJsonObject,
) => audit(db, { action, userId: actor.userId, targetUserId: null, details, meta: actor.meta });

export async function createContent(db: PrismaClient, actor: ContentActor, input: ContentInput): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const row = await tx.content.create({
      data: {
        creatorId: actor.userId,
        type: input.type,
        title: input.title,
        description: input.description || null,
        category: input.category,
        difficulty: input.difficulty,
        data: input.data as Prisma.InputJsonValue,
      },
      select: { id: true },
    });
    await auditContent(tx, actor, "CONTENT_CREATED", { contentId: row.id, type: input.type, title: input.title });
    return row;
  });
}

const workingSelect = {
  id: true,
  type: true,
  title: true,
  description: true,
  category: true,
  difficulty: true,
  data: true,
  draft: true,
  version: true,
  isPublished: true,
} satisfies Prisma.ContentSelect;

function workingOf(row: { title: string; description: string | null; category: string; difficulty: string; data: unknown; draft: unknown }): Working {
  return (row.draft as Working | null) ?? { title: row.title, description: row.description, category: row.category, difficulty: row.difficulty, data: row.data };
}

/**
 * Edits the working copy. A never-published item is edited in place; a published (or once
 * published) item keeps its live columns and collects the edits in `draft`.
 */
export async function updateContent(db: PrismaClient, actor: ContentActor, input: ContentUpdateInput): Promise<{ id: string; hasUnpublishedChanges: boolean }> {
  return db.$transaction(async (tx) => {
    // Lock the row: two saves of the same item apply one after the other.
    const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM content WHERE id = ${input.id} AND (${actor.role === "ADMIN"} OR creator_id = ${actor.userId}) FOR UPDATE`;
    if (!row) throw notFound();
    const current = await tx.content.findUniqueOrThrow({ where: { id: input.id }, select: workingSelect });
    const base = workingOf(current);
    const next: Working = {
      title: input.title ?? base.title,
      description: input.description === undefined ? base.description : input.description || null,
      category: input.category ?? base.category,
      difficulty: input.difficulty ?? base.difficulty,
      data: input.data === undefined ? base.data : checkData(current.type, input.data),
    };
    const inPlace = current.version === 0;
    await tx.content.update({
      where: { id: input.id },
      data: inPlace
        ? { title: next.title, description: next.description, category: next.category, difficulty: next.difficulty, data: next.data as Prisma.InputJsonValue }
        : { draft: next as unknown as Prisma.InputJsonValue },
      select: { id: true },
    });
    const changed = Object.keys(input).filter((k) => k !== "id" && input[k as keyof ContentUpdateInput] !== undefined);
    await auditContent(tx, actor, "CONTENT_UPDATED", { contentId: input.id, operation: "edit", fields: changed });
    return { id: input.id, hasUnpublishedChanges: !inPlace };
  });
}

export async function publishContent(db: PrismaClient, actor: ContentActor, id: string): Promise<{ id: string; version: number }> {
  return db.$transaction(async (tx) => {
    if (actor.role === "INSTRUCTOR") {
      // Read under a share lock inside the publishing transaction: an administrator's rejection
      // that is under way waits for this publish or is seen by it, never slips in between.
      const [p] = await tx.$queryRaw<{ is_verified: boolean }[]>`SELECT is_verified FROM instructor_profiles WHERE user_id = ${actor.userId} FOR SHARE`;
      if (!p?.is_verified) {
        throw new AppError(
          "forbidden",
          "INSTRUCTOR_NOT_VERIFIED",
          "Only verified instructors can publish. Complete your instructor profile and wait for an administrator to verify it; you can keep drafting meanwhile.",
        );
      }
    }
    const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM content WHERE id = ${id} AND (${actor.role === "ADMIN"} OR creator_id = ${actor.userId}) FOR UPDATE`;
    if (!row) throw notFound();
    const current = await tx.content.findUniqueOrThrow({ where: { id }, select: workingSelect });
    const w = workingOf(current);
    // The stored data is checked again: it may predate a stricter schema.
    checkData(current.type, w.data);
    const needsVersion = current.version === 0 || current.draft !== null;
    const version = needsVersion ? current.version + 1 : current.version;
    const now = new Date();
    if (needsVersion) {
      await tx.contentVersion.create({
        data: { contentId: id, version, title: w.title, description: w.description, type: current.type, category: w.category, difficulty: w.difficulty, data: w.data as Prisma.InputJsonValue, publishedAt: now },
        select: { id: true },
      });
    }
    await tx.content.update({
      where: { id },
      data: {
        title: w.title,
        description: w.description,
        category: w.category,
        difficulty: w.difficulty,
        data: w.data as Prisma.InputJsonValue,
        draft: Prisma.DbNull,
        version,
        isPublished: true,
        publishedAt: now,
        estimatedMinutes: estimatedMinutes(current.type, w.data),
      },
      select: { id: true },
    });
    await auditContent(tx, actor, "CONTENT_UPDATED", { contentId: id, operation: "publish", version });
    return { id, version };
  });
}

export async function unpublishContent(db: PrismaClient, actor: ContentActor, id: string): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const r = await tx.content.updateMany({ where: manageable(actor, id), data: { isPublished: false } });
    if (r.count !== 1) throw notFound();
    await auditContent(tx, actor, "CONTENT_UPDATED", { contentId: id, operation: "unpublish" });
    return { id };
  });
}

/** Deletes the item and its versions; sessions, assessments and completions keep their rows (content id set to null). */
export async function deleteContent(db: PrismaClient, actor: ContentActor, id: string): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    const gone = await tx.content.deleteMany({ where: manageable(actor, id) });
    if (gone.count !== 1) throw notFound();
    await auditContent(tx, actor, "CONTENT_DELETED", { contentId: id });
    return { id };
  });
}

/** The full item (answers included) for its owner or an admin: the working copy and the live state. */
export async function getContent(db: PrismaClient, actor: ContentActor, id: string) {
  const row = await db.content.findFirst({
    where: manageable(actor, id),
    select: { ...workingSelect, creatorId: true, publishedAt: true, createdAt: true, updatedAt: true, views: true, rating: true, ratingCount: true, libraryKey: true },
  });
  if (!row) throw notFound();
  const w = workingOf(row);
  return {
    id: row.id,
    type: row.type,
    ...w,
    isPublished: row.isPublished,
    version: row.version,
    hasUnpublishedChanges: row.draft !== null,
    publishedAt: row.publishedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    views: row.views,
    rating: row.rating,
    ratingCount: row.ratingCount,
    fromLibrary: row.libraryKey !== null,
  };
}


/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
export const likeEscaped = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The actor's own content, most recently edited first, with its use. */
export async function listMine(db: PrismaClient, actor: ContentActor, input: ContentMineInput) {
  const k = decodeCursor(input.cursor);
  const where: Prisma.ContentWhereInput = {
    creatorId: actor.userId,
    ...(input.type ? { type: input.type } : {}),
    ...(input.status ? { isPublished: input.status === "published" } : {}),
    ...(input.q ? { title: { contains: likeEscaped(input.q), mode: "insensitive" } } : {}),
    ...(k ? { OR: [{ updatedAt: { lt: new Date(k.v) } }, { updatedAt: new Date(k.v), id: { lt: k.id } }] } : {}),
  };
  const rows = await db.content.findMany({
    where,
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    select: { id: true, type: true, title: true, draft: true, category: true, difficulty: true, isPublished: true, version: true, publishedAt: true, updatedAt: true, views: true, rating: true, ratingCount: true },
  });
  const page = rows.slice(0, PAGE);
  const ids = page.map((r) => r.id);
  const use = ids.length
    ? await db.contentCompletion.groupBy({ by: ["contentId"], where: { contentId: { in: ids } }, _count: { _all: true }, _avg: { score: true } })
    : [];
  const useOf = new Map(use.map((u) => [u.contentId, u]));
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      type: r.type,
      title: (r.draft as Working | null)?.title ?? r.title,
      category: r.category,
      difficulty: r.difficulty,
      status: r.isPublished ? ("published" as const) : ("draft" as const),
      version: r.version,
      hasUnpublishedChanges: r.draft !== null,
      publishedAt: r.publishedAt,
      updatedAt: r.updatedAt,
      views: r.views,
      rating: r.rating,
      ratingCount: r.ratingCount,
      completions: useOf.get(r.id)?._count._all ?? 0,
      averageScore: useOf.get(r.id)?._avg.score ?? null,
    })),
    nextCursor: rows.length > PAGE && last ? encodeCursor({ v: last.updatedAt.toISOString(), id: last.id }) : null,
  };
}

/** Views, completions, scores, the rating distribution, and per question / per goal results. */
/** The questions (or exercise items) and goals of an item, in the author's order, with the text an instructor recognises them by. */
function statsLabels(type: string, data: unknown): { questions: { id: string; prompt: string }[]; goals: { id: string; description: string }[] } {
  const d = data as Record<string, unknown> | null;
  const qs = (xs: unknown) => (Array.isArray(xs) ? xs : []).map((q: { id: string; prompt: string }) => ({ id: String(q.id), prompt: String(q.prompt) }));
  if (!d) return { questions: [], goals: [] };
  switch (type) {
    case "ASSESSMENT":
      return { questions: (Array.isArray(d.sections) ? d.sections : []).flatMap((s: { questions?: unknown }) => qs(s.questions)), goals: [] };
    case "LESSON":
      return { questions: qs(d.quiz), goals: [] };
    case "EXERCISE":
      return { questions: qs(d.items), goals: [] };
    case "CHAT_SCENARIO":
    case "CALL_SCENARIO":
      return { questions: [], goals: (Array.isArray(d.goals) ? d.goals : []).map((g: { id: string; description: string }) => ({ id: String(g.id), description: String(g.description) })) };
    default:
      return { questions: [], goals: [] };
  }
}

/**
 * How an item is used: views, completions, average score and score spread, the rating
 * distribution, the share of attempts that got each question (or exercise item) right, and
 * for scenarios how often each goal was covered. Questions and goals are listed in the
 * published version's order (the working version's when never published), with the ones no
 * attempt reached yet; ids that only old versions had follow at the end.
 */
export async function contentStats(db: PrismaClient, actor: ContentActor, id: string) {
  const row = await db.content.findFirst({ where: manageable(actor, id), select: { id: true, type: true, title: true, views: true, rating: true, ratingCount: true, data: true } });
  if (!row) throw notFound();
  const [agg, stars, questions, goals, buckets] = await Promise.all([
    db.contentCompletion.aggregate({ where: { contentId: id }, _count: { _all: true }, _avg: { score: true } }),
    db.contentRating.groupBy({ by: ["stars"], where: { contentId: id }, _count: { _all: true } }),
    db.$queryRaw<{ key: string; correct: bigint; total: bigint }[]>`
      SELECT q.key, count(*) FILTER (WHERE q.value = 'true'::jsonb) AS correct, count(*) AS total
      FROM content_completions c, jsonb_each(CASE
        WHEN jsonb_typeof(c.details->'questions') = 'object' THEN c.details->'questions'
        WHEN jsonb_typeof(c.details->'items') = 'object' THEN c.details->'items'
        ELSE '{}'::jsonb END) q
      WHERE c.content_id = ${id} GROUP BY q.key ORDER BY q.key`,
    db.$queryRaw<{ key: string; covered: bigint; total: bigint }[]>`
      SELECT g.key, count(*) FILTER (WHERE g.value = 'true'::jsonb) AS covered, count(*) AS total
      FROM content_completions c, jsonb_each(CASE WHEN jsonb_typeof(c.details->'goals') = 'object' THEN c.details->'goals' ELSE '{}'::jsonb END) g
      WHERE c.content_id = ${id} GROUP BY g.key ORDER BY g.key`,
    db.$queryRaw<{ bucket: number; n: bigint }[]>`
      SELECT LEAST(floor(score / 20), 4)::int AS bucket, count(*) AS n
      FROM content_completions WHERE content_id = ${id} AND score IS NOT NULL GROUP BY 1`,
  ]);
  const distribution = [1, 2, 3, 4, 5].map((s) => ({ stars: s, count: stars.find((x) => x.stars === s)?._count._all ?? 0 }));
  const labels = statsLabels(row.type, row.data);
  const qStats = new Map(questions.map((q) => [q.key, q]));
  const gStats = new Map(goals.map((g) => [g.key, g]));
  const qIds = [...labels.questions.map((q) => q.id), ...questions.map((q) => q.key).filter((k) => !labels.questions.some((l) => l.id === k))];
  const gIds = [...labels.goals.map((g) => g.id), ...goals.map((g) => g.key).filter((k) => !labels.goals.some((l) => l.id === k))];
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    views: row.views,
    completions: agg._count._all,
    averageScore: agg._avg.score,
    scoreDistribution: ["0–19", "20–39", "40–59", "60–79", "80–100"].map((range, i) => ({ range, count: Number(buckets.find((b) => b.bucket === i)?.n ?? 0) })),
    rating: row.rating,
    ratingCount: row.ratingCount,
    ratingDistribution: distribution,
    questions: qIds.map((qid) => {
      const s = qStats.get(qid);
      const attempts = Number(s?.total ?? 0);
      return { id: qid, prompt: labels.questions.find((l) => l.id === qid)?.prompt ?? null, attempts, correctShare: attempts ? Number(s!.correct) / attempts : 0 };
    }),
    goals: gIds.map((gid) => {
      const s = gStats.get(gid);
      const attempts = Number(s?.total ?? 0);
      return { id: gid, description: labels.goals.find((l) => l.id === gid)?.description ?? null, attempts, coveredShare: attempts ? Number(s!.covered) / attempts : 0 };
    }),
  };
}
