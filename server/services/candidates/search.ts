// company.candidates.search (companies issue): verified companies find opted-in trainees.
//
// One query for the page of items and, on the first page only, one for the facets. Both read
// the privacy conditions LIVE from profiles and users (discoverable, role, status, verified
// email): opting out, a suspension or a deactivation hides a trainee at once. The scores come
// from candidate_stats (server/services/candidates/stats.ts), kept current by the activities.
// Contact details (email, phone) are never selected here.
//
// Keyset pagination per sort: (sort key, user_id) descending, with the key in the cursor.
//   score     coalesce(overall_score, -1)              (index candidate_stats_score_key)
//   recent    coalesce(last_active_at, '-infinity')    (index candidate_stats_recent_key)
//   relevance the score order among the candidates q matches (q is a filter on every word)
// q matches every word in name, bio, skills and experience through the trigram index
// candidate_stats_text_trgm; skills and languages use the GIN index on candidate_stats.tags.
import { Prisma, type PrismaClient } from "../../db/generated/client.ts";
import { CANDIDATE_LEVELS, type CandidateSearchInput, type SearchSort } from "../../../shared/schemas/candidates.ts";
import { SKILLS, type Skill } from "../../../shared/schemas/content.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { AppError } from "../errors.ts";
import { requireVerifiedCompany } from "../company/verified.ts";
import { SKILL_COLUMNS } from "./stats.ts";
import type { z } from "zod";

export type SearchInput = z.output<typeof CandidateSearchInput>;

export type CertificateBadge = { code: string; status: "valid" | "expired" | "revoked" };

/** A search card: what a company sees of a candidate in the results (never contact details). */
export type CandidateCard = {
  candidateId: string;
  name: string | null;
  /** The profile picture's URL (a company sees it as the trainee set it), or null. */
  avatar: string | null;
  headline: string | null;
  location: string | null;
  languages: string[];
  skills: string[];
  openTo: string[];
  level: string;
  overallScore: number | null;
  skillScores: Record<Skill, number | null>;
  evaluationCount: number;
  assessments: Record<string, number>;
  certificate: CertificateBadge | null;
  lastActiveAt: Date | null;
};

export type SearchItem = CandidateCard & { viewed: boolean; viewedAt: Date | null; noted: boolean; marked: boolean };
/** Facets are counted over at most this many matches. */
export const FACET_LIMIT = 1000;

/** `total` is exact when `exact`; else more than FACET_LIMIT match and the counts are over a sample of FACET_LIMIT of them. */
export type Facets = { total: number; exact: boolean; skills: { value: string; count: number }[]; languages: { value: string; count: number }[] };

/** The raw row both the search and the preview read (same columns, same mapping). */
export type CardRow = {
  user_id: string;
  name: string | null;
  avatar: string | null;
  headline: string | null;
  bio: string | null;
  location: string | null;
  languages: string[] | null;
  skills: string[] | null;
  open_to: string[] | null;
  level: string | null;
  overall_score: number | null;
  evaluation_count: number | null;
  assessment_best: unknown;
  certificate_code: string | null;
  certificate_valid_until: Date | null;
  certificate_revoked: boolean | null;
  last_active_at: Date | null;
} & Record<string, unknown>;

export const CARD_COLUMNS = Prisma.raw(
  [
    "p.user_id",
    "p.name",
    "p.avatar",
    "p.headline",
    "p.bio",
    "p.location",
    "p.languages",
    "p.skills",
    "p.open_to",
    "s.level",
    "s.overall_score",
    "s.evaluation_count",
    "s.assessment_best",
    "s.certificate_code",
    "s.certificate_valid_until",
    "s.certificate_revoked",
    "s.last_active_at",
    ...SKILLS.map((k) => `s.${SKILL_COLUMNS[k]} AS "skill_${k}"`),
  ].join(", "),
);

/** The headline: the trainee's own, else the first line of the bio. */
export function headlineOf(headline: string | null, bio: string | null): string | null {
  if (headline?.trim()) return headline.trim();
  const first = bio?.split(/\r?\n/).find((l) => l.trim())?.trim();
  return first ? (first.length > 160 ? `${first.slice(0, 159)}…` : first) : null;
}

export function certificateBadge(code: string | null, validUntil: Date | null, revoked: boolean | null, now = new Date()): CertificateBadge | null {
  if (!code) return null;
  return { code, status: revoked ? "revoked" : validUntil && validUntil.getTime() < now.getTime() ? "expired" : "valid" };
}

function numberRecord(json: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (json && typeof json === "object" && !Array.isArray(json)) for (const [k, v] of Object.entries(json)) if (typeof v === "number" && Number.isFinite(v)) out[k] = v;
  return out;
}

