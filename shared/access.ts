// The access table: every tRPC procedure and the roles allowed to call it.
// "public" = anyone, signed in or not; "authed" = any signed-in, ACTIVE, verified user;
// a list of roles = signed in, ACTIVE, verified and one of those roles.
// "session" = signed in with any status (e.g. the verify-your-email page's resend).
// { admin: N } = an ADMIN whose AdminProfile accessLevel is at least N: 1 may view and
// verify, 2 may also suspend, reactivate and sign users out, 3 (super admin) may also
// change roles and delete.
// The server builds each procedure from the rule named here; tests/integration/access-table
// walks the router and fails when a procedure is missing or answers otherwise.
export const ROLES = ["TRAINEE", "INSTRUCTOR", "COMPANY", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export type AdminLevel = 1 | 2 | 3;
export type AccessRule = "public" | "session" | "authed" | readonly Role[] | { readonly admin: AdminLevel };

export const ACCESS = {
  "auth.signUp": "public",
  "auth.verifyEmail": "public",
  "auth.resendVerification": "session",
  "auth.signIn": "public",
  "auth.signOut": "public",
  "auth.unlockAccount": "public",
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
  // Your data: the caller's own (services/account).
  "account.export": "authed",
  "account.delete": "authed",
  "profile.get": "authed",
  "profile.update": "authed",
  "profile.requestVerification": ["INSTRUCTOR", "COMPANY"],
  "profile.professional": ["INSTRUCTOR", "COMPANY"],
  "profile.updateInstructor": ["INSTRUCTOR"],
  "profile.updateCompany": ["COMPANY"],
  // Profile pictures: every signed-in user, their own only (services/images).
  "profile.avatar.upload": "authed",
  "profile.avatar.remove": "authed",
  // The company's own profile: get/update need a verified company (COMPANY_NOT_VERIFIED,
  // checked in the service); the logo may be uploaded before verification (the admin reviews it).
  "company.profile.get": ["COMPANY"],
  "company.profile.update": ["COMPANY"],
  "company.profile.uploadLogo": ["COMPANY"],
  "company.profile.removeLogo": ["COMPANY"],
  "dev.outbox": "public",
  "admin.users.list": { admin: 1 },
  "admin.users.get": { admin: 1 },
  "admin.users.setRole": { admin: 3 },
  "admin.users.suspend": { admin: 2 },
  "admin.users.activate": { admin: 2 },
  "admin.users.delete": { admin: 3 },
  "admin.users.signOutEverywhere": { admin: 2 },
  "admin.users.sendPasswordReset": { admin: 2 },
  "admin.verification.list": { admin: 1 },
  "admin.verification.decide": { admin: 1 },
  "admin.audit.list": { admin: 1 },
  "admin.stats.get": { admin: 1 },
  "admin.stats.refresh": { admin: 1 },
  // Content (studio): instructors (verified or not: unverified ones draft) and admins;
  // ownership is checked in each query, and publishing needs a verified instructor.
  "content.create": ["INSTRUCTOR", "ADMIN"],
  "content.update": ["INSTRUCTOR", "ADMIN"],
  "content.publish": ["INSTRUCTOR", "ADMIN"],
  "content.unpublish": ["INSTRUCTOR", "ADMIN"],
  "content.delete": ["INSTRUCTOR", "ADMIN"],
  "content.mine": ["INSTRUCTOR", "ADMIN"],
  "content.get": ["INSTRUCTOR", "ADMIN"],
  "content.stats": ["INSTRUCTOR", "ADMIN"],
  "content.previewReply": ["INSTRUCTOR", "ADMIN"],
  "content.rate": ["TRAINEE"],
  // The catalogue: any signed-in, verified user; published content only, never answers.
  "catalog.list": "authed",
  "catalog.get": "authed",
  // Practice with the coach: trainees, on their own sessions only (ownership in each query).
  "practice.chat.start": ["TRAINEE"],
  "practice.chat.send": ["TRAINEE"],
  "practice.chat.sendStream": ["TRAINEE"],
  "practice.chat.end": ["TRAINEE"],
  "practice.chat.abandon": ["TRAINEE"],
  "practice.call.start": ["TRAINEE"],
  "practice.call.say": ["TRAINEE"],
  "practice.call.end": ["TRAINEE"],
  "practice.sessions.list": ["TRAINEE"],
  "practice.sessions.get": ["TRAINEE"],
  "assessments.start": ["TRAINEE"],
  "assessments.attempt": ["TRAINEE"],
  "assessments.save": ["TRAINEE"],
  "assessments.submit": ["TRAINEE"],
  "assessments.history": ["TRAINEE"],
  "assessments.get": ["TRAINEE"],
  // A trainee finishes a lesson (read, or its quiz) or an exercise; scored on the server.
  "catalog.complete": ["TRAINEE"],
  // The trainee's own progress and dashboard data (issue 10).
  "progress.get": ["TRAINEE"],
  // Certificates (issue 10): the trainee's own; verify is public (anyone holding a code,
  // signed out; rate-limited per IP); revoking needs an admin of level 2.
  "certificates.mine": ["TRAINEE"],
  "certificates.verify": "public",
  "admin.certificates.revoke": { admin: 2 },
  // Companies (issue 11): a verified company searches opted-in trainees, opens their page and
  // keeps private notes (the service also requires CompanyProfile.isVerified); a trainee
  // decides whether companies may find them.
  "company.candidates.search": ["COMPANY"],
  "company.candidates.get": ["COMPANY"],
  "company.candidates.note": ["COMPANY"],
  "candidate.settings.get": ["TRAINEE"],
  "candidate.settings.update": ["TRAINEE"],
  // Companies (issue 11): COMPANY accounts; each service also requires the company to be
  // verified (COMPANY_NOT_VERIFIED). Interest spends the monthly quota.
  "company.candidates.interest": ["COMPANY"],
  "company.candidates.shortlist": ["COMPANY"],
  "company.quota": ["COMPANY"],
  // The trainee as a candidate: companies' interest in me, my answers, who viewed my profile.
  "candidate.interests.list": ["TRAINEE"],
  "candidate.interests.respond": ["TRAINEE"],
  "candidate.viewers": ["TRAINEE"],
  // Job postings (companies issue): a COMPANY account; the service also requires its company
  // to be verified (COMPANY_NOT_VERIFIED) and names the company's id in every query.
  "company.jobs.list": ["COMPANY"],
  "company.jobs.get": ["COMPANY"],
  "company.jobs.create": ["COMPANY"],
  "company.jobs.update": ["COMPANY"],
  "company.jobs.setActive": ["COMPANY"],
  "company.jobs.delete": ["COMPANY"],
  "company.jobs.applicants": ["COMPANY"],
  // The job board: any signed-in, verified user; applying is for trainees.
  "jobs.search": "authed",
  "jobs.get": "authed",
  "jobs.applyTo": ["TRAINEE"],
  // API keys (issue 14): a COMPANY account manages its own keys (the service also requires a
  // verified company). A key can never manage keys: none of these is in API_SCOPE_OF.
  "apiKeys.create": ["COMPANY"],
  "apiKeys.list": ["COMPANY"],
  "apiKeys.revoke": ["COMPANY"],
} as const satisfies Record<string, AccessRule>;

export type ProcedurePath = keyof typeof ACCESS;

/** The scopes a company's API key may hold (issue 14). */
export const API_SCOPES = ["jobs:read", "jobs:write", "applicants:read", "shortlist:read", "candidates:search"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const API_SCOPE_LABELS: Record<ApiScope, string> = {
  "jobs:read": "Read your job postings",
  "jobs:write": "Create, edit, close and reopen job postings",
  "applicants:read": "Read the applicants of your jobs (with the contact details they shared)",
  "shortlist:read": "Read your shortlist and the candidates' answers",
  "candidates:search": "Search candidates and open their pages (each opening is recorded as a view)",
};

/**
 * The procedures an API key may reach, each with the scope that opens it. A key acts as its
 * COMPANY user, so the procedure's rule in ACCESS still applies on top; a procedure that is
 * not named here (auth, profile, admin, trainee procedures, company.candidates.interest,
 * company.candidates.note, apiKeys.*, …) answers a key caller FORBIDDEN, always. The server
 * checks this table for every call (server/trpc/init.ts).
 */
export const API_SCOPE_OF: Partial<Record<ProcedurePath, ApiScope>> = {
  "company.jobs.list": "jobs:read",
  "company.jobs.get": "jobs:read",
  "company.jobs.create": "jobs:write",
  "company.jobs.update": "jobs:write",
  "company.jobs.setActive": "jobs:write",
  "company.jobs.applicants": "applicants:read",
  "company.candidates.shortlist": "shortlist:read",
  "company.candidates.search": "candidates:search",
  "company.candidates.get": "candidates:search",
};

/** Whether an API key holding `scopes` may call `path` (its owner's role rule aside). */
export function keyMayCall(path: string, scopes: readonly string[]): boolean {
  const scope = API_SCOPE_OF[path as ProcedurePath];
  return scope !== undefined && scopes.includes(scope);
}

/** Who is calling: null when signed out; adminLevel is null for non-admins. */
export type Caller = { role: Role; adminLevel: number | null } | null;

export function isAllowed(rule: AccessRule, caller: Caller): boolean {
  if (rule === "public") return true;
  if (caller === null) return false;
  if (rule === "session" || rule === "authed") return true;
  if ("admin" in rule) return caller.role === "ADMIN" && (caller.adminLevel ?? 0) >= rule.admin;
  return (rule as readonly Role[]).includes(caller.role);
}

/** Whether the caller may use a procedure (for the UI: buttons it may not use are not offered). */
export function canCall(path: ProcedurePath, caller: Caller): boolean {
  return isAllowed(ACCESS[path], caller);
}

/**
 * The admin hierarchy, for the UI (the server decides it again, atomically, in
 * server/services/admin/users.ts): an admin acts only on users who are not admins of a higher
 * level than theirs, and suspending, reactivating or signing out ANY admin needs level 3.
 */
export function adminMayActOn(
  actorLevel: number | null,
  target: { role: Role; adminLevel: number | null },
  action: "status" | "other",
): boolean {
  if (target.role !== "ADMIN") return true;
  const mine = actorLevel ?? 0;
  return action === "status" ? mine >= 3 : (target.adminLevel ?? 0) <= mine;
}
