// company.profile.get / company.profile.update: the verified company's own profile, with the
// same fields, select and validation as profile.updateCompany (services/profile/role-profile.ts),
// which an unverified company keeps using on /settings/profile while an admin reviews it.
// Ownership is the session's user id in every query. The logo is uploaded separately
// (company.profile.uploadLogo, services/images), and is allowed before verification too.
import type { z } from "zod";
import type { PrismaClient } from "../../db/generated/client.ts";
import type { CompanyProfileUpdateInput } from "../../../shared/schemas/role-profile.ts";
import type { RequestMeta } from "../audit.ts";
import { AppError } from "../errors.ts";
import { companySelect, updateCompanyProfile } from "../profile/role-profile.ts";
import { requireVerifiedCompany } from "./verified.ts";

export async function getCompanyProfile(db: PrismaClient, userId: string) {
  await requireVerifiedCompany(db, userId);
  const p = await db.companyProfile.findUnique({ where: { userId }, select: { ...companySelect, isVerified: true, verifiedAt: true } });
  if (!p) throw new AppError("not-found", "NOT_FOUND", "Your account has no company profile.");
  return p;
}

export async function updateVerifiedCompanyProfile(
  db: PrismaClient,
  actor: { userId: string; role: string; meta: RequestMeta },
  input: z.output<typeof CompanyProfileUpdateInput>,
) {
  await requireVerifiedCompany(db, actor.userId);
  return updateCompanyProfile(db, actor, input);
}
