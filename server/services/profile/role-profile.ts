// An instructor's or company's own professional profile: read and edit it (ownership in the
// query: the row of the session's user). Editing is allowed in every verification state, so a
// rejected instructor or company can correct what the administrator asked for and then ask
// again (requestVerification in profile.ts puts them back in the queue).
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import type { z } from "zod";
import type { CompanyProfileUpdateInput, InstructorProfileUpdateInput } from "../../../shared/schemas/role-profile.ts";
import { audit, type RequestMeta } from "../audit.ts";
import { AppError } from "../errors.ts";

const instructorSelect = { specializations: true, certifications: true, yearsOfExperience: true } satisfies Prisma.InstructorProfileSelect;
/** A company's own profile as it edits it (also company.profile.get); the logo is the served image URL (services/images). */
export const companySelect = {
  companyName: true,
  companyLogo: true,
  industry: true,
  companySize: true,
  website: true,
  description: true,
  address: true,
  country: true,
} satisfies Prisma.CompanyProfileSelect;

type Actor = { userId: string; role: string; meta: RequestMeta };

const missing = () => new AppError("not-found", "NOT_FOUND", "Your account has no instructor or company profile.");

export async function getRoleProfile(db: PrismaClient, actor: Pick<Actor, "userId" | "role">) {
  if (actor.role === "INSTRUCTOR") {
    const p = await db.instructorProfile.findUnique({ where: { userId: actor.userId }, select: instructorSelect });
    if (!p) throw missing();
    return { kind: "instructor" as const, instructor: p, company: null };
  }
  if (actor.role === "COMPANY") {
    const p = await db.companyProfile.findUnique({ where: { userId: actor.userId }, select: companySelect });
    if (!p) throw missing();
    return { kind: "company" as const, instructor: null, company: p };
  }
  throw missing();
}

const changed = (input: Record<string, unknown>) => Object.keys(input).filter((k) => input[k] !== undefined);

export async function updateInstructorProfile(db: PrismaClient, actor: Actor, input: z.output<typeof InstructorProfileUpdateInput>) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.instructorProfile.updateMany({ where: { userId: actor.userId }, data: input });
    if (count === 0) throw missing();
    await audit(tx, { action: "PROFILE_UPDATED", userId: actor.userId, details: { kind: "instructor", fields: changed(input) }, meta: actor.meta });
    return tx.instructorProfile.findUniqueOrThrow({ where: { userId: actor.userId }, select: instructorSelect });
  });
}

export async function updateCompanyProfile(db: PrismaClient, actor: Actor, input: z.output<typeof CompanyProfileUpdateInput>) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.companyProfile.updateMany({ where: { userId: actor.userId }, data: input });
    if (count === 0) throw missing();
    await audit(tx, { action: "PROFILE_UPDATED", userId: actor.userId, details: { kind: "company", fields: changed(input) }, meta: actor.meta });
    return tx.companyProfile.findUniqueOrThrow({ where: { userId: actor.userId }, select: companySelect });
  });
}
