// The certificate rule (issue 10) as the progress service reads it. Implemented by the
// certificates work; this file fixes the interface both sides code against.
import type { Prisma } from "../../db/generated/client.ts";

/** How far a trainee is from the certificate rule: `progress` 0–100 and what is still missing, in words. */
export type CertificateRuleStatus = { met: boolean; progress: number; missing: string[] };

export async function certificateRuleStatus(tx: Prisma.TransactionClient, userId: string): Promise<CertificateRuleStatus> {
  void tx;
  void userId;
  return { met: false, progress: 0, missing: [] };
}

/**
 * Issues a certificate when the rule is met and the trainee's newest certificate does not
 * already cover the same results; the caller holds lockProgressRow. Returns the new code or null.
 */
export async function issueCertificateIfEarned(tx: Prisma.TransactionClient, userId: string, ctx: { appUrl: string; now?: Date }): Promise<{ code: string } | null> {
  void tx;
  void userId;
  void ctx;
  return null;
}
