// The candidate page (company.candidates.get), the company's private notes
// (company.candidates.note) and the trainee's own settings with the preview of exactly what
// companies see (candidate.settings.get / update).
//
// A company sees a candidate only while the trainee is opted in, ACTIVE and verified; anything
// else — including an id that does not exist — answers the same NOT_FOUND, so ids cannot be
// probed. Contact details (email, phone, links) are included only when shared with this
// company: the trainee accepted this company's interest, or applied to one of its jobs.
import { Prisma, type PrismaClient } from "../../db/generated/client.ts";
import type { CandidateSettingsUpdateInput } from "../../../shared/schemas/candidates.ts";
import { SKILLS } from "../../../shared/schemas/content.ts";
import { audit, type RequestMeta } from "../audit.ts";
import { certificateStatus } from "../certificates/certificates.ts";
import { requireVerifiedCompany } from "../company/verified.ts";
import { AppError } from "../errors.ts";
import { skillScores } from "../progress/activity.ts";
import { CARD_COLUMNS, cardOf, VISIBLE, type CandidateCard, type CardRow } from "./search.ts";
import { ensureCandidateStats } from "./stats.ts";
import type { z } from "zod";

type Tx = Prisma.TransactionClient;

const notFound = () => new AppError("not-found", "CANDIDATE_NOT_FOUND", "This candidate is not available.");

/** The card of `userId`, with or without the visibility conditions (the preview shows it either way). */
async function cardRow(db: PrismaClient | Tx, userId: string, visibleOnly: boolean): Promise<CardRow | null> {
  const rows = await db.$queryRaw<CardRow[]>`
    SELECT ${CARD_COLUMNS}
    FROM profiles p JOIN users u ON u.id = p.user_id LEFT JOIN candidate_stats s ON s.user_id = p.user_id
    WHERE p.user_id = ${userId} AND u.role = 'TRAINEE' ${visibleOnly ? Prisma.sql`AND ${VISIBLE}` : Prisma.empty}`;
  return rows[0] ?? null;
}

/** What a candidate page shows to every company (no contact details). */
export type CandidatePage = CandidateCard & {
  bio: string | null;
  experience: string | null;
  education: string | null;
  scoresOverTime: { at: Date; sessionType: "CHAT" | "CALL"; overallScore: number; skills: Record<string, number> }[];
  certificates: { code: string; status: "valid" | "expired" | "revoked"; issuedAt: Date; validUntil: Date | null; overallScore: number; verificationUrl: string }[];
  assessmentResults: { type: string; best: number; attempts: number; passed: boolean; lastAt: Date }[];
};

async function pageOf(db: PrismaClient | Tx, row: CardRow, now: Date): Promise<CandidatePage> {
  const userId = row.user_id;
  const [profile, evaluations, certificates, assessments] = await Promise.all([
    db.profile.findUnique({ where: { userId }, select: { bio: true, experience: true, education: true } }),
    db.evaluation.findMany({
      where: { userId, OR: [{ chatSession: { status: "COMPLETED" } }, { callSession: { status: "COMPLETED" } }] },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 100,
      select: { createdAt: true, sessionType: true, overallScore: true, scores: true },
    }),
    db.certificate.findMany({
      where: { userId },
      orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
      take: 20,
      select: { certificateCode: true, issuedAt: true, validUntil: true, overallScore: true, verificationUrl: true, revokedAt: true },
    }),
    db.assessment.groupBy({ by: ["type"], where: { userId }, _max: { score: true, completedAt: true }, _count: { _all: true } }),
  ]);
  const passedTypes = new Set(
    (await db.assessment.groupBy({ by: ["type"], where: { userId, passed: true }, _count: { _all: true } })).map((g) => g.type),
  );
  return {
    ...cardOf(row, now),
    bio: profile?.bio ?? null,
    experience: profile?.experience ?? null,
    education: profile?.education ?? null,
    scoresOverTime: evaluations.reverse().map((e) => {
      const s = skillScores(e.scores);
      return { at: e.createdAt, sessionType: e.sessionType, overallScore: e.overallScore, skills: Object.fromEntries(SKILLS.filter((k) => k in s).map((k) => [k, s[k]!])) };
    }),
    certificates: certificates.map((c) => ({
      code: c.certificateCode,
      status: certificateStatus(c, now),
      issuedAt: c.issuedAt,
      validUntil: c.validUntil,
      overallScore: c.overallScore,
      verificationUrl: c.verificationUrl,
    })),
    assessmentResults: assessments
      .map((a) => ({ type: a.type, best: a._max.score ?? 0, attempts: a._count._all, passed: passedTypes.has(a.type), lastAt: a._max.completedAt ?? now }))
      .sort((a, b) => a.type.localeCompare(b.type)),
  };
}

export type SharedContact = { email: string; phone: string | null; linkedIn: string | null; github: string | null; website: string | null; via: "interest" | "application" };

