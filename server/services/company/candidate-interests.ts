// The trainee's side of companies' interest (issue 11): which companies marked interest in me
// and my answer to each (candidate.interests.list / respond), and which verified companies
// looked at my profile (candidate.viewers). Every query is scoped to the trainee's own rows
// (candidate_id = me); accepting shares my email and phone with that one company (its
// shortlist reads the answer), declining — also after accepting — stops sharing.
import type { PrismaClient } from "../../db/generated/client.ts";
import { enqueueMail } from "../../mail/outbox.ts";
import * as mails from "../../mail/templates.ts";
import type { InterestAnswer } from "../../../shared/schemas/company-interest.ts";
import { audit, type RequestMeta } from "../audit.ts";
import { AppError } from "../errors.ts";

/** The most rows these lists answer (a company marks at most its monthly quota). */
export const CANDIDATE_LIST_LIMIT = 200;

const ANSWER: Record<"PENDING" | "ACCEPTED" | "DECLINED", InterestAnswer> = { PENDING: "pending", ACCEPTED: "accepted", DECLINED: "declined" };

/** A company as a trainee sees it: verified and active, public facts only. */
const visibleCompanyUser = { role: "COMPANY", status: "ACTIVE", companyProfile: { is: { isVerified: true } } } as const;
const companySelect = { companyName: true, companyLogo: true, industry: true, website: true } as const;

export type CompanySummary = { companyUserId: string; name: string; logo: string | null; industry: string | null; website: string | null };

export type InterestItem = CompanySummary & { interestedAt: Date; response: InterestAnswer; respondedAt: Date | null };

/** candidate.interests.list: the companies whose interest in me is current, newest first. */
export async function listMyInterests(db: PrismaClient, userId: string): Promise<InterestItem[]> {
  const rows = await db.candidateView.findMany({
    where: { candidateId: userId, isInterested: true, interestedAt: { not: null }, companyUser: visibleCompanyUser },
    orderBy: [{ interestedAt: "desc" }, { id: "desc" }],
    take: CANDIDATE_LIST_LIMIT,
    select: {
      interestedAt: true,
      interestResponse: true,
      respondedAt: true,
      companyUser: { select: { id: true, companyProfile: { select: companySelect } } },
    },
  });
  return rows.map((r) => ({
    companyUserId: r.companyUser.id,
    name: r.companyUser.companyProfile?.companyName ?? "A company",
    logo: r.companyUser.companyProfile?.companyLogo ?? null,
    industry: r.companyUser.companyProfile?.industry ?? null,
    website: r.companyUser.companyProfile?.website ?? null,
    interestedAt: r.interestedAt!,
    response: ANSWER[r.interestResponse ?? "PENDING"],
    respondedAt: r.respondedAt,
  }));
}

export type RespondCtx = { userId: string; meta: RequestMeta; appUrl: string; now?: Date };

/**
 * candidate.interests.respond: my answer to one company's current interest. Accepting shares
 * my contact details with that company only (and mails it); declining stops sharing. Both are
 * audited (SETTINGS_CHANGED, with the company and the answer). Answering the same again changes
 * nothing and sends nothing.
 */
export async function respondToInterest(db: PrismaClient, ctx: RespondCtx, input: { companyUserId: string; accept: boolean }): Promise<{ companyUserId: string; response: InterestAnswer; respondedAt: Date | null }> {
  const now = ctx.now ?? new Date();
  const target = input.accept ? "ACCEPTED" : "DECLINED";
  return db.$transaction(async (tx) => {
    const where = { candidateId: ctx.userId, companyUserId: input.companyUserId, isInterested: true, companyUser: visibleCompanyUser };
    // Ownership is the candidate_id = me in the query; a row that is not mine is not found.
    const row = await tx.candidateView.findFirst({
      where,
      select: { id: true, interestResponse: true, respondedAt: true, companyUser: { select: { email: true, profile: { select: { name: true } }, companyProfile: { select: { companyName: true } } } } },
    });
    if (!row) throw new AppError("not-found", "NOT_FOUND", "This company's interest is no longer there.");
    // The answer changes only from another answer; the conditional update decides it once.
    const changed = await tx.candidateView.updateMany({
      where: { id: row.id, candidateId: ctx.userId, isInterested: true, interestResponse: { in: target === "ACCEPTED" ? ["PENDING", "DECLINED"] : ["PENDING", "ACCEPTED"] } },
      data: { interestResponse: target, respondedAt: now },
    });
    if (changed.count === 0) return { companyUserId: input.companyUserId, response: ANSWER[target], respondedAt: row.respondedAt };

    const companyName = row.companyUser.companyProfile?.companyName ?? "";
    await audit(tx, {
      action: "SETTINGS_CHANGED",
      userId: ctx.userId,
      details: {
        setting: "company-interest",
        companyUserId: input.companyUserId,
        companyName,
        response: ANSWER[target],
        previous: ANSWER[row.interestResponse ?? "PENDING"],
        contactShared: target === "ACCEPTED",
      },
      meta: ctx.meta,
    });
    if (target === "ACCEPTED") {
      const me = await tx.profile.findUnique({ where: { userId: ctx.userId }, select: { name: true } });
      await enqueueMail(tx, {
        to: row.companyUser.email,
        kind: "interest-accepted",
        ...mails.interestAccepted({ name: row.companyUser.profile?.name, candidateName: me?.name ?? "A candidate", shortlistUrl: `${ctx.appUrl}/company/shortlist` }),
      });
    }
    return { companyUserId: input.companyUserId, response: ANSWER[target], respondedAt: now };
  });
}

export type ViewerItem = CompanySummary & { viewedAt: Date };

/** candidate.viewers: the verified companies that opened my profile, most recent first. */
export async function listMyViewers(db: PrismaClient, userId: string): Promise<ViewerItem[]> {
  const rows = await db.candidateView.findMany({
    where: { candidateId: userId, companyUser: visibleCompanyUser },
    orderBy: [{ viewedAt: "desc" }, { id: "desc" }],
    take: CANDIDATE_LIST_LIMIT,
    select: { viewedAt: true, companyUser: { select: { id: true, companyProfile: { select: companySelect } } } },
  });
  return rows.map((r) => ({
    companyUserId: r.companyUser.id,
    name: r.companyUser.companyProfile?.companyName ?? "A company",
    logo: r.companyUser.companyProfile?.companyLogo ?? null,
    industry: r.companyUser.companyProfile?.industry ?? null,
    website: r.companyUser.companyProfile?.website ?? null,
    viewedAt: r.viewedAt,
  }));
}
