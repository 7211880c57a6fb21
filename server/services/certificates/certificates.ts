// Certificates (issue 10): a trainee's own list, the public verification of a code (holder's
// name only) and revocation by an admin. Issuing is rule.ts's job (inside an activity's
// transaction). Status: revoked when revokedAt is set, else expired once validUntil has
// passed, else valid.
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import { enqueueMail } from "../../mail/outbox.ts";
import * as mails from "../../mail/templates.ts";
import { normaliseCertificateCode, readCertificateSkills, type CertificateStatus } from "../../../shared/schemas/certificates.ts";
import type { AdminActor } from "../admin/users.ts";
import { audit } from "../audit.ts";
import { refreshCertificateStats } from "../candidates/stats.ts";
import { AppError } from "../errors.ts";

export function certificateStatus(c: { revokedAt: Date | null; validUntil: Date | null }, now = new Date()): CertificateStatus {
  if (c.revokedAt) return "revoked";
  if (c.validUntil && c.validUntil.getTime() < now.getTime()) return "expired";
  return "valid";
}

/** One message for an unknown and a malformed code, so an answer reveals nothing. */
const notFound = () => new AppError("not-found", "CERTIFICATE_NOT_FOUND", "No certificate matches this code. Check it and try again.");

const mineSelect = {
  certificateCode: true,
  issuedAt: true,
  validUntil: true,
  skills: true,
  overallScore: true,
  verificationUrl: true,
  revokedAt: true,
  revocationReason: true,
} as const satisfies Prisma.CertificateSelect;

/** The caller's certificates, newest first, with their status. */
export async function listMyCertificates(db: PrismaClient, userId: string, now = new Date()) {
  const rows = await db.certificate.findMany({ where: { userId }, orderBy: [{ issuedAt: "desc" }, { id: "desc" }], take: 100, select: mineSelect });
  return {
    items: rows.map((c) => ({
      code: c.certificateCode,
      status: certificateStatus(c, now),
      issuedAt: c.issuedAt,
      validUntil: c.validUntil,
      overallScore: c.overallScore,
      skills: readCertificateSkills(c.skills),
      verificationUrl: c.verificationUrl,
      revokedAt: c.revokedAt,
      revocationReason: c.revocationReason,
    })),
  };
}

/**
 * The public answer for a code: status, the holder's name and what the certificate says —
 * nothing else about the holder (no email, no id). Unknown or malformed → NOT_FOUND.
 */
export async function verifyCertificate(db: PrismaClient, rawCode: string, now = new Date()) {
  const code = normaliseCertificateCode(rawCode);
  if (!code) throw notFound();
  const c = await db.certificate.findUnique({
    where: { certificateCode: code },
    select: { certificateCode: true, issuedAt: true, validUntil: true, skills: true, overallScore: true, revokedAt: true, user: { select: { profile: { select: { name: true } } } } },
  });
  if (!c) throw notFound();
  return {
    code: c.certificateCode,
    status: certificateStatus(c, now),
    holderName: c.user.profile?.name?.trim() || null,
    issuedAt: c.issuedAt,
    validUntil: c.validUntil,
    skills: readCertificateSkills(c.skills),
    overallScore: c.overallScore,
    revokedAt: c.revokedAt,
  };
}

/** admin.certificates.revoke: marks the certificate revoked (once), audits PERMISSION_REVOKED and tells the holder. */
export async function revokeCertificate(db: PrismaClient, actor: AdminActor, appUrl: string, input: { code: string; reason: string }) {
  const code = normaliseCertificateCode(input.code);
  if (!code) throw notFound();
  const reason = input.reason.trim();
  return db.$transaction(async (tx) => {
    const c = await tx.certificate.findUnique({ where: { certificateCode: code }, select: { id: true, userId: true, revokedAt: true, user: { select: { email: true, profile: { select: { name: true } } } } } });
    if (!c) throw notFound();
    const now = new Date();
    // The condition in the update makes two parallel revocations record one.
    const { count } = await tx.certificate.updateMany({ where: { id: c.id, revokedAt: null }, data: { revokedAt: now, revocationReason: reason, revokedBy: actor.userId } });
    if (count === 0) throw new AppError("conflict", "ALREADY_REVOKED", "This certificate is already revoked.");
    await refreshCertificateStats(tx, c.userId);
    await audit(tx, { action: "PERMISSION_REVOKED", userId: actor.userId, targetUserId: c.userId, details: { certificateCode: code, reason }, meta: actor.meta });
    await enqueueMail(tx, {
      to: c.user.email,
      kind: "certificate-revoked",
      ...mails.certificateRevoked({ name: c.user.profile?.name ?? null, code, reason, certificatesUrl: `${appUrl.replace(/\/+$/, "")}/certificates` }),
    });
    return { code, status: "revoked" as const, revokedAt: now };
  });
}
