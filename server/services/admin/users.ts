// The admin console's user management. Every change is audited in its own transaction;
// an admin cannot change their own role, and the last active admin cannot be demoted,
// suspended or deleted (checked under an advisory lock so two admins cannot race past it).
// The admin hierarchy: an admin acts only on users who are not admins of a higher access
// level than theirs, and suspending, reactivating or signing out any admin needs level 3
// (checked by guardTarget in one statement that also locks the target's row).
import { queueDeletionMail } from "../account/delete.ts";
import { Prisma, type PrismaClient } from "../../db/generated/client.ts";
import { AppError } from "../errors.ts";
import type { Role } from "../../../shared/access.ts";
import type { AdminUsersListInput } from "../../../shared/schemas/admin.ts";
import { AdminUsersListInput as ListSchema } from "../../../shared/schemas/admin.ts";
import { describeDevice } from "../../../shared/device.ts";
import { invalidateUserSessions } from "../../auth/session.ts";
import { revokeAccountRecoveryTokens } from "../../auth/tokens.ts";
import { audit, type RequestMeta } from "../audit.ts";
import { issuePasswordReset } from "../auth/password-reset.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import type { z } from "zod";

/** The acting admin; userId null for an operator command run on the server. */
export type AdminActor = { userId: string | null; meta: RequestMeta };
type Tx = Prisma.TransactionClient;

const ADMIN_LOCK = 72_411_904;

export const adminUserRowSelect = {
  id: true,
  email: true,
  role: true,
  status: true,
  emailVerified: true,
  createdAt: true,
  lastLoginAt: true,
  suspendedUntil: true,
  profile: { select: { name: true } },
} satisfies Prisma.UserSelect;

