// The job board (companies issue): active jobs of verified companies whose account is active,
// for any signed-in, verified user; for a trainee the jobs that ask for more of their skills
// come first (a match count in ORDER BY, with a keyset cursor over (match, created_at, id)),
// and each job says whether they already applied. jobs.apply: one application per trainee
// per job, decided by the insert itself (ON CONFLICT DO NOTHING on (job_id, user_id)); the
// applicants counter moves in the same transaction only when a row was inserted; the
// company is told by mail through the outbox. Applying shares the trainee's email and phone
// with that company (copied into the application: it is the consent).
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { Prisma, type PrismaClient } from "../../db/generated/client.ts";
import { enqueueMail } from "../../mail/outbox.ts";
import * as mails from "../../mail/templates.ts";
import type { Role } from "../../../shared/access.ts";
import type { JobApplyInput, JobSearchInput } from "../../../shared/schemas/jobs.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { AppError } from "../errors.ts";
import { jobNotFound } from "./company-jobs.ts";

export type BoardViewer = { userId: string; role: Role };

const PAGE = 20;

/** Jobs a viewer may see: open, of a verified company whose account is active. */
const VISIBLE = Prisma.sql`j.is_active AND c.is_verified AND cu.status = 'ACTIVE'`;

type BoardRow = {
  id: string;
  title: string;
  description: string;
  requirements: string[];
  required_skills: string[];
  experience_level: string;
  location: string | null;
  salary: string | null;
  created_iso: string;
  company_name: string;
  company_logo: string | null;
  industry: string | null;
  website: string | null;
  match: number;
  applied_iso: string | null;
};

/** A trainee's skills, lower-cased (others match nothing: the board is then newest first). */
async function viewerSkills(db: PrismaClient, viewer: BoardViewer): Promise<string[]> {
  if (viewer.role !== "TRAINEE") return [];
  const p = await db.profile.findUnique({ where: { userId: viewer.userId }, select: { skills: true } });
  return [...new Set((p?.skills ?? []).map((s) => s.trim().toLowerCase()).filter(Boolean))];
}

function boardQuery(viewer: BoardViewer, mySkills: string[], where: Prisma.Sql) {
  return Prisma.sql`
    SELECT * FROM (
      SELECT j.id, j.title, j.description, j.requirements, j.required_skills, j.experience_level, j.location, j.salary,
             to_char(j.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_iso, j.created_at,
             c.company_name, c.company_logo, c.industry, c.website,
             (SELECT count(DISTINCT lower(btrim(s)))::int FROM unnest(j.required_skills) AS s WHERE lower(btrim(s)) = ANY(${mySkills}::text[])) AS match,
             (SELECT to_char(a.created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM job_applications a WHERE a.job_id = j.id AND a.user_id = ${viewer.userId}) AS applied_iso
      FROM job_postings j
      JOIN company_profiles c ON c.id = j.company_id
      JOIN users cu ON cu.id = c.user_id
      WHERE ${VISIBLE} AND ${where}
    ) x`;
}