export function cardOf(r: CardRow, now = new Date()): CandidateCard {
  return {
    candidateId: r.user_id,
    name: r.name?.trim() || null,
    avatar: r.avatar ?? null,
    headline: headlineOf(r.headline, r.bio),
    location: r.location,
    languages: r.languages ?? [],
    skills: r.skills ?? [],
    openTo: r.open_to ?? [],
    level: r.level ?? "beginner",
    overallScore: r.overall_score,
    skillScores: Object.fromEntries(SKILLS.map((k) => [k, (r[`skill_${k}`] as number | null | undefined) ?? null])) as Record<Skill, number | null>,
    evaluationCount: r.evaluation_count ?? 0,
    assessments: numberRecord(r.assessment_best),
    certificate: certificateBadge(r.certificate_code, r.certificate_valid_until, r.certificate_revoked, now),
    lastActiveAt: r.last_active_at,
  };
}

/** The trainees a company may ever see: opted in, active, verified email — read live. */
export const VISIBLE = Prisma.sql`p.discoverable AND u.role = 'TRAINEE' AND u.status = 'ACTIVE' AND u.email_verified IS NOT NULL`;

/** The searched text, exactly as the trigram index is built. */
const TEXT = Prisma.sql`s.search_text`;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function qWords(q: string | undefined): string[] {
  return (q ?? "")
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.trim())
    .filter(Boolean)
    .slice(0, 6);
}

function filtersOf(input: SearchInput, now: Date): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`s.visible`];
  const tags = [...new Set(input.skills ?? [])].map((x) => `s:${x}`).concat([...new Set(input.languages ?? [])].map((x) => `l:${x}`));
  if (tags.length) where.push(Prisma.sql`s.tags @> ${tags}::text[]`);
  if (input.location) where.push(Prisma.sql`s.location LIKE ${`%${likeEscape(input.location.toLowerCase())}%`}`);
  if (input.level) where.push(Prisma.sql`s.level = ANY(${CANDIDATE_LEVELS.slice(CANDIDATE_LEVELS.indexOf(input.level))}::text[])`);
  if (input.minOverallScore !== undefined) where.push(Prisma.sql`s.overall_score >= ${input.minOverallScore}::float8`);
  for (const k of SKILLS) {
    const min = input.minSkillScores?.[k];
    if (min !== undefined) where.push(Prisma.sql`${Prisma.raw(`s.${SKILL_COLUMNS[k]}`)} >= ${min}::float8`);
  }
  const validCert = Prisma.sql`(s.certificate_code IS NOT NULL AND NOT s.certificate_revoked AND (s.certificate_valid_until IS NULL OR s.certificate_valid_until >= ${now.toISOString().replace("Z", "")}::timestamp))`;
  if (input.certified === true) where.push(validCert);
  if (input.certified === false) where.push(Prisma.sql`NOT ${validCert}`);
  for (const w of qWords(input.q)) where.push(Prisma.sql`${TEXT} LIKE ${`%${likeEscape(w)}%`}`);
  return where;
}

type SortKind = "number" | "date";
function sortOf(sort: SearchSort): { key: Prisma.Sql; kind: SortKind; name: string } {
  if (sort === "recent") return { key: Prisma.sql`coalesce(s.last_active_at, '-infinity'::timestamp)`, kind: "date", name: "recent" };
  // "relevance": every returned candidate matches every word of q (the trigram filter), and
  // among matches the measured overall score decides. A text-similarity key had to be computed
  // for every match before the page could be cut (the benchmark's bottleneck at 100 000); the
  // score order lets PostgreSQL either walk the score index or sort a small bitmap result.
  return { key: Prisma.sql`coalesce(s.overall_score, -1)`, kind: "number", name: sort === "relevance" ? "relevance" : "score" };
}

const badCursor = () => new AppError("invalid", "BAD_CURSOR", "This page link is not valid any more. Start again from the first page.", { field: "cursor" });

function cursorCondition(raw: string | undefined, sort: { key: Prisma.Sql; kind: SortKind; name: string }): Prisma.Sql | null {
  const k = decodeCursor(raw, "text");
  if (!k) return null;
  const i = k.v.indexOf(":");
  const [name, value] = [k.v.slice(0, i), k.v.slice(i + 1)];
  if (i < 0 || name !== sort.name) throw badCursor();
  if (sort.kind === "number") {
    if (!/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(value)) throw badCursor();
    return Prisma.sql`(${sort.key}, s.user_id) < (${value}::float8, ${k.id})`;
  }
  if (value !== "-infinity" && (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value) || Number.isNaN(Date.parse(value.replace(" ", "T") + "Z")))) throw badCursor();
  return Prisma.sql`(${sort.key}, s.user_id) < (${value}::timestamp, ${k.id})`;
}

type ItemRow = CardRow & { sort_key: string; viewed_at: Date | null; noted: boolean; marked: boolean };

