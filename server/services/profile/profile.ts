import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import { PreferencesSchema, type Preferences, type ProfileUpdateInput } from "../../../shared/schemas/profile.ts";
import { audit, type RequestMeta } from "../audit.ts";
import { AppError } from "../errors.ts";
import type { z } from "zod";
import { ProfileUpdateInput as ProfileUpdateSchema } from "../../../shared/schemas/profile.ts";

export const profileSelect = {
  name: true,
  avatar: true,
  bio: true,
  phone: true,
  timezone: true,
  languages: true,
  skills: true,
  location: true,
  linkedIn: true,
  github: true,
  website: true,
  preferences: true,
  updatedAt: true,
} satisfies Prisma.ProfileSelect;

function withPreferences<T extends { preferences: Prisma.JsonValue }>(p: T): Omit<T, "preferences"> & { preferences: Preferences } {
  const parsed = PreferencesSchema.safeParse(p.preferences ?? {});
  return { ...p, preferences: parsed.success ? parsed.data : PreferencesSchema.parse({}) };
}

const verificationSelect = {
  isVerified: true,
  verifiedAt: true,
  rejectedAt: true,
  rejectionReason: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.InstructorProfileSelect & Prisma.CompanyProfileSelect;

type VerificationRow = { isVerified: boolean; verifiedAt: Date | null; rejectedAt: Date | null; rejectionReason: string | null; createdAt: Date; updatedAt: Date };

export type VerificationStatus = "pending" | "verified" | "rejected";

/**
 * Where an instructor's or company's verification stands, as the admin queue decides it
 * (server/services/admin/verification.ts): verified, rejected (with the admin's reason), or
 * pending (in the queue). `since` is when it reached that state. Null for other roles.
 */
export type VerificationView = {
  kind: "instructor" | "company";
  status: VerificationStatus;
  since: Date;
  reason: string | null;
};

function verificationOf(kind: "instructor" | "company", row: VerificationRow | null): VerificationView | null {
  if (!row) return null;
  if (row.isVerified) return { kind, status: "verified", since: row.verifiedAt ?? row.updatedAt, reason: null };
  if (row.rejectedAt) return { kind, status: "rejected", since: row.rejectedAt, reason: row.rejectionReason };
  return { kind, status: "pending", since: row.createdAt, reason: null };
}

/** The caller's own profile (ownership in the query: userId is the session's user). */
export async function getProfile(db: PrismaClient, userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      role: true,
      createdAt: true,
      profile: { select: profileSelect },
      instructorProfile: { select: verificationSelect },
      companyProfile: { select: verificationSelect },
    },
  });
  if (!user) return null;
  const profile = user.profile ?? (await db.profile.create({ data: { userId }, select: profileSelect }));
  const verification =
    user.role === "INSTRUCTOR" ? verificationOf("instructor", user.instructorProfile) : user.role === "COMPANY" ? verificationOf("company", user.companyProfile) : null;
  return { userId: user.id, email: user.email, role: user.role, memberSince: user.createdAt, ...withPreferences(profile), verification };
}

/**
 * After a rejection, an instructor or company asks for another review: the profile goes back
 * into the admins' queue (rejection cleared), audited as VERIFICATION_REQUESTED with the
 * reason it had been rejected for. Only from "rejected": a pending profile is already in the
 * queue and a verified one needs nothing, so the request cannot be repeated to flood it.
 */
export async function requestVerification(db: PrismaClient, actor: { userId: string; role: string; meta: RequestMeta }) {
  return db.$transaction(async (tx) => {
    const kind = actor.role === "INSTRUCTOR" ? "instructor" : actor.role === "COMPANY" ? "company" : null;
    const where = { userId: actor.userId };
    const row = kind === "instructor"
      ? await tx.instructorProfile.findUnique({ where, select: verificationSelect })
      : kind === "company"
        ? await tx.companyProfile.findUnique({ where, select: verificationSelect })
        : null;
    if (!kind || !row) throw new AppError("not-found", "NOT_FOUND", "Your account has no instructor or company profile to verify.");
    const current = verificationOf(kind, row)!;
    if (current.status === "verified") throw new AppError("conflict", "ALREADY_VERIFIED", "Your profile is already verified.");
    if (current.status === "pending") throw new AppError("conflict", "VERIFICATION_PENDING", "Your profile is already waiting for an administrator's review.");
    // Conditional on the rejection still standing, so two requests at once reopen it once.
    const reopen = { where: { userId: actor.userId, isVerified: false, rejectedAt: { not: null } }, data: { rejectedAt: null, rejectionReason: null } };
    const { count } = kind === "instructor" ? await tx.instructorProfile.updateMany(reopen) : await tx.companyProfile.updateMany(reopen);
    if (count === 0) throw new AppError("conflict", "VERIFICATION_PENDING", "Your profile is already waiting for an administrator's review.");
    await audit(tx, {
      action: "VERIFICATION_REQUESTED",
      userId: actor.userId,
      details: { kind, previousRejection: { at: current.since.toISOString(), reason: current.reason } },
      meta: actor.meta,
    });
    const updated = kind === "instructor"
      ? await tx.instructorProfile.findUniqueOrThrow({ where, select: verificationSelect })
      : await tx.companyProfile.findUniqueOrThrow({ where, select: verificationSelect });
    return verificationOf(kind, updated)!;
  });
}

export async function updateProfile(
  db: PrismaClient,
  actor: { userId: string; meta: RequestMeta },
  input: z.output<typeof ProfileUpdateSchema>,
) {
  return db.$transaction(async (tx) => {
    const current = await tx.profile.findUnique({ where: { userId: actor.userId }, select: { preferences: true } });
    const { preferences, ...fields } = input;
    const data: Prisma.ProfileUncheckedUpdateInput = { ...fields };
    if (preferences) {
      const base = PreferencesSchema.safeParse(current?.preferences ?? {});
      data.preferences = { ...(base.success ? base.data : PreferencesSchema.parse({})), ...preferences };
    }
    const updated = await tx.profile.upsert({
      where: { userId: actor.userId },
      update: data,
      create: { ...(data as Prisma.ProfileUncheckedCreateInput), userId: actor.userId },
      select: profileSelect,
    });
    const changed = Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined);
    await audit(tx, { action: "PROFILE_UPDATED", userId: actor.userId, details: { fields: changed }, meta: actor.meta });
    return withPreferences(updated);
  });
}

export type ProfileView = NonNullable<Awaited<ReturnType<typeof getProfile>>>;
export type { ProfileUpdateInput };
