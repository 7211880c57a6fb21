import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import { PreferencesSchema, type Preferences, type ProfileUpdateInput } from "../../../shared/schemas/profile.ts";
import { audit, type RequestMeta } from "../audit.ts";
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

/** The caller's own profile (ownership in the query: userId is the session's user). */
export async function getProfile(db: PrismaClient, userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, role: true, createdAt: true, profile: { select: profileSelect } },
  });
  if (!user) return null;
  const profile = user.profile ?? (await db.profile.create({ data: { userId }, select: profileSelect }));
  return { userId: user.id, email: user.email, role: user.role, memberSince: user.createdAt, ...withPreferences(profile) };
}

export async function updateProfile(
  db: PrismaClient,
  actor: { userId: string; meta: RequestMeta },
  input: z.output<typeof ProfileUpdateSchema>,
) {
  return db.$transaction(async (tx) => {
    const current = await tx.profile.findUnique({ where: { userId: actor.userId }, select: { preferences: true, avatar: true } });
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
    if (fields.avatar !== undefined && fields.avatar !== (current?.avatar ?? null)) {
      await audit(tx, { action: "AVATAR_CHANGED", userId: actor.userId, details: {}, meta: actor.meta });
    }
    return withPreferences(updated);
  });
}

export type ProfileView = NonNullable<Awaited<ReturnType<typeof getProfile>>>;
export type { ProfileUpdateInput };
