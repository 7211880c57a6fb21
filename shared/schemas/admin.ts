import { z } from "zod";

const Id = z.string().min(1).max(64);
const Cursor = z.string().max(512).optional();
const Reason = z.string().trim().min(3, "Give a reason (at least 3 characters)").max(500, "At most 500 characters");

export const USER_SORTS = ["createdAt", "email"] as const;

export const AdminUsersListInput = z
  .object({
    search: z.string().trim().max(255).optional(),
    role: z.enum(["TRAINEE", "INSTRUCTOR", "COMPANY", "ADMIN"]).optional(),
    status: z.enum(["ACTIVE", "SUSPENDED", "DEACTIVATED", "PENDING_VERIFICATION"]).optional(),
    verified: z.boolean().optional(),
    createdFrom: z.coerce.date().optional(),
    createdTo: z.coerce.date().optional(),
    sort: z.enum(USER_SORTS).default("createdAt"),
    direction: z.enum(["asc", "desc"]).default("desc"),
    limit: z.number().int().min(1).max(100).default(25),
    cursor: Cursor,
  })
  .default({ sort: "createdAt", direction: "desc", limit: 25 });
export type AdminUsersListInput = z.input<typeof AdminUsersListInput>;

export const AdminUserIdInput = z.object({ userId: Id });
export const AdminSetRoleInput = z.object({ userId: Id, role: z.enum(["TRAINEE", "INSTRUCTOR", "COMPANY", "ADMIN"]), reason: Reason });
export const AdminSuspendInput = z.object({ userId: Id, until: z.coerce.date().optional(), reason: Reason });
export const AdminDecideInput = z
  .object({ userId: Id, approve: z.boolean(), reason: z.string().trim().max(500).optional() })
  .superRefine((v, ctx) => {
    if (!v.approve && (!v.reason || v.reason.length < 3)) ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why it is rejected; the user is told." });
  });

export const AdminAuditListInput = z
  .object({
    action: z.string().max(64).optional(),
    actorId: Id.optional(),
    targetId: Id.optional(),
    ip: z.string().trim().max(64).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: Cursor,
  })
  .default({ limit: 50 });
export type AdminAuditListInput = z.input<typeof AdminAuditListInput>;
