// A verified company's own job postings (companies issue): list, read, create, edit, close or
// reopen, delete, and the applicants of one job. Every query names the caller's
// CompanyProfile.id, so another company's job is NOT_FOUND (its existence is not confirmed).
// Writes are audited (JOB_POSTED / JOB_UPDATED / JOB_DELETED) in their own transaction.
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import type { z } from "zod";
import type { CompanyJobsListInput, JobApplicantsInput, JobCreateInput, JobSetActiveInput, JobUpdateInput } from "../../../shared/schemas/jobs.ts";
import { audit, type RequestMeta } from "../audit.ts";
import { requireVerifiedCompany } from "../company/verified.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { AppError } from "../errors.ts";
import { matchSkills } from "./matching.ts";

export type CompanyActor = { userId: string; meta: RequestMeta };

const PAGE = 20;

export const jobNotFound = () => new AppError("not-found", "JOB_NOT_FOUND", "This job posting does not exist or is no longer available.");

const jobSelect = {
  id: true,
  title: true,
  description: true,
  requirements: true,
  requiredSkills: true,
  experienceLevel: true,
  location: true,
  salary: true,
  isActive: true,
  applicants: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.JobPostingSelect;

/** company.jobs.list: the company's jobs, newest first, optionally only open or only closed ones. */
export async function listCompanyJobs(db: PrismaClient, actor: CompanyActor, input: z.output<typeof CompanyJobsListInput>) {
  const company = await requireVerifiedCompany(db, actor.userId);
  const after = decodeCursor(input.cursor);
  const rows = await db.jobPosting.findMany({
    where: {
      companyId: company.companyProfileId,
      ...(input.active === undefined ? {} : { isActive: input.active }),
      ...(after ? { OR: [{ createdAt: { lt: new Date(after.v) } }, { createdAt: new Date(after.v), id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    select: { id: true, title: true, requiredSkills: true, experienceLevel: true, location: true, isActive: true, applicants: true, createdAt: true, updatedAt: true },
  });
  const items = rows.slice(0, PAGE);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > PAGE && last ? encodeCursor({ v: last.createdAt.toISOString(), id: last.id }) : null };
}

/** company.jobs.get: one of the company's jobs, for the editor. */
export async function getCompanyJob(db: PrismaClient, actor: CompanyActor, id: string) {
  const company = await requireVerifiedCompany(db, actor.userId);
  const job = await db.jobPosting.findFirst({ where: { id, companyId: company.companyProfileId }, select: jobSelect });
  if (!job) throw jobNotFound();
  return job;
}

/** company.jobs.create: a new posting, open at once. */
export async function createCompanyJob(db: PrismaClient, actor: CompanyActor, input: z.output<typeof JobCreateInput>) {
  return db.$transaction(async (tx) => {
    const company = await requireVerifiedCompany(tx, actor.userId);
    const job = await tx.jobPosting.create({
      data: {
        companyId: company.companyProfileId,
        title: input.title,
        description: input.description,
        requirements: input.requirements,
        requiredSkills: input.requiredSkills,
        experienceLevel: input.experienceLevel,
        location: input.location ?? null,
        salary: input.salary ?? null,
      },
      select: jobSelect,
    });
    await audit(tx, { action: "JOB_POSTED", userId: actor.userId, details: { jobId: job.id, title: job.title }, meta: actor.meta });
    return job;
  });
}

/** company.jobs.update: changes the given fields of one of the company's jobs. */
export async function updateCompanyJob(db: PrismaClient, actor: CompanyActor, input: z.output<typeof JobUpdateInput>) {
  const { id, ...fields } = input;
  const data: Prisma.JobPostingUpdateManyMutationInput = {};
  if (fields.title !== undefined) data.title = fields.title;
  if (fields.description !== undefined) data.description = fields.description;
  if (fields.requirements !== undefined) data.requirements = fields.requirements;
  if (fields.requiredSkills !== undefined) data.requiredSkills = fields.requiredSkills;
  if (fields.experienceLevel !== undefined) data.experienceLevel = fields.experienceLevel;
  if (fields.location !== undefined) data.location = fields.location;
  if (fields.salary !== undefined) data.salary = fields.salary;
  return db.$transaction(async (tx) => {
    const company = await requireVerifiedCompany(tx, actor.userId);
    const { count } = await tx.jobPosting.updateMany({ where: { id, companyId: company.companyProfileId }, data });
    if (count !== 1) throw jobNotFound();
    await audit(tx, { action: "JOB_UPDATED", userId: actor.userId, details: { jobId: id, operation: "edit", fields: Object.keys(data) }, meta: actor.meta });
    return tx.jobPosting.findFirstOrThrow({ where: { id, companyId: company.companyProfileId }, select: jobSelect });
  });
}

/** company.jobs.setActive: closes (no new applications, off the board) or reopens a job. */
export async function setCompanyJobActive(db: PrismaClient, actor: CompanyActor, input: z.output<typeof JobSetActiveInput>) {
  return db.$transaction(async (tx) => {
    const company = await requireVerifiedCompany(tx, actor.userId);
    const { count } = await tx.jobPosting.updateMany({ where: { id: input.id, companyId: company.companyProfileId }, data: { isActive: input.isActive } });
    if (count !== 1) throw jobNotFound();
    await audit(tx, { action: "JOB_UPDATED", userId: actor.userId, details: { jobId: input.id, operation: input.isActive ? "reopen" : "close" }, meta: actor.meta });
    return { id: input.id, isActive: input.isActive };
  });
}

/** company.jobs.delete: removes the job and its applications. */
export async function deleteCompanyJob(db: PrismaClient, actor: CompanyActor, id: string) {
  return db.$transaction(async (tx) => {
    const company = await requireVerifiedCompany(tx, actor.userId);
    const rows = await tx.jobPosting.findMany({ where: { id, companyId: company.companyProfileId }, select: { title: true, applicants: true } });
    const { count } = await tx.jobPosting.deleteMany({ where: { id, companyId: company.companyProfileId } });
    if (count !== 1 || !rows[0]) throw jobNotFound();
    await audit(tx, { action: "JOB_DELETED", userId: actor.userId, details: { jobId: id, title: rows[0].title, applicants: rows[0].applicants }, meta: actor.meta });
    return { id };
  });
}

/** The first non-empty line of a text, bounded: a card's headline. */
export function firstLine(text: string | null | undefined, max = 160): string | null {
  const line = (text ?? "").split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0);
  if (!line) return null;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * company.jobs.applicants: the people who applied to one of the company's jobs, newest first,
 * with the contact details each shared by applying (copied at that moment), their message
 * and how their skills match the job's required skills. Accounts that are no longer active
 * (suspended, deactivated) are left out.
 */
export async function listJobApplicants(db: PrismaClient, actor: CompanyActor, input: z.output<typeof JobApplicantsInput>) {
  const company = await requireVerifiedCompany(db, actor.userId);
  const job = await db.jobPosting.findFirst({
    where: { id: input.jobId, companyId: company.companyProfileId },
    select: { id: true, title: true, requiredSkills: true, isActive: true, applicants: true },
  });
  if (!job) throw jobNotFound();
  const after = decodeCursor(input.cursor);
  const rows = await db.jobApplication.findMany({
    where: {
      jobId: job.id,
      user: { status: "ACTIVE" },
      ...(after ? { OR: [{ createdAt: { lt: new Date(after.v) } }, { createdAt: new Date(after.v), id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE + 1,
    select: {
      id: true,
      message: true,
      contactEmail: true,
      contactPhone: true,
      createdAt: true,
      user: { select: { id: true, profile: { select: { name: true, headline: true, bio: true, skills: true, location: true, avatar: true } } } },
    },
  });
  const page = rows.slice(0, PAGE);
  const last = page.at(-1);
  return {
    job,
    items: page.map((a) => {
      const p = a.user.profile;
      const skills = p?.skills ?? [];
      return {
        applicationId: a.id,
        candidateId: a.user.id,
        name: p?.name?.trim() || "Unnamed candidate",
        headline: p?.headline?.trim() || firstLine(p?.bio),
        avatar: p?.avatar ?? null,
        location: p?.location ?? null,
        skills,
        contact: { email: a.contactEmail, phone: a.contactPhone },
        message: a.message,
        appliedAt: a.createdAt,
        match: matchSkills(job.requiredSkills, skills),
      };
    }),
    nextCursor: rows.length > PAGE && last ? encodeCursor({ v: last.createdAt.toISOString(), id: last.id }) : null,
  };
}
