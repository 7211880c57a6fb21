// A company's interest in candidates (issue 11): marking and withdrawing interest against the
// monthly quota, the shortlist, and the quota itself.
//
// The quota: CompanyProfile.hiringQuota marks per calendar month (UTC), counted in
// company_quota_usage (one row per company user and month). A mark is charged by ONE
// conditional upsert (`... DO UPDATE SET used = used + 1 WHERE used < quota RETURNING used`):
// no row back means the quota is used up, so exactly hiringQuota marks succeed in a month even
// when they arrive together. Withdrawing never gives a mark back.
//
// Re-marking: a candidate the company already marked this month (then withdrew) is marked
// again WITHOUT a second charge. That decision is atomic too: the CandidateView row is locked
// first (an upsert that changes nothing), so two marks of the same candidate are decided one
// after the other, and `interestedAt` (the time of the last charged mark) says whether this
// month was already paid for. A free re-mark sends no second mail (so marking and withdrawing
// in a loop cannot be used to spam a trainee); the trainee sees the interest in the app.
//
// Withdrawing ends what the trainee shared: the answer (accepted/declined) is cleared and the
// candidate leaves the shortlist; a later mark asks the trainee again.
//
// Contact details (email, phone) leave this file only for a trainee who ACCEPTED this
// company's current interest.
import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import { enqueueMail } from "../../mail/outbox.ts";
import * as mails from "../../mail/templates.ts";
import type { InterestAnswer } from "../../../shared/schemas/company-interest.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { AppError } from "../errors.ts";
import { requireVerifiedCompany } from "./verified.ts";

export const SHORTLIST_PAGE_SIZE = 20;

