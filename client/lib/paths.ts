// Every route path of the SPA, in one place. Pages and the router import from here, so a
// path is written once. (It lives in lib/ rather than app/ because features link to each
// other's pages, and features must not import from app/.)

export const paths = {
  home: "/",
  signUp: "/sign-up",
  signIn: "/sign-in",
  verifyEmail: "/verify-email",
  verifyEmailRequired: "/verify-email-required",
  forgotPassword: "/forgot-password",
  resetPassword: "/reset-password",
  /** Opened from the mail sent to a new address; works signed in or out. */
  confirmEmailChange: "/confirm-email-change",
  /** Where a person lands after deactivating their own account (signed out by then). */
  accountDeactivated: "/account-deactivated",
  accountDeleted: "/account-deleted",
  /** Opened from the lockout mail: unlocks the account (then sign in with the password). */
  unlockAccount: "/unlock-account",
  dashboard: "/dashboard",
  settingsProfile: "/settings/profile",
  settingsSecurity: "/settings/security",
  devOutbox: "/dev/outbox",
  /** The admin console (role ADMIN only). */
  adminDashboard: "/admin",
  adminUsers: "/admin/users",
  /** Pattern for the router; links use adminUserPath(id). */
  adminUser: "/admin/users/:userId",
  adminVerification: "/admin/verification",
  adminAudit: "/admin/audit",
  /** The catalogue of published content (any signed-in, verified user). */
  practice: "/practice",
  /** Pattern for the router; links use practiceItemPath(id). */
  practiceItem: "/practice/:id",
  /** The instructor's studio: their own content (instructors and admins). */
  studio: "/studio",
  /** A new item of one type: `/studio/new/chat-scenario` etc. (studioNewPath). */
  studioNew: "/studio/new/:type",
  /** Editing one item (studioEditPath). */
  studioEdit: "/studio/:id",
  /** Views, completions, scores, ratings and item analysis of one item (studioStatsPath). */
  studioStats: "/studio/:id/stats",
  /** A chat practice session (practiceChatPath). */
  practiceChat: "/practice/chat/:sessionId",
  /** A call practice session (practiceCallPath). */
  practiceCall: "/practice/call/:sessionId",
  /** The evaluation report of a finished session (practiceReportPath). */
  practiceReport: "/practice/sessions/:sessionId",
  /** The trainee's practice history. */
  practiceHistory: "/practice/history",
  /** The trainee's assessment results. */
  assessments: "/assessments",
  /** Taking an assessment (assessmentAttemptPath). */
  assessmentAttempt: "/assessments/:attemptId",
  /** One assessment result with its review (assessmentResultPath). */
  assessmentResult: "/assessments/results/:assessmentId",
  /** Public, signed in or out: a form to type a certificate code… */
  verify: "/verify",
  /** …and one certificate's verification page (verifyCertificatePath); its URL is in the QR code. */
  verifyCertificate: "/verify/:code",
  /** The trainee's own certificates. */
  certificates: "/certificates",
  /** Admin: revoke a certificate by its code. */
  adminCertificates: "/admin/certificates",
  /** Companies (verified COMPANY accounts): candidate search, filters kept in the URL. */
  companySearch: "/company",
  /** One candidate's page (companyCandidatePath). */
  companyCandidate: "/company/candidates/:candidateId",
  /** Candidates this company marked, with their responses. */
  companyShortlist: "/company/shortlist",
  /** The company's job postings. */
  companyJobs: "/company/jobs",
  /** A new job posting. */
  companyJobNew: "/company/jobs/new",
  /** Editing one job posting (companyJobEditPath). */
  companyJobEdit: "/company/jobs/:jobId",
  /** The applicants of one job (companyJobApplicantsPath). */
  companyJobApplicants: "/company/jobs/:jobId/applicants",
  /** The company's profile and logo. */
  companyProfile: "/company/profile",
  /** The company's API keys (issue 14). */
  companyApiKeys: "/company/api-keys",
  /** Trainee: who may see me (opt in, preview of what companies see). */
  settingsCandidate: "/settings/candidate",
  /** Trainee: companies' interest in me and who viewed my profile. */
  candidateInterests: "/interests",
  /** The job board (any signed-in, verified user). */
  jobs: "/jobs",
  /** One job posting (jobPath). */
  job: "/jobs/:jobId",
} as const;

export type AppPath = (typeof paths)[keyof typeof paths];

/** `/sign-in?next=…` for a page the visitor should come back to after signing in. */
export function signInWithNext(next: string): string {
  return `${paths.signIn}?${new URLSearchParams({ next }).toString()}`;
}

/** `/admin/users/<id>`: one user in the admin console. */
export function adminUserPath(userId: string): string {
  return paths.adminUser.replace(":userId", encodeURIComponent(userId));
}

/** `/practice/<id>`: one item of the catalogue. */
export function practiceItemPath(id: string): string {
  return paths.practiceItem.replace(":id", encodeURIComponent(id));
}

const withParam = (pattern: string, name: string, value: string) => pattern.replace(`:${name}`, encodeURIComponent(value));

export const studioNewPath = (type: string) => withParam(paths.studioNew, "type", type);
export const studioEditPath = (id: string) => withParam(paths.studioEdit, "id", id);
export const studioStatsPath = (id: string) => withParam(paths.studioStats, "id", id);
export const practiceChatPath = (sessionId: string) => withParam(paths.practiceChat, "sessionId", sessionId);
export const practiceCallPath = (sessionId: string) => withParam(paths.practiceCall, "sessionId", sessionId);
export const practiceReportPath = (sessionId: string) => withParam(paths.practiceReport, "sessionId", sessionId);
export const assessmentAttemptPath = (attemptId: string) => withParam(paths.assessmentAttempt, "attemptId", attemptId);
export const assessmentResultPath = (assessmentId: string) => withParam(paths.assessmentResult, "assessmentId", assessmentId);
export const verifyCertificatePath = (code: string) => withParam(paths.verifyCertificate, "code", code);
export const companyCandidatePath = (candidateId: string) => withParam(paths.companyCandidate, "candidateId", candidateId);
export const companyJobEditPath = (jobId: string) => withParam(paths.companyJobEdit, "jobId", jobId);
export const companyJobApplicantsPath = (jobId: string) => withParam(paths.companyJobApplicants, "jobId", jobId);
export const jobPath = (jobId: string) => withParam(paths.job, "jobId", jobId);