function toItem(r: BoardRow, viewer: BoardViewer) {
  return {
    id: r.id,
    title: r.title,
    requiredSkills: r.required_skills,
    experienceLevel: r.experience_level,
    location: r.location,
    salary: r.salary,
    postedAt: new Date(r.created_iso),
    company: { name: r.company_name, logo: r.company_logo, industry: r.industry, website: r.website },
    /** How many of the job's required skills the trainee has (0 for other roles). */
    matchingSkills: r.match,
    /** For a trainee: when they applied (null when they have not). */
    appliedAt: viewer.role === "TRAINEE" && r.applied_iso ? new Date(r.applied_iso) : null,
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Match count first, then newest first; the cursor is (match, created, id) of the last row. */
function decodeBoardCursor(raw: string | undefined): { match: number; created: string; id: string } | null {
  const k = decodeCursor(raw, "text");
  if (!k) return null;
  const m = /^(\d{1,3})\|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)$/.exec(k.v);
  if (!m || Number.isNaN(Date.parse(m[2]!))) throw new AppError("invalid", "BAD_CURSOR", "This page link is not valid any more. Start again from the first page.", { field: "cursor" });
  return { match: Number(m[1]), created: m[2]!, id: k.id };
}

/** jobs.search */
export async function searchJobs(db: PrismaClient, viewer: BoardViewer, input: z.output<typeof JobSearchInput>) {
  const mySkills = await viewerSkills(db, viewer);
  const filters: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (input.q) {
    const like = `%${escapeLike(input.q)}%`;
    filters.push(Prisma.sql`(j.title ILIKE ${like} OR j.description ILIKE ${like} OR c.company_name ILIKE ${like} OR array_to_string(j.required_skills, ' ') ILIKE ${like})`);
  }
  if (input.skills && input.skills.length > 0) {
    // Every skill asked for is among the job's required skills (ignoring case).
    const wanted = input.skills.map((s) => s.toLowerCase());
    filters.push(Prisma.sql`${wanted}::text[] <@ ARRAY(SELECT lower(btrim(s)) FROM unnest(j.required_skills) AS s)`);
  }
  if (input.location) filters.push(Prisma.sql`j.location ILIKE ${`%${escapeLike(input.location)}%`}`);
  if (input.experienceLevel) filters.push(Prisma.sql`j.experience_level = ${input.experienceLevel}`);
  const after = decodeBoardCursor(input.cursor);
  const keyset = after ? Prisma.sql`WHERE (x.match, x.created_at, x.id) < (${after.match}::int, ${after.created}::timestamp, ${after.id})` : Prisma.empty;
  const rows = await db.$queryRaw<BoardRow[]>`
    ${boardQuery(viewer, mySkills, Prisma.join(filters, " AND "))}
    ${keyset}
    ORDER BY x.match DESC, x.created_at DESC, x.id DESC
    LIMIT ${PAGE + 1}`;
  const page = rows.slice(0, PAGE);
  const last = page.at(-1);
  return {
    items: page.map((r) => toItem(r, viewer)),
    nextCursor: rows.length > PAGE && last ? encodeCursor({ v: `${last.match}|${last.created_iso}`, id: last.id }) : null,
    /** Whether the order puts the trainee's matching jobs first (a trainee with skills). */
    rankedBySkills: mySkills.length > 0,
  };
}

/** jobs.get: one visible job with its description and requirements; else NOT_FOUND. */
export async function getJob(db: PrismaClient, viewer: BoardViewer, id: string) {
  const mySkills = await viewerSkills(db, viewer);
  const rows = await db.$queryRaw<BoardRow[]>`${boardQuery(viewer, mySkills, Prisma.sql`j.id = ${id}`)}`;
  const r = rows[0];
  if (!r) throw jobNotFound();
  const mine = new Set(mySkills);
  return {
    ...toItem(r, viewer),
    description: r.description,
    requirements: r.requirements,
    /** For a trainee: which required skills they have. */
    matchedSkills: r.required_skills.filter((s) => mine.has(s.trim().toLowerCase())),
    canApply: viewer.role === "TRAINEE",
  };
}

/**
 * jobs.apply: the application row is written only when the job is open and visible and the
 * trainee has not applied yet — all in the INSERT; the counter follows in the same
 * transaction only when that insert happened. Otherwise the reason is looked up to answer.
 */
export async function applyToJob(db: PrismaClient, viewer: BoardViewer, appUrl: string, input: z.output<typeof JobApplyInput>) {
  const message = input.message ? input.message : null;
  return db.$transaction(async (tx) => {
    const inserted = await tx.$queryRaw<{ id: string; created_iso: string }[]>`
      INSERT INTO job_applications (id, job_id, user_id, message, contact_email, contact_phone, created_at)
      SELECT ${randomUUID()}, j.id, me.id, ${message}, me.email, p.phone, (now() AT TIME ZONE 'UTC')
      FROM job_postings j
      JOIN company_profiles c ON c.id = j.company_id
      JOIN users cu ON cu.id = c.user_id
      JOIN users me ON me.id = ${viewer.userId} AND me.role = 'TRAINEE' AND me.status = 'ACTIVE'
      LEFT JOIN profiles p ON p.user_id = me.id
      WHERE j.id = ${input.jobId} AND ${VISIBLE}
      ON CONFLICT (job_id, user_id) DO NOTHING
      RETURNING id, to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_iso`;
    const row = inserted[0];
    if (!row) {
      const existing = await tx.jobApplication.findUnique({ where: { jobId_userId: { jobId: input.jobId, userId: viewer.userId } }, select: { createdAt: true } });
      if (existing) {
        throw new AppError("conflict", "ALREADY_APPLIED", `You already applied to this job on ${existing.createdAt.toISOString().slice(0, 10)}.`);
      }
      const job = await tx.$queryRaw<{ is_active: boolean }[]>`
        SELECT j.is_active FROM job_postings j JOIN company_profiles c ON c.id = j.company_id JOIN users cu ON cu.id = c.user_id
        WHERE j.id = ${input.jobId} AND c.is_verified AND cu.status = 'ACTIVE'`;
      if (job[0] && !job[0].is_active) throw new AppError("conflict", "JOB_CLOSED", "This job is closed: the company no longer takes applications for it.");
      throw jobNotFound();
    }
    const counted = await tx.$queryRaw<{ applicants: number; title: string; company_email: string; company_name: string }[]>`
      UPDATE job_postings j SET applicants = j.applicants + 1, updated_at = j.updated_at
      FROM company_profiles c JOIN users cu ON cu.id = c.user_id
      WHERE j.id = ${input.jobId} AND c.id = j.company_id
      RETURNING j.applicants, j.title, cu.email AS company_email, c.company_name`;
    const job = counted[0]!;
    const applicant = await tx.profile.findUnique({ where: { userId: viewer.userId }, select: { name: true } });
    const mail = mails.jobApplicationReceived({
      companyName: job.company_name,
      jobTitle: job.title,
      applicantName: applicant?.name ?? null,
      applicantsUrl: `${appUrl}/company/jobs/${encodeURIComponent(input.jobId)}/applicants`,
    });
    await enqueueMail(tx, { to: job.company_email, ...mail, kind: "job-application" });
    return { applicationId: row.id, appliedAt: new Date(row.created_iso) };
  });
}
