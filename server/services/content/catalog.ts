// The trainee's side of content: the catalogue of published items (never their answers),
// one item in its trainee-safe form (counting at most one view per user per item per day),
// and ratings by trainees who completed the item (the average kept exact under concurrency).
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import type { CatalogListInput, ContentRateInput, ContentType } from "../../../shared/schemas/content.ts";
import { audit, type RequestMeta } from "../audit.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { AppError } from "../errors.ts";
import { likeEscaped } from "./studio.ts";
import { seedOf, traineeSafeData } from "./trainee-safe.ts";

const PAGE = 24;

const notFound = () => new AppError("not-found", "CONTENT_NOT_FOUND", "This content is not available.");

/** What the catalogue shows of an item (never `data`). */
const cardSelect = {
  id: true,
  type: true,
  title: true,
  description: true,
  category: true,
  difficulty: true,
  estimatedMinutes: true,
  rating: true,
  ratingCount: true,
  views: true,
  publishedAt: true,
  creator: { select: { profile: { select: { name: true } } } },
} satisfies Prisma.ContentSelect;

/** Published content, newest first, filtered; `q` searches titles and descriptions. */
export async function listCatalog(db: PrismaClient, input: CatalogListInput) {
  const k = decodeCursor(input.cursor);
  const q = input.q ? likeEscaped(input.q) : null;
  const where: Prisma.ContentWhereInput = {
    isPublished: true,
    ...(input.type ? { type: input.type } : {}),
    ...(input.category ? { category: input.category } : {}),
    ...(input.difficulty ? { difficulty: input.difficulty } : {}),
    ...(q ? { OR: [{ title: { contains: q, mode: "insensitive" } }, { description: { contains: q, mode: "insensitive" } }] } : {}),
    ...(k ? { AND: [{ OR: [{ publishedAt: { lt: new Date(k.v) } }, { publishedAt: new Date(k.v), id: { lt: k.id } }] }] } : {}),
  };
  const rows = await db.content.findMany({
    where,
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    select: cardSelect,
  });
  const page = rows.slice(0, PAGE);
  const last = page.at(-1);
  return {
    items: page.map(({ creator, ...r }) => ({ ...r, author: authorName(creator.profile) })),
    nextCursor: rows.length > PAGE && last?.publishedAt ? encodeCursor({ v: last.publishedAt.toISOString(), id: last.id }) : null,
  };
}

const authorName = (p: { name: string | null } | null): string | null => p?.name || null;

/** Counts a view unless this user already viewed the item today (UTC): one statement. */
export async function recordView(db: PrismaClient | Prisma.TransactionClient, contentId: string, userId: string): Promise<boolean> {
  const r = await db.$queryRaw<{ counted: bigint }[]>`
    WITH ins AS (
      INSERT INTO content_views (content_id, user_id, day)
      VALUES (${contentId}, ${userId}, (now() AT TIME ZONE 'UTC')::date)
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    UPDATE content SET views = views + 1 WHERE id = ${contentId} AND EXISTS (SELECT 1 FROM ins)
    RETURNING 1 AS counted`;
  return r.length === 1;
}

/** One published item in its trainee-safe form; counts the view. */
export async function getCatalogItem(db: PrismaClient, userId: string, id: string) {
  const row = await db.content.findFirst({
    where: { id, isPublished: true },
    select: { ...cardSelect, data: true, version: true },
  });
  if (!row) throw notFound();
  const counted = await recordView(db, id, userId);
  const [completed, myRating] = await Promise.all([
    db.contentCompletion.count({ where: { contentId: id, userId } }),
    db.contentRating.findUnique({ where: { contentId_userId: { contentId: id, userId } }, select: { stars: true, comment: true } }),
  ]);
  const { creator, data, ...rest } = row;
  return {
    ...rest,
    views: rest.views + (counted ? 1 : 0),
    author: authorName(creator.profile),
    data: traineeSafeData(row.type as ContentType, data, seedOf(`${row.id}:${row.version}`)),
    completedCount: completed,
    myRating,
  };
}

/**
 * Rates an item the trainee has completed; re-rating replaces the rating. The content row is
 * locked first, so concurrent ratings update the sum and count one after the other.
 */
export async function rateContent(db: PrismaClient, actor: { userId: string; meta: RequestMeta }, input: ContentRateInput) {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM content WHERE id = ${input.id} AND is_published FOR UPDATE`;
    if (!row) throw notFound();
    const done = await tx.contentCompletion.findFirst({ where: { contentId: input.id, userId: actor.userId }, select: { id: true } });
    if (!done) throw new AppError("forbidden", "NOT_COMPLETED", "Finish this item once before you rate it.");
    const before = await tx.contentRating.findUnique({ where: { contentId_userId: { contentId: input.id, userId: actor.userId } }, select: { stars: true } });
    await tx.contentRating.upsert({
      where: { contentId_userId: { contentId: input.id, userId: actor.userId } },
      create: { contentId: input.id, userId: actor.userId, stars: input.stars, comment: input.comment || null },
      update: { stars: input.stars, comment: input.comment || null },
      select: { id: true },
    });
    const [agg] = await tx.$queryRaw<{ rating: number; rating_count: number }[]>`
      UPDATE content SET
        rating_sum = rating_sum + ${input.stars - (before?.stars ?? 0)},
        rating_count = rating_count + ${before ? 0 : 1},
        rating = (rating_sum + ${input.stars - (before?.stars ?? 0)})::float8 / (rating_count + ${before ? 0 : 1})
      WHERE id = ${input.id}
      RETURNING rating, rating_count`;
    await audit(tx, { action: "CONTENT_UPDATED", userId: actor.userId, targetUserId: null, details: { contentId: input.id, operation: "rate", stars: input.stars }, meta: actor.meta });
    return { rating: agg!.rating, ratingCount: agg!.rating_count, stars: input.stars };
  });
}

/** Records that a user finished an item (used by lessons, exercises, practice and assessments). */
export async function recordCompletion(
  db: PrismaClient | Prisma.TransactionClient,
  entry: { contentId: string; contentVersion: number; userId: string; score: number | null; details?: Prisma.InputJsonObject },
) {
  return db.contentCompletion.create({
    data: { contentId: entry.contentId, contentVersion: entry.contentVersion, userId: entry.userId, score: entry.score, details: entry.details ?? {} },
    select: { id: true, completedAt: true },
  });
}