export async function listUsers(db: PrismaClient, raw: z.output<typeof ListSchema>) {
  const input = raw;
  const cursor = decodeCursor(input.cursor, input.sort === "createdAt" ? "date" : "text");
  const desc = input.direction === "desc";
  const cmp = desc ? "lt" : "gt";
  const where: Prisma.UserWhereInput[] = [];
  if (input.role) where.push({ role: input.role });
  if (input.status) where.push({ status: input.status });
  if (input.verified !== undefined) where.push({ emailVerified: input.verified ? { not: null } : null });
  if (input.createdFrom) where.push({ createdAt: { gte: input.createdFrom } });
  if (input.createdTo) where.push({ createdAt: { lte: input.createdTo } });
  if (input.search) {
    where.push({
      OR: [
        { email: { contains: input.search, mode: "insensitive" } },
        { profile: { name: { contains: input.search, mode: "insensitive" } } },
      ],
    });
  }
  if (cursor) {
    const v = input.sort === "createdAt" ? new Date(cursor.v) : cursor.v;
    // (sort, id) past the cursor. The redundant `sort <= v` (or >=) bounds the index range,
    // so PostgreSQL starts the scan at the cursor instead of filtering from the first row.
    const bound = desc ? "lte" : "gte";
    where.push({ [input.sort]: { [bound]: v } });
    where.push({ OR: [{ [input.sort]: { [cmp]: v } }, { id: { [cmp]: cursor.id } }] });
  }
  const rows = await db.user.findMany({
    where: { AND: where },
    orderBy: [{ [input.sort]: input.direction }, { id: input.direction }],
    take: input.limit + 1,
    select: adminUserRowSelect,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    users: page.map(({ profile, ...u }) => ({ ...u, name: profile?.name ?? null })),
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({ v: input.sort === "createdAt" ? last.createdAt.toISOString() : last.email, id: last.id })
        : null,
  };
}

export async function getUser(db: PrismaClient, userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      ...adminUserRowSelect,
      updatedAt: true,
      profile: { select: { name: true, avatar: true, bio: true, phone: true, timezone: true, languages: true, skills: true, location: true, linkedIn: true, github: true, website: true } },
      instructorProfile: { select: { specializations: true, certifications: true, yearsOfExperience: true, isVerified: true, verifiedAt: true, rejectedAt: true, rejectionReason: true } },
      companyProfile: { select: { companyName: true, industry: true, companySize: true, website: true, country: true, isVerified: true, verifiedAt: true, rejectedAt: true, rejectionReason: true, hiringQuota: true } },
      adminProfile: { select: { accessLevel: true, department: true } },
      accounts: { select: { provider: true } },
      sessions: { where: { expires: { gt: new Date() } }, select: { id: true, ipAddress: true, userAgent: true, createdAt: true, lastSeenAt: true }, orderBy: { lastSeenAt: "desc" } },
    },
  });
  if (!user) throw new AppError("not-found", "NOT_FOUND", "No such user.");
  const events = await db.auditLog.findMany({
    where: { OR: [{ targetUserId: userId }, { userId }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 20,
    select: { id: true, action: true, createdAt: true, ipAddress: true, userId: true, targetUserId: true, details: true },
  });
  const { sessions, ...rest } = user;
  return {
    ...rest,
    sessions: sessions.map(({ userAgent, ...s }) => ({ ...s, device: describeDevice(userAgent) })),
    recentEvents: events,
  };
}

export async function lockAdmins(tx: Tx) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_LOCK})`;
}

/** Refuses when `userId` is the only ACTIVE admin left. */
export async function assertNotLastAdmin(tx: Tx, userId: string, what: string) {
  const target = await tx.user.findUnique({ where: { id: userId }, select: { role: true, status: true } });
  if (target?.role !== "ADMIN" || target.status !== "ACTIVE") return;
  const others = await tx.user.count({ where: { role: "ADMIN", status: "ACTIVE", id: { not: userId } } });
  if (others === 0) throw new AppError("conflict", "LAST_ADMIN", `This is the last active admin; it cannot be ${what}. Make another admin first.`);
}

function notSelf(actor: AdminActor, userId: string, what: string) {
  if (actor.userId !== null && actor.userId === userId) throw new AppError("forbidden", "SELF_ACTION", `You cannot ${what} your own account.`);
}

/**
 * The admin hierarchy, decided in one statement on the current rows of both the acting admin
 * and the target (and locking the target's row until the transaction ends, so no concurrent
 * promotion can slip between the decision and the change). An operator command (userId null)
 * may act on anyone. "any-admin-needs-3": the target may be an admin only if the actor is level 3.
 */
async function guardTarget(tx: Tx, actor: AdminActor, userId: string, rule: "not-higher" | "any-admin-needs-3") {
  if (actor.userId === null) return;
  const adminTargetNeeds = rule === "any-admin-needs-3" ? Prisma.sql`ap.access_level >= 3` : Prisma.sql`COALESCE(tp.access_level, 0) <= ap.access_level`;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT t.id FROM users t
    LEFT JOIN admin_profiles tp ON tp.user_id = t.id
    JOIN users a ON a.id = ${actor.userId} AND a.role = 'ADMIN' AND a.status = 'ACTIVE'
    JOIN admin_profiles ap ON ap.user_id = a.id
    WHERE t.id = ${userId} AND (t.role <> 'ADMIN' OR (${adminTargetNeeds}))
    FOR UPDATE OF t`;
  if (rows.length === 0) {
    throw new AppError(
      "forbidden",
      "ADMIN_HIERARCHY",
      rule === "any-admin-needs-3"
        ? "Only a super admin (access level 3) can do this to an admin account."
        : "You cannot act on an admin whose access level is higher than yours.",
    );
  }
}

async function requireUser(tx: Tx, userId: string) {
  const u = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, role: true, status: true, emailVerified: true, profile: { select: { name: true } } } });
  if (!u) throw new AppError("not-found", "NOT_FOUND", "No such user.");
  return u;
}

