// Every company procedure (candidates, quota, jobs, company profile) first asks this: the
// caller must hold a CompanyProfile that an administrator verified. Suspended or deactivated
// accounts never get this far (the session check refuses them); an unverified or rejected
// company gets FORBIDDEN with appCode COMPANY_NOT_VERIFIED and the UI explains the review.
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import { AppError } from "../errors.ts";

export type VerifiedCompany = { userId: string; companyProfileId: string; companyName: string; hiringQuota: number };

/**
 * The caller's verified company, read in the caller's transaction when one is given (so a
 * decision that depends on it — a quota mark, a job write — sees one state).
 */
export async function requireVerifiedCompany(db: PrismaClient | Prisma.TransactionClient, userId: string): Promise<VerifiedCompany> {
  const row = await db.companyProfile.findUnique({
    where: { userId },
    select: { id: true, companyName: true, hiringQuota: true, isVerified: true },
  });
  if (!row?.isVerified) {
    throw new AppError(
      "forbidden",
      "COMPANY_NOT_VERIFIED",
      "Your company is not verified yet. An administrator reviews every company before it can search candidates or post jobs.",
    );
  }
  return { userId, companyProfileId: row.id, companyName: row.companyName, hiringQuota: row.hiringQuota };
}