/** company.candidates.get: the page, this company user's notes and interest state, and the contact when shared. Records the view. */
export async function getCandidate(db: PrismaClient, companyUserId: string, candidateId: string, now = new Date()) {
  const company = await requireVerifiedCompany(db, companyUserId);
  const row = await cardRow(db, candidateId, true);
  if (!row) throw notFound();
  const view = await db.candidateView.upsert({
    where: { candidateId_companyUserId: { candidateId, companyUserId } },
    create: { candidateId, companyUserId, viewedAt: now },
    update: { viewedAt: now },
    select: { viewedAt: true, notes: true, isInterested: true, interestedAt: true, interestResponse: true, respondedAt: true },
  });
  const [page, application, user] = await Promise.all([
    pageOf(db, row, now),
    db.jobApplication.findFirst({
      where: { userId: candidateId, job: { companyId: company.companyProfileId } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { contactEmail: true, contactPhone: true },
    }),
    view.interestResponse === "ACCEPTED"
      ? db.user.findUnique({ where: { id: candidateId }, select: { email: true, profile: { select: { phone: true, linkedIn: true, github: true, website: true } } } })
      : null,
  ]);
  let contact: SharedContact | null = null;
  if (user) {
    contact = { email: user.email, phone: user.profile?.phone ?? null, linkedIn: user.profile?.linkedIn ?? null, github: user.profile?.github ?? null, website: user.profile?.website ?? null, via: "interest" };
  } else if (application) {
    contact = { email: application.contactEmail, phone: application.contactPhone, linkedIn: null, github: null, website: null, via: "application" };
  }
  return {
    candidate: page,
    contact,
    view: { viewedAt: view.viewedAt, notes: view.notes ?? "", isInterested: view.isInterested, interestedAt: view.interestedAt, interestResponse: view.interestResponse, respondedAt: view.respondedAt },
  };
}

/** company.candidates.note: this company user's private notes on their own view row. */
export async function noteCandidate(db: PrismaClient, companyUserId: string, input: { candidateId: string; notes: string }, now = new Date()) {
  await requireVerifiedCompany(db, companyUserId);
  const row = await cardRow(db, input.candidateId, true);
  if (!row) throw notFound();
  const notes = input.notes.trim() ? input.notes : null;
  const saved = await db.candidateView.upsert({
    where: { candidateId_companyUserId: { candidateId: input.candidateId, companyUserId } },
    create: { candidateId: input.candidateId, companyUserId, viewedAt: now, notes },
    update: { notes },
    select: { notes: true },
  });
  return { notes: saved.notes ?? "", savedAt: now };
}

// ---------------------------------------------------------------------------------------
// The trainee's side

async function settingsOf(db: PrismaClient | Tx, userId: string, now: Date) {
  const profile = await db.profile.findUnique({ where: { userId }, select: { discoverable: true, headline: true, openTo: true } });
  const row = await cardRow(db, userId, false);
  // A trainee without a profile row yet: an empty preview.
  const preview = row ? await pageOf(db, row, now) : null;
  return {
    discoverable: profile?.discoverable ?? false,
    headline: profile?.headline ?? null,
    openTo: profile?.openTo ?? [],
    /** Exactly what a company sees: the search card and the candidate page, without contact details. */
    preview,
  };
}

export function getCandidateSettings(db: PrismaClient, userId: string, now = new Date()) {
  return settingsOf(db, userId, now);
}

export async function updateCandidateSettings(db: PrismaClient, userId: string, input: z.output<typeof CandidateSettingsUpdateInput>, meta: RequestMeta, now = new Date()) {
  return db.$transaction(async (tx) => {
    const before = await tx.profile.findUnique({ where: { userId }, select: { discoverable: true, headline: true, openTo: true } });
    const data = { discoverable: input.discoverable, ...(input.headline !== undefined ? { headline: input.headline } : {}), ...(input.openTo ? { openTo: input.openTo } : {}) };
    await tx.profile.upsert({ where: { userId }, create: { userId, ...data }, update: data, select: { id: true } });
    // The search joins candidate_stats: a trainee who opts in has a row from now on.
    if (input.discoverable) await ensureCandidateStats(tx, userId);
    const changed: Record<string, Prisma.InputJsonValue> = {};
    if ((before?.discoverable ?? false) !== input.discoverable) changed.discoverable = input.discoverable;
    if (input.headline !== undefined && (before?.headline ?? null) !== input.headline) changed.headline = input.headline ?? "";
    if (input.openTo && JSON.stringify(before?.openTo ?? []) !== JSON.stringify(input.openTo)) changed.openTo = input.openTo;
    if (Object.keys(changed).length > 0) {
      await audit(tx, { action: "SETTINGS_CHANGED", userId, details: { area: "candidate", ...changed }, meta });
    }
    return settingsOf(tx, userId, now);
  });
}