/** The SQL of a search: the items query and (without a cursor) the facets query. Exported for the benchmark's EXPLAIN. */
export function searchQueries(companyUserId: string, input: SearchInput, now = new Date()) {
  const where = filtersOf(input, now);
  const sort = sortOf(input.sort);
  const after = cursorCondition(input.cursor, sort);
  // Filtering, ordering and the limit run on candidate_stats alone (its trigger-kept copies);
  // the rows that come out are joined to profiles and users and checked again, live.
  const items = Prisma.sql`
    SELECT ${CARD_COLUMNS}, s.sort_value::text AS sort_key,
      v.viewed_at, (v.notes IS NOT NULL AND v.notes <> '') AS noted, coalesce(v.is_interested, false) AS marked
    FROM (
      SELECT s.*, ${sort.key} AS sort_value FROM candidate_stats s
      WHERE ${Prisma.join(after ? [...where, after] : where, " AND ")}
      ORDER BY ${sort.key} DESC, s.user_id DESC
      LIMIT ${input.limit + 1}
    ) s
    JOIN profiles p ON p.user_id = s.user_id JOIN users u ON u.id = s.user_id
    LEFT JOIN candidate_views v ON v.candidate_id = s.user_id AND v.company_user_id = ${companyUserId}
    WHERE ${VISIBLE}
    ORDER BY s.sort_value DESC, s.user_id DESC`;
  // Facets and the total are counted over at most FACET_LIMIT + 1 matches (in no particular
  // order, so the planner may stop early): exact for up to FACET_LIMIT matches, else counted over
  // a sample of FACET_LIMIT (exact: false), so their cost stays bounded however many trainees
  // match. They read the trigger-kept copies only (the same transaction's truth).
  const facets = input.cursor
    ? null
    : Prisma.sql`
    WITH m AS MATERIALIZED (
      SELECT s.skills, s.languages FROM candidate_stats s WHERE ${Prisma.join(where, " AND ")} LIMIT ${FACET_LIMIT + 1})
    (SELECT 'total' AS kind, '' AS value, count(*)::int AS n FROM m)
    UNION ALL
    (SELECT 'skill', x, count(*)::int AS n FROM (SELECT skills FROM m LIMIT ${FACET_LIMIT}) t, unnest(t.skills) x GROUP BY x ORDER BY n DESC, x LIMIT 15)
    UNION ALL
    (SELECT 'language', x, count(*)::int AS n FROM (SELECT languages FROM m LIMIT ${FACET_LIMIT}) t, unnest(t.languages) x GROUP BY x ORDER BY n DESC, x LIMIT 15)`;
  return { items, facets, sortName: sort.name };
}

/**
 * The facets sample (LIMIT FACET_LIMIT + 1, any order) tempts the planner into a sequential scan
 * that stops "early" — after reading ~25 000 rows of 100 000 for a word 4 % of trainees match
 * (19 ms, the benchmark's p95), where the trigram or tags GIN bitmap finds the same rows in
 * ~3 ms. Within the facets query's own transaction, sequential scans are off.
 */
export const FACETS_PLANNER = "SET LOCAL enable_seqscan = off";

/** The search: items (one query) and, without a cursor, facets (one more query). */
export async function searchCandidates(db: PrismaClient, companyUserId: string, input: SearchInput, now = new Date()) {
  await requireVerifiedCompany(db, companyUserId);
  const limit = input.limit;
  const q = searchQueries(companyUserId, input, now);
  const sort = { name: q.sortName };
  const itemsQuery = db.$queryRaw<ItemRow[]>(q.items);
  const facetsQuery = q.facets
    ? db.$transaction([db.$executeRawUnsafe(FACETS_PLANNER), db.$queryRaw<{ kind: string; value: string; n: number }[]>(q.facets)]).then(([, r]) => r)
    : null;
  const [rows, facetRows] = await Promise.all([itemsQuery, facetsQuery]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  // (The live re-check could only drop a row if a copy were stale, which the triggers prevent.)
  const nextCursor = rows.length > limit && last ? encodeCursor({ v: `${sort.name}:${last.sort_key}`, id: last.user_id }) : null;

  const facets: Facets | null = facetRows
    ? {
        total: Math.min(FACET_LIMIT, facetRows.find((f) => f.kind === "total")?.n ?? 0),
        exact: (facetRows.find((f) => f.kind === "total")?.n ?? 0) <= FACET_LIMIT,
        skills: facetRows.filter((f) => f.kind === "skill").map((f) => ({ value: f.value, count: f.n })),
        languages: facetRows.filter((f) => f.kind === "language").map((f) => ({ value: f.value, count: f.n })),
      }
    : null;

  const items: SearchItem[] = page.map((r) => ({
    ...cardOf(r, now),
    viewed: r.viewed_at !== null,
    viewedAt: r.viewed_at,
    noted: r.noted,
    marked: r.marked,
  }));
  return { items, nextCursor, facets };
}
