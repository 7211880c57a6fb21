// The access table: every tRPC procedure and the roles allowed to call it.
// "public" = anyone, signed in or not; "authed" = any signed-in, ACTIVE, verified user;
// a list of roles = signed in, ACTIVE, verified and one of those roles.
// "session" = signed in with any status (e.g. the verify-your-email page's resend).
// The server builds each procedure from the rule named here; tests/integration/access-table
// walks the router and fails when a procedure is missing or answers otherwise.
export const ROLES = ["TRAINEE", "INSTRUCTOR", "COMPANY", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export type AccessRule = "public" | "session" | "authed" | readonly Role[];

export const ACCESS = {
  "auth.signUp": "public",
  "auth.verifyEmail": "public",
  "auth.resendVerification": "session",
  "auth.signIn": "public",
  "auth.signOut": "public",
  "auth.me": "public",
  "auth.requestPasswordReset": "public",
  "auth.resetPassword": "public",
  "auth.changePassword": "authed",
  "auth.providers": "public",
  "auth.accounts.list": "authed",
  "auth.accounts.unlink": "authed",
  "auth.sessions.list": "authed",
  "auth.sessions.revoke": "authed",
  "auth.sessions.revokeOthers": "authed",
  "auth.securityEvents": "authed",
  "auth.requestEmailChange": "authed",
  "auth.confirmEmailChange": "public",
  "auth.deactivate": "authed",
  "profile.get": "authed",
  "profile.update": "authed",
  "dev.outbox": "public",
} as const satisfies Record<string, AccessRule>;

export type ProcedurePath = keyof typeof ACCESS;

export function isAllowed(rule: AccessRule, role: Role | null): boolean {
  if (rule === "public") return true;
  if (role === null) return false;
  if (rule === "session" || rule === "authed") return true;
  return (rule as readonly Role[]).includes(role);
}
