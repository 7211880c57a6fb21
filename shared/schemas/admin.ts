import { z } from "zod";

/** PostgreSQL text cannot hold NUL or a lone surrogate; refused here too for the plain routes (the CSV export). */
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NO_NUL = [(v: string) => !UNSTORABLE.test(v), "This text holds a character that cannot be stored (NUL or a broken Unicode sequence)"] as const;
const Id = z.string().min(1).max(64).refine(...NO_NUL);
const Cursor = z.string().max(512).optional();
/** A filter date PostgreSQL can store (its timestamps do not reach JavaScript's extremes). */
const FilterDate = z.coerce
  .date({ error: "Enter a valid date" })
  .min(new Date("1900-01-01T00:00:00Z"), "Pick a date from 1900 on")
  .max(new Date("9999-12-31T23:59:59.999Z"), "Pick a date before the year 10000");

/**
 * Every audit action (the AuditAction enum of prisma/schema.prisma; server/services/admin/
 * audit-log.ts fails to compile when the two differ). A filter names one of these exactly,
 * so "toString" or "__proto__" is a field error, not a lookup on an object's prototype.
 */
export const AUDIT_ACTIONS = [
  "SIGN_IN",
  "SIGN_OUT",
  "SIGN_UP",
  "PASSWORD_RESET",
  "PASSWORD_CHANGED",
  "EMAIL_VERIFIED",
  "PROFILE_UPDATED",
  "AVATAR_CHANGED",
  "ROLE_CHANGED",
  "USER_SUSPENDED",
  "USER_ACTIVATED",
  "USER_DELETED",
  "PERMISSION_GRANTED",
  "PERMISSION_REVOKED",
  "CONTENT_CREATED",
  "CONTENT_UPDATED",
  "CONTENT_DELETED",
  "SETTINGS_CHANGED",
  "API_KEY_CREATED",
  "API_KEY_REVOKED",
  "SIGN_IN_FAILED",
  "ACCOUNT_LOCKED",
  "OAUTH_LINKED",
  "OAUTH_UNLINKED",
  "EMAIL_CHANGE_REQUESTED",
  "EMAIL_CHANGED",
  "USER_DEACTIVATED",
  "SESSION_REVOKED",
  "PASSWORD_RESET_REQUESTED",
  "STATS_REFRESHED",
  "AUDIT_EXPORTED",
  "VERIFICATION_REQUESTED",
  "ACCOUNT_UNLOCKED",
  "JOB_POSTED",
  "JOB_UPDATED",
  "JOB_DELETED",
  "DATA_EXPORTED",
] as const;
export type AuditActionName = (typeof AUDIT_ACTIONS)[number];
const Reason = z.string().trim().min(3, "Give a reason (at least 3 characters)").max(500, "At most 500 characters").refine(...NO_NUL);

export const USER_SORTS = ["createdAt", "email"] as const;

export const AdminUsersListInput = z
  .object({
    search: z.string().trim().max(255).refine(...NO_NUL).optional(),
    role: z.enum(["TRAINEE", "INSTRUCTOR", "COMPANY", "ADMIN"]).optional(),
    status: z.enum(["ACTIVE", "SUSPENDED", "DEACTIVATED", "PENDING_VERIFICATION"]).optional(),
    verified: z.boolean().optional(),
    createdFrom: FilterDate.optional(),
    createdTo: FilterDate.optional(),
    sort: z.enum(USER_SORTS).default("createdAt"),
    direction: z.enum(["asc", "desc"]).default("desc"),
    limit: z.number().int().min(1).max(100).default(25),
    cursor: Cursor,
  })
  .default({ sort: "createdAt", direction: "desc", limit: 25 });
export type AdminUsersListInput = z.input<typeof AdminUsersListInput>;

export const AdminUserIdInput = z.object({ userId: Id });
export const AdminSetRoleInput = z.object({ userId: Id, role: z.enum(["TRAINEE", "INSTRUCTOR", "COMPANY", "ADMIN"]), reason: Reason });
export const AdminSuspendInput = z.object({ userId: Id, until: FilterDate.optional(), reason: Reason });
export const AdminDecideInput = z
  .object({ userId: Id, approve: z.boolean(), reason: z.string().trim().max(500).refine(...NO_NUL).optional() })
  .superRefine((v, ctx) => {
    if (!v.approve && (!v.reason || v.reason.length < 3)) ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why it is rejected; the user is told." });
  });

export const AdminAuditListInput = z
  .object({
    action: z.enum(AUDIT_ACTIONS, { error: "Pick an action from the list" }).optional(),
    actorId: Id.optional(),
    targetId: Id.optional(),
    ip: z.string().trim().max(64).refine(...NO_NUL).optional(),
    from: FilterDate.optional(),
    to: FilterDate.optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: Cursor,
  })
  .default({ limit: 50 });
export type AdminAuditListInput = z.input<typeof AdminAuditListInput>;
