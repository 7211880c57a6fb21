// Every route of the SPA. Paths come from lib/paths.ts; access rules from the guards. The
// browser's router is made in main.tsx; the build renders some pages with a memory router
// (prerender.tsx).
import type { RouteObject } from "react-router";
import { SignInPage } from "../features/auth/sign-in-page.tsx";
import { LandingPage } from "../features/landing/landing-page.tsx";
import { paths } from "../lib/paths.ts";
import { RequireAdmin, RequireCandidate, RequireCandidateSettings, RequireCertificates, RequirePractice, RequireStudio } from "./require-access.tsx";
import { GuestOnly, RequireVerifiedUser, VerifyEmailGate } from "./guards.tsx";
import { NotFoundPage } from "./not-found-page.tsx";
import { PublicLayout } from "./public-layout.tsx";
import { RootLayout } from "./root-layout.tsx";
import { RouteError } from "./route-error.tsx";
import { lazyPage } from "./lazy-page.tsx";

// Everything but the first pages (landing, sign-in) loads on demand: one chunk per page, with the
// libraries only it uses (rolldown puts modules shared by several pages in shared chunks).
const AppShellLayout = lazyPage(() => import("./app-shell-layout.tsx"), "AppShellLayout");
const AdminDashboardPage = lazyPage(() => import("../features/admin/admin-dashboard-page.tsx"), "AdminDashboardPage");
const AuditPage = lazyPage(() => import("../features/admin/audit-page.tsx"), "AuditPage");
const AdminCertificatesPage = lazyPage(() => import("../features/admin/certificates-page.tsx"), "AdminCertificatesPage");
const UserDetailPage = lazyPage(() => import("../features/admin/user-detail-page.tsx"), "UserDetailPage");
const UsersPage = lazyPage(() => import("../features/admin/users-page.tsx"), "UsersPage");
const VerificationPage = lazyPage(() => import("../features/admin/verification-page.tsx"), "VerificationPage");
const AccountDeletedPage = lazyPage(() => import("../features/auth/account-deleted-page.tsx"), "AccountDeletedPage");
const AccountDeactivatedPage = lazyPage(() => import("../features/auth/account-deactivated-page.tsx"), "AccountDeactivatedPage");
const ConfirmEmailChangePage = lazyPage(() => import("../features/auth/confirm-email-change-page.tsx"), "ConfirmEmailChangePage");
const ForgotPasswordPage = lazyPage(() => import("../features/auth/forgot-password-page.tsx"), "ForgotPasswordPage");
const ResetPasswordPage = lazyPage(() => import("../features/auth/reset-password-page.tsx"), "ResetPasswordPage");
const SignUpPage = lazyPage(() => import("../features/auth/sign-up-page.tsx"), "SignUpPage");
const UnlockAccountPage = lazyPage(() => import("../features/auth/unlock-account-page.tsx"), "UnlockAccountPage");
const VerifyEmailPage = lazyPage(() => import("../features/auth/verify-email-page.tsx"), "VerifyEmailPage");
const InterestsPage = lazyPage(() => import("../features/candidate/interests-page.tsx"), "InterestsPage");
const CertificatesPage = lazyPage(() => import("../features/certificates/certificates-page.tsx"), "CertificatesPage");
const RequireVerifiedCompany = lazyPage(() => import("../features/company/require-verified-company.tsx"), "RequireVerifiedCompany");
const ShortlistPage = lazyPage(() => import("../features/company/shortlist-page.tsx"), "ShortlistPage");
const CompanyJobsPage = lazyPage(() => import("../features/company/company-jobs-page.tsx"), "CompanyJobsPage");
const JobApplicantsPage = lazyPage(() => import("../features/company/job-applicants-page.tsx"), "JobApplicantsPage");
const EditJobPage = lazyPage(() => import("../features/company/job-editor-page.tsx"), "EditJobPage");
const NewJobPage = lazyPage(() => import("../features/company/job-editor-page.tsx"), "NewJobPage");
const JobBoardPage = lazyPage(() => import("../features/jobs/job-board-page.tsx"), "JobBoardPage");
const JobPage = lazyPage(() => import("../features/jobs/job-page.tsx"), "JobPage");
const VerifyCertificatePage = lazyPage(() => import("../features/certificates/verify-page.tsx"), "VerifyCertificatePage");
const VerifyFormPage = lazyPage(() => import("../features/certificates/verify-page.tsx"), "VerifyFormPage");
const DashboardPage = lazyPage(() => import("../features/dashboard/dashboard-page.tsx"), "DashboardPage");
const OutboxPage = lazyPage(() => import("../features/dev/outbox-page.tsx"), "OutboxPage");
const AssessmentPage = lazyPage(() => import("../features/assessments/assessment-page.tsx"), "AssessmentPage");
const AssessmentHistoryPage = lazyPage(() => import("../features/assessments/history-page.tsx"), "AssessmentHistoryPage");
const AssessmentResultsPage = lazyPage(() => import("../features/assessments/results-page.tsx"), "AssessmentResultsPage");
const CatalogItemPage = lazyPage(() => import("../features/practice/catalog-item-page.tsx"), "CatalogItemPage");
const CatalogPage = lazyPage(() => import("../features/practice/catalog-page.tsx"), "CatalogPage");
const CallPage = lazyPage(() => import("../features/practice/call-page.tsx"), "CallPage");
const ChatPage = lazyPage(() => import("../features/practice/chat-page.tsx"), "ChatPage");
const HistoryPage = lazyPage(() => import("../features/practice/history-page.tsx"), "HistoryPage");
const ReportPage = lazyPage(() => import("../features/practice/report-page.tsx"), "ReportPage");
const CandidatePage = lazyPage(() => import("../features/company/candidate-page.tsx"), "CandidatePage");
const CandidateSearchPage = lazyPage(() => import("../features/company/candidate-search-page.tsx"), "CandidateSearchPage");
const CandidateSettingsPage = lazyPage(() => import("../features/settings/candidate-settings-page.tsx"), "CandidateSettingsPage");
const ProfilePage = lazyPage(() => import("../features/settings/profile-page.tsx"), "ProfilePage");
const SecurityPage = lazyPage(() => import("../features/settings/security-page.tsx"), "SecurityPage");
const StudioEditPage = lazyPage(() => import("../features/studio/editor-page.tsx"), "StudioEditPage");
const StudioNewPage = lazyPage(() => import("../features/studio/editor-page.tsx"), "StudioNewPage");
const StudioPage = lazyPage(() => import("../features/studio/studio-page.tsx"), "StudioPage");
const CompanyProfilePage = lazyPage(() => import("../features/company/company-profile-page.tsx"), "CompanyProfilePage");