/** The first instant of `now`'s calendar month, UTC. */
export function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** When the quota of `now`'s month resets: the first instant of the next month, UTC. */
export function quotaResetsAt(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

/** "1 January 2027": a reset date in words (UTC), for messages. */
export function formatResetDate(d: Date): string {
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export type Quota = { used: number; limit: number; resetsAt: Date };

type Db = PrismaClient | Prisma.TransactionClient;

async function usedThisMonth(db: Db, companyUserId: string, now: Date): Promise<number> {
  const row = await db.companyQuotaUsage.findUnique({
    where: { companyUserId_month: { companyUserId, month: monthStart(now) } },
    select: { used: true },
  });
  return row?.used ?? 0;
}

/** company.quota: marks used this month, the monthly limit and when the count starts again. */
export async function getQuota(db: PrismaClient, companyUserId: string, now = new Date()): Promise<Quota> {
  const company = await requireVerifiedCompany(db, companyUserId);
  return { used: await usedThisMonth(db, companyUserId, now), limit: company.hiringQuota, resetsAt: quotaResetsAt(now) };
}

function quotaExceeded(limit: number, now: Date): AppError {
  const resetsAt = quotaResetsAt(now);
  const month = now.toLocaleDateString("en-GB", { month: "long", timeZone: "UTC" });
  return new AppError(
    "forbidden",
    "QUOTA_EXCEEDED",
    limit === 0
      ? `Your company has no interest marks this month. Your quota resets on ${formatResetDate(resetsAt)}.`
      : `You have used all ${limit} interest marks for ${month}. Your quota resets on ${formatResetDate(resetsAt)}.`,
    { resetsAt: resetsAt.toISOString() },
  );
}

/** A trainee companies may find: discoverable, ACTIVE, email verified. Null otherwise. */
async function discoverableCandidate(db: Db, candidateId: string) {
  return db.user.findFirst({
    where: { id: candidateId, role: "TRAINEE", status: "ACTIVE", emailVerified: { not: null }, profile: { is: { discoverable: true } } },
    select: { id: true, email: true, profile: { select: { name: true } } },
  });
}

export type InterestResult = { candidateId: string; interested: boolean; charged: boolean; quota: Quota };

export type InterestCtx = { companyUserId: string; appUrl: string; now?: Date };

/**
 * company.candidates.interest: marks (charging the month's quota once) or withdraws (no refund)
 * this company's interest in a discoverable trainee. Idempotent both ways.
 */
export async function setInterest(db: PrismaClient, ctx: InterestCtx, input: { candidateId: string; interested: boolean }): Promise<InterestResult> {
  const now = ctx.now ?? new Date();
  const nowSql = now.toISOString();
  const result = await db.$transaction(
    async (tx) => {
      const company = await requireVerifiedCompany(tx, ctx.companyUserId);
      const quotaNow = async (): Promise<Quota> => ({ used: await usedThisMonth(tx, ctx.companyUserId, now), limit: company.hiringQuota, resetsAt: quotaResetsAt(now) });

      if (!input.interested) {
        // Withdraw: only this company's own row; the mark already spent stays spent.
        await tx.candidateView.updateMany({
          where: { candidateId: input.candidateId, companyUserId: ctx.companyUserId, isInterested: true },
          data: { isInterested: false, interestResponse: null, respondedAt: null },
        });
        return { candidateId: input.candidateId, interested: false, charged: false, quota: await quotaNow() };
      }

      const candidate = await discoverableCandidate(tx, input.candidateId);
      if (!candidate) throw new AppError("not-found", "NOT_FOUND", "This candidate is not available.");
      if (company.hiringQuota <= 0) throw quotaExceeded(0, now);

      // Lock (or create, with viewedAt = now) this company's row for the candidate: marks of the
      // same candidate are decided one after the other from here on.
      const [view] = await tx.$queryRaw<{ id: string; isInterested: boolean; interestedAt: Date | null }[]>`
        INSERT INTO candidate_views (id, candidate_id, company_user_id, viewed_at, is_interested)
        VALUES (${randomUUID()}, ${candidate.id}, ${ctx.companyUserId}, ${nowSql}::timestamp, false)
        ON CONFLICT (candidate_id, company_user_id) DO UPDATE SET is_interested = candidate_views.is_interested
        RETURNING id, is_interested AS "isInterested", interested_at AS "interestedAt"`;
      if (!view) throw new Error("candidate view upsert returned no row");
      if (view.isInterested) return { candidateId: candidate.id, interested: true, charged: false, quota: await quotaNow() };

      const paidThisMonth = view.interestedAt !== null && view.interestedAt.getTime() >= monthStart(now).getTime();
      if (paidThisMonth) {
        await tx.candidateView.update({
          where: { id: view.id },
          data: { isInterested: true, interestResponse: "PENDING", respondedAt: null },
          select: { id: true },
        });
        return { candidateId: candidate.id, interested: true, charged: false, quota: await quotaNow() };
      }

      // The one statement that decides the quota.
      const charged = await tx.$queryRaw<{ used: number }[]>`
        INSERT INTO company_quota_usage (company_user_id, month, used)
        VALUES (${ctx.companyUserId}, ${isoDay(monthStart(now))}::date, 1)
        ON CONFLICT (company_user_id, month) DO UPDATE SET used = company_quota_usage.used + 1
        WHERE company_quota_usage.used < ${company.hiringQuota}::int
        RETURNING used`;
      if (charged.length === 0) throw quotaExceeded(company.hiringQuota, now);

      await tx.candidateView.update({
        where: { id: view.id },
        data: { isInterested: true, interestedAt: now, interestResponse: "PENDING", respondedAt: null },
        select: { id: true },
      });
      await enqueueMail(tx, {
        to: candidate.email,
        kind: "company-interest",
        ...mails.companyInterest({ name: candidate.profile?.name, companyName: company.companyName, interestsUrl: `${ctx.appUrl}/interests` }),
      });
      return {
        candidateId: candidate.id,
        interested: true,
        charged: true,
        quota: { used: Number(charged[0]!.used), limit: company.hiringQuota, resetsAt: quotaResetsAt(now) },
      };
    },
    { maxWait: 30_000, timeout: 30_000 },
  );
  return result;
}

const ANSWER: Record<"PENDING" | "ACCEPTED" | "DECLINED", InterestAnswer> = { PENDING: "pending", ACCEPTED: "accepted", DECLINED: "declined" };

export type ShortlistItem = {
  candidateId: string;
  name: string | null;
  headline: string | null;
  location: string | null;
  avatar: string | null;
  skills: string[];
  interestedAt: Date;
  response: InterestAnswer;
  respondedAt: Date | null;
  /** Only when the trainee accepted this company's interest. */
  contact: { email: string; phone: string | null } | null;
};

/** The first non-empty line of a bio, for a card. */
function firstLine(s: string | null | undefined): string | null {
  const line = (s ?? "").split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0);
  return line ? line.slice(0, 160) : null;
}

/**
 * company.candidates.shortlist: the candidates this company marked (newest mark first), keyset
 * by (interestedAt, id). A trainee who was suspended or deactivated is left out; one who opted
 * out of discovery stays only if they accepted this company's interest.
 */
export async function getShortlist(db: PrismaClient, companyUserId: string, input: { cursor?: string | undefined }) {
  await requireVerifiedCompany(db, companyUserId);
  const after = decodeCursor(input.cursor, "date");
  const rows = await db.candidateView.findMany({
    where: {
      companyUserId,
      isInterested: true,
      interestedAt: { not: null },
      candidate: { role: "TRAINEE", status: "ACTIVE" },
      AND: [
        { OR: [{ candidate: { profile: { is: { discoverable: true } } } }, { interestResponse: "ACCEPTED" }] },
        ...(after ? [{ OR: [{ interestedAt: { lt: new Date(after.v) } }, { interestedAt: new Date(after.v), id: { lt: after.id } }] }] : []),
      ],
    },
    orderBy: [{ interestedAt: "desc" }, { id: "desc" }],
    take: SHORTLIST_PAGE_SIZE + 1,
    select: {
      id: true,
      interestedAt: true,
      interestResponse: true,
      respondedAt: true,
      candidate: {
        select: {
          id: true,
          email: true,
          profile: { select: { name: true, headline: true, bio: true, location: true, avatar: true, skills: true, phone: true } },
        },
      },
    },
  });
  const page = rows.slice(0, SHORTLIST_PAGE_SIZE);
  const items: ShortlistItem[] = page.map((r) => {
    const p = r.candidate.profile;
    const accepted = r.interestResponse === "ACCEPTED";
    return {
      candidateId: r.candidate.id,
      name: p?.name ?? null,
      headline: p?.headline?.trim() || firstLine(p?.bio),
      location: p?.location ?? null,
      avatar: p?.avatar ?? null,
      skills: p?.skills ?? [],
      interestedAt: r.interestedAt!,
      response: ANSWER[r.interestResponse ?? "PENDING"],
      respondedAt: r.respondedAt,
      contact: accepted ? { email: r.candidate.email, phone: p?.phone ?? null } : null,
    };
  });
  const last = page.at(-1);
  return { items, nextCursor: rows.length > SHORTLIST_PAGE_SIZE && last ? encodeCursor({ v: last.interestedAt!.toISOString(), id: last.id }) : null };
}
