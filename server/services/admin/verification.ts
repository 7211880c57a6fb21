// The verification queue: unverified instructor and company profiles not yet rejected.
import type { PrismaClient } from "../../db/generated/client.ts";
import { AppError } from "../errors.ts";
import { enqueueMail } from "../../mail/outbox.ts";
import * as mails from "../../mail/templates.ts";
import { audit } from "../audit.ts";
import type { AdminActor } from "./users.ts";

export async function verificationQueue(db: PrismaClient) {
  const userSelect = { id: true, email: true, status: true, emailVerified: true, createdAt: true, profile: { select: { name: true } } } as const;
  const [instructors, companies] = await Promise.all([
    db.instructorProfile.findMany({
      where: { isVerified: false, rejectedAt: null, user: { role: "INSTRUCTOR" } },
      orderBy: { createdAt: "asc" },
      take: 200,
      select: { createdAt: true, specializations: true, certifications: true, yearsOfExperience: true, user: { select: userSelect } },
    }),
    db.companyProfile.findMany({
      where: { isVerified: false, rejectedAt: null, user: { role: "COMPANY" } },
      orderBy: { createdAt: "asc" },
      take: 200,
      select: { createdAt: true, companyName: true, companyLogo: true, industry: true, companySize: true, website: true, country: true, description: true, user: { select: userSelect } },
    }),
  ]);
  const flat = <T extends { user: { profile: { name: string | null } | null } }>(x: T) => ({ ...x, user: { ...x.user, name: x.user.profile?.name ?? null } });
  return {
    items: [
      ...instructors.map((p) => ({ kind: "instructor" as const, ...flat(p) })),
      ...companies.map((p) => ({ kind: "company" as const, ...flat(p) })),
    ].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()),
  };
}

export async function decideVerification(db: PrismaClient, actor: AdminActor, appUrl: string, input: { userId: string; approve: boolean; reason?: string | undefined }) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id: input.userId },
      select: { id: true, email: true, role: true, profile: { select: { name: true } }, instructorProfile: { select: { id: true } }, companyProfile: { select: { id: true } } },
    });
    const kind = user?.role === "INSTRUCTOR" && user.instructorProfile ? "instructor" : user?.role === "COMPANY" && user.companyProfile ? "company" : null;
    if (!user || !kind) throw new AppError("not-found", "NOT_FOUND", "This user has no instructor or company profile to verify.");
    const now = new Date();
    const data = input.approve
      ? { isVerified: true, verifiedAt: now, rejectedAt: null, rejectionReason: null }
      : { isVerified: false, verifiedAt: null, rejectedAt: now, rejectionReason: input.reason ?? null };
    if (kind === "instructor") await tx.instructorProfile.update({ where: { userId: user.id }, data, select: { id: true } });
    else await tx.companyProfile.update({ where: { userId: user.id }, data, select: { id: true } });
    await audit(tx, {
      action: input.approve ? "PERMISSION_GRANTED" : "PERMISSION_REVOKED",
      userId: actor.userId,
      targetUserId: user.id,
      details: { permission: kind === "instructor" ? "verified_instructor" : "verified_company", ...(input.reason ? { reason: input.reason } : {}) },
      meta: actor.meta,
    });
    await enqueueMail(tx, {
      to: user.email,
      kind: input.approve ? "verification-approved" : "verification-rejected",
      ...mails.verificationDecision({ name: user.profile?.name ?? null, approved: input.approve, kind, reason: input.reason ?? null, appUrl }),
    });
    return { kind, verified: input.approve };
  });
}