export async function setRole(db: PrismaClient, actor: AdminActor, input: { userId: string; role: Role; reason: string }) {
  notSelf(actor, input.userId, "change the role of");
  return db.$transaction(async (tx) => {
    await lockAdmins(tx);
    const u = await requireUser(tx, input.userId);
    if (u.role === input.role) return { role: u.role, changed: false };
    if (u.role === "ADMIN") await assertNotLastAdmin(tx, u.id, "demoted");
    await guardTarget(tx, actor, u.id, "not-higher");
    // The new role's own profile is created; the old one is kept with its data. A promoted
    // admin always starts at access level 1, even one who was a super admin before.
    const name = u.profile?.name ?? u.email.split("@")[0]!;
    if (input.role === "INSTRUCTOR") await tx.instructorProfile.upsert({ where: { userId: u.id }, create: { userId: u.id }, update: {}, select: { id: true } });
    if (input.role === "COMPANY") await tx.companyProfile.upsert({ where: { userId: u.id }, create: { userId: u.id, companyName: name }, update: {}, select: { id: true } });
    if (input.role === "ADMIN") await tx.adminProfile.upsert({ where: { userId: u.id }, create: { userId: u.id, accessLevel: 1 }, update: { accessLevel: 1 }, select: { id: true } });
    if (input.role === "TRAINEE") await tx.userProgress.upsert({ where: { userId: u.id }, create: { userId: u.id }, update: {}, select: { id: true } });
    await tx.user.update({ where: { id: u.id }, data: { role: input.role }, select: { id: true } });
    await audit(tx, { action: "ROLE_CHANGED", userId: actor.userId, targetUserId: u.id, details: { from: u.role, to: input.role, reason: input.reason }, meta: actor.meta });
    return { role: input.role, changed: true };
  });
}

export async function suspendUser(db: PrismaClient, actor: AdminActor, input: { userId: string; until?: Date | undefined; reason: string }) {
  notSelf(actor, input.userId, "suspend");
  if (input.until && input.until.getTime() <= Date.now()) throw new AppError("invalid", "BAD_DATE", "The end of the suspension must be in the future.", { field: "until" });
  return db.$transaction(async (tx) => {
    await lockAdmins(tx);
    const u = await requireUser(tx, input.userId);
    await assertNotLastAdmin(tx, u.id, "suspended");
    await guardTarget(tx, actor, u.id, "any-admin-needs-3");
    await tx.user.update({ where: { id: u.id }, data: { status: "SUSPENDED", suspendedUntil: input.until ?? null }, select: { id: true } });
    const ended = await invalidateUserSessions(tx, u.id);
    await audit(tx, {
      action: "USER_SUSPENDED",
      userId: actor.userId,
      targetUserId: u.id,
      details: { reason: input.reason, until: input.until?.toISOString() ?? null, from: u.status, sessionsEnded: ended },
      meta: actor.meta,
    });
    return { sessionsEnded: ended };
  });
}

/**
 * Reactivates a suspended or deactivated account (PENDING_VERIFICATION if never verified).
 * Without an actor, the automatic end of a dated suspension that has run out: then nothing
 * happens (`activated: false`) unless the account is still suspended until a time that has
 * passed, decided in the UPDATE itself — an admin who suspended it again meanwhile (with a new
 * end, or none) keeps that suspension.
 */
export async function activateUser(db: PrismaClient | Tx, actor: AdminActor | null, input: { userId: string }): Promise<{ status: string }> {
  const { status } = await activate(db, actor, input);
  return { status };
}