export const routes: RouteObject[] = [
  {
    element: <RootLayout />,
    errorElement: <RouteError />,
    children: [
      {
        // Open to everyone.
        element: <PublicLayout />,
        children: [
          { index: true, element: <LandingPage /> },
          {
            element: <GuestOnly />,
            children: [
              { path: paths.signIn, element: <SignInPage /> },
              { path: paths.signUp, element: <SignUpPage /> },
            ],
          },
          { path: paths.verifyEmail, element: <VerifyEmailPage /> },
          { path: paths.verifyEmailRequired, element: <VerifyEmailGate /> },
          { path: paths.forgotPassword, element: <ForgotPasswordPage /> },
          { path: paths.resetPassword, element: <ResetPasswordPage /> },
          // Signed in or out: the link may be opened in any browser.
          { path: paths.confirmEmailChange, element: <ConfirmEmailChangePage /> },
          { path: paths.accountDeactivated, element: <AccountDeactivatedPage /> },
          { path: paths.accountDeleted, element: <AccountDeletedPage /> },
          { path: paths.unlockAccount, element: <UnlockAccountPage /> },
          { path: paths.devOutbox, element: <OutboxPage /> },
          // Certificate verification: public, signed in or out (the QR code points here).
          { path: paths.verify, element: <VerifyFormPage /> },
          { path: paths.verifyCertificate, element: <VerifyCertificatePage /> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
      {
        // Signed in, active, email confirmed.
        element: <RequireVerifiedUser />,
        children: [
          {
            element: <AppShellLayout />,
            children: [
              { path: paths.dashboard, element: <DashboardPage /> },
              { path: paths.settingsProfile, element: <ProfilePage /> },
              { path: paths.settingsSecurity, element: <SecurityPage /> },
              { path: paths.practice, element: <CatalogPage /> },
              { path: paths.practiceItem, element: <CatalogItemPage /> },
              {
                // Trainees: their own practice sessions and assessment attempts.
                element: <RequirePractice />,
                children: [
                  { path: paths.practiceChat, element: <ChatPage /> },
                  { path: paths.practiceCall, element: <CallPage /> },
                  { path: paths.practiceReport, element: <ReportPage /> },
                  { path: paths.practiceHistory, element: <HistoryPage /> },
                  { path: paths.assessments, element: <AssessmentHistoryPage /> },
                  { path: paths.assessmentAttempt, element: <AssessmentPage /> },
                  { path: paths.assessmentResult, element: <AssessmentResultsPage /> },
                ],
              },
              {
                // Trainees: their own certificates.
                element: <RequireCertificates />,
                children: [{ path: paths.certificates, element: <CertificatesPage /> }],
              },
              {
                // Trainees: whether companies may find them, and the preview of what they see.
                element: <RequireCandidateSettings />,
                children: [{ path: paths.settingsCandidate, element: <CandidateSettingsPage /> }],
              },
              {
                // Trainees: companies' interest in them and who viewed their profile.
                element: <RequireCandidate />,
                children: [{ path: paths.candidateInterests, element: <InterestsPage /> }],
              },
              {
                // Companies an administrator verified (others see the awaiting-verification notice).
                element: <RequireVerifiedCompany />,
                children: [
                  { path: paths.companySearch, element: <CandidateSearchPage /> },
                  { path: paths.companyCandidate, element: <CandidatePage /> },
                  { path: paths.companyShortlist, element: <ShortlistPage /> },
                  { path: paths.companyJobs, element: <CompanyJobsPage /> },
                  { path: paths.companyJobNew, element: <NewJobPage /> },
                  { path: paths.companyJobEdit, element: <EditJobPage /> },
                  { path: paths.companyJobApplicants, element: <JobApplicantsPage /> },
                  { path: paths.companyProfile, element: <CompanyProfilePage /> },
                  // Loaded on demand: the keys page stays out of the first chunk.
                  { path: paths.companyApiKeys, lazy: async () => ({ Component: (await import("../features/company/api-keys-page.tsx")).ApiKeysPage }) },
                ],
              },
              {
                // Instructors and admins: their own content.
                element: <RequireStudio />,
                children: [
                  { path: paths.studio, element: <StudioPage /> },
                  { path: paths.studioNew, element: <StudioNewPage /> },
                  { path: paths.studioEdit, element: <StudioEditPage /> },
                ],
              },
              // The job board: anyone signed in and verified; applying is for trainees.
              { path: paths.jobs, element: <JobBoardPage /> },
              { path: paths.job, element: <JobPage /> },
              // Instructors (their own items) and admins; the page says so to anyone else. Loaded
              // on demand: its charts (recharts) stay out of the first chunk.
              { path: paths.studioStats, lazy: async () => ({ Component: (await import("../features/studio/content-stats-page.tsx")).ContentStatsPage }) },
              {
                // Role ADMIN only; each action also checks the admin's access level.
                element: <RequireAdmin />,
                children: [
                  { path: paths.adminDashboard, element: <AdminDashboardPage /> },
                  { path: paths.adminUsers, element: <UsersPage /> },
                  { path: paths.adminUser, element: <UserDetailPage /> },
                  { path: paths.adminVerification, element: <VerificationPage /> },
                  { path: paths.adminAudit, element: <AuditPage /> },
                  { path: paths.adminCertificates, element: <AdminCertificatesPage /> },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
];
