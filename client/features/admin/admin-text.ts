// Words and colours of the admin console: account states, roles and audit actions.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../../server/routers/app.ts";
import { ROLE_LABELS, type Role } from "../../lib/auth.ts";

type Outputs = inferRouterOutputs<AppRouter>["admin"];

export type UserStatus = Outputs["users"]["list"]["users"][number]["status"];
export type AuditAction = Outputs["audit"]["list"]["entries"][number]["action"];

export { ROLE_LABELS };
export const ROLES = Object.keys(ROLE_LABELS) as Role[];

export const ROLE_COLORS: Record<Role, string> = {
  TRAINEE: "blue",
  INSTRUCTOR: "grape",
  COMPANY: "orange",
  ADMIN: "red",
};

export const STATUS_LABELS: Record<UserStatus, string> = {
  ACTIVE: "Active",
  PENDING_VERIFICATION: "Email not verified",
  SUSPENDED: "Suspended",
  DEACTIVATED: "Deactivated",
};
export const STATUSES = Object.keys(STATUS_LABELS) as UserStatus[];

export const STATUS_COLORS: Record<UserStatus, string> = {
  ACTIVE: "teal",
  PENDING_VERIFICATION: "yellow",
  SUSPENDED: "red",
  DEACTIVATED: "gray",
};

/** Every audit action (the record's type makes the compiler list them all). */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  SIGN_IN: "Signed in",
  SIGN_OUT: "Signed out",
  SIGN_UP: "Signed up",
  SIGN_IN_FAILED: "Sign-in failed",
  ACCOUNT_LOCKED: "Account locked",
  ACCOUNT_UNLOCKED: "Account unlocked (email link)",
  PASSWORD_RESET: "Password reset",
  PASSWORD_RESET_REQUESTED: "Password reset requested",
  PASSWORD_CHANGED: "Password changed",
  EMAIL_VERIFIED: "Email verified",
  EMAIL_CHANGE_REQUESTED: "Email change requested",
  EMAIL_CHANGED: "Email changed",
  PROFILE_UPDATED: "Profile updated",
  AVATAR_CHANGED: "Avatar changed",
  OAUTH_LINKED: "Provider linked",
  OAUTH_UNLINKED: "Provider unlinked",
  SESSION_REVOKED: "Sessions ended",
  ROLE_CHANGED: "Role changed",
  USER_SUSPENDED: "User suspended",
  USER_ACTIVATED: "User reactivated",
  USER_DEACTIVATED: "User deactivated",
  USER_DELETED: "User deleted",
  PERMISSION_GRANTED: "Verified (permission granted)",
  PERMISSION_REVOKED: "Rejected (permission revoked)",
  VERIFICATION_REQUESTED: "Verification requested again",
  JOB_POSTED: "Job posted",
  JOB_UPDATED: "Job updated",
  JOB_DELETED: "Job deleted",
  DATA_EXPORTED: "Data exported (by the user)",
  CONTENT_CREATED: "Content created",
  CONTENT_UPDATED: "Content updated",
  CONTENT_DELETED: "Content deleted",
  SETTINGS_CHANGED: "Settings changed",
  STATS_REFRESHED: "Statistics refreshed",
  AUDIT_EXPORTED: "Audit log exported",
  API_KEY_CREATED: "API key created",
  API_KEY_REVOKED: "API key revoked",
};
export const AUDIT_ACTIONS = (Object.keys(AUDIT_ACTION_LABELS) as AuditAction[]).sort((a, b) =>
  AUDIT_ACTION_LABELS[a].localeCompare(AUDIT_ACTION_LABELS[b]),
);

export function auditActionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[action] ?? action;
}

export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