async function activate(db: PrismaClient | Tx, actor: AdminActor | null, input: { userId: string }) {
  const run = async (tx: Tx) => {
    const u = await requireUser(tx, input.userId);
    if (actor) await guardTarget(tx, actor, u.id, "any-admin-needs-3");
    const status = u.emailVerified ? "ACTIVE" : "PENDING_VERIFICATION";
    // An admin's activation also lifts a sign-in lock; a suspension's automatic end (no actor:
    // the cleanup job, or a sign-in with the right password) leaves the lock alone — otherwise
    // the right password would sign in through a lock, telling a guesser it is right.
    if (actor) {
      await tx.user.update({ where: { id: u.id }, data: { status, suspendedUntil: null, failedLoginAttempts: 0, lockedUntil: null }, select: { id: true } });
    } else {
      const due = { id: u.id, status: "SUSPENDED" as const, suspendedUntil: { lte: new Date() } };
      const { count } = await tx.user.updateMany({ where: due, data: { status, suspendedUntil: null } });
      if (count === 0) return { status: u.status, activated: false };
    }
    await audit(tx, {
      action: "USER_ACTIVATED",
      userId: actor?.userId ?? null,
      targetUserId: u.id,
      details: { from: u.status, to: status, ...(actor ? {} : { automatic: true, reason: "suspension ended" }) },
      meta: actor?.meta ?? { ipAddress: null, userAgent: "job:suspension-end" },
    });
    return { status, activated: true };
  };
  return "$transaction" in db ? (db as PrismaClient).$transaction(run) : run(db as Tx);
}

/** Ends suspensions whose end date has passed (run by the cleanup job and at sign-in): how many ended. */
export async function endExpiredSuspensions(db: PrismaClient, userId?: string): Promise<number> {
  const due = await db.user.findMany({
    where: { status: "SUSPENDED", suspendedUntil: { lte: new Date() }, ...(userId ? { id: userId } : {}) },
    select: { id: true },
  });
  let ended = 0;
  for (const u of due) if ((await activate(db, null, { userId: u.id })).activated) ended++;
  return ended;
}

/** Deletes the user (everything they own cascades) with a final mail to their address when `appUrl` is given. */
export async function deleteUser(db: PrismaClient, actor: AdminActor, input: { userId: string }, appUrl?: string) {
  notSelf(actor, input.userId, "delete");
  return db.$transaction(async (tx) => {
    await lockAdmins(tx);
    const u = await requireUser(tx, input.userId);
    await assertNotLastAdmin(tx, u.id, "deleted");
    await guardTarget(tx, actor, u.id, "not-higher");
    // The record is written first; when the user row goes, its audit rows keep their
    // history with the user set to null (see docs/decisions/005).
    await audit(tx, { action: "USER_DELETED", userId: actor.userId, targetUserId: u.id, details: { email: u.email, role: u.role, name: u.profile?.name ?? null }, meta: actor.meta });
    if (appUrl !== undefined) await queueDeletionMail(tx, { email: u.email, name: u.profile?.name ?? null }, "admin", appUrl);
    await tx.user.delete({ where: { id: u.id }, select: { id: true } });
    return { deleted: true as const };
  });
}

export async function signOutEverywhere(db: PrismaClient, actor: AdminActor, input: { userId: string }) {
  return db.$transaction(async (tx) => {
    const u = await requireUser(tx, input.userId);
    await guardTarget(tx, actor, u.id, "any-admin-needs-3");
    const ended = await invalidateUserSessions(tx, u.id);
    await revokeAccountRecoveryTokens(tx, u.id, "admin-sign-out"); // pending email changes end too
    await audit(tx, { action: "SESSION_REVOKED", userId: actor.userId, targetUserId: u.id, details: { by: "admin", ended }, meta: actor.meta });
    return { ended };
  });
}

/** Mails the user a reset link; the admin never sets or sees a password. */
export async function sendPasswordReset(db: PrismaClient, actor: AdminActor, appUrl: string, input: { userId: string }) {
  return db.$transaction(async (tx) => {
    const u = await requireUser(tx, input.userId);
    await guardTarget(tx, actor, u.id, "not-higher");
    await issuePasswordReset(tx, appUrl, { id: u.id, email: u.email, name: u.profile?.name ?? null });
    await audit(tx, { action: "PASSWORD_RESET_REQUESTED", userId: actor.userId, targetUserId: u.id, details: { by: "admin" }, meta: actor.meta });
    return { sentTo: u.email };
  });
}

export type { AdminUsersListInput };
