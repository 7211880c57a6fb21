// Every route of the SPA. Paths come from lib/paths.ts; access rules from the guards.
import { createBrowserRouter, type RouteObject } from "react-router";
import { AdminDashboardPage } from "../features/admin/admin-dashboard-page.tsx";
import { AuditPage } from "../features/admin/audit-page.tsx";
import { AdminCertificatesPage } from "../features/admin/certificates-page.tsx";
import { UserDetailPage } from "../features/admin/user-detail-page.tsx";
import { UsersPage } from "../features/admin/users-page.tsx";
import { VerificationPage } from "../features/admin/verification-page.tsx";
import { AccountDeactivatedPage } from "../features/auth/account-deactivated-page.tsx";
import { AccountDeletedPage } from "../features/auth/account-deleted-page.tsx";
import { ConfirmEmailChangePage } from "../features/auth/confirm-email-change-page.tsx";
import { ForgotPasswordPage } from "../features/auth/forgot-password-page.tsx";
import { ResetPasswordPage } from "../features/auth/reset-password-page.tsx";
import { SignInPage } from "../features/auth/sign-in-page.tsx";
import { SignUpPage } from "../features/auth/sign-up-page.tsx";
import { UnlockAccountPage } from "../features/auth/unlock-account-page.tsx";
import { VerifyEmailPage } from "../features/auth/verify-email-page.tsx";
import { InterestsPage } from "../features/candidate/interests-page.tsx";
import { CertificatesPage } from "../features/certificates/certificates-page.tsx";
import { RequireVerifiedCompany } from "../features/company/require-verified-company.tsx";
import { ShortlistPage } from "../features/company/shortlist-page.tsx";
import { CompanyJobsPage } from "../features/company/company-jobs-page.tsx";
import { JobApplicantsPage } from "../features/company/job-applicants-page.tsx";
import { EditJobPage, NewJobPage } from "../features/company/job-editor-page.tsx";
import { JobBoardPage } from "../features/jobs/job-board-page.tsx";
import { JobPage } from "../features/jobs/job-page.tsx";
import { VerifyCertificatePage, VerifyFormPage } from "../features/certificates/verify-page.tsx";
import { DashboardPage } from "../features/dashboard/dashboard-page.tsx";
import { OutboxPage } from "../features/dev/outbox-page.tsx";
import { LandingPage } from "../features/landing/landing-page.tsx";
import { AssessmentPage } from "../features/assessments/assessment-page.tsx";
import { AssessmentHistoryPage } from "../features/assessments/history-page.tsx";
import { AssessmentResultsPage } from "../features/assessments/results-page.tsx";
import { CatalogItemPage } from "../features/practice/catalog-item-page.tsx";
import { CatalogPage } from "../features/practice/catalog-page.tsx";
import { CallPage } from "../features/practice/call-page.tsx";
import { ChatPage } from "../features/practice/chat-page.tsx";
import { HistoryPage } from "../features/practice/history-page.tsx";
import { ReportPage } from "../features/practice/report-page.tsx";
import { CandidatePage } from "../features/company/candidate-page.tsx";
import { CandidateSearchPage } from "../features/company/candidate-search-page.tsx";
import { CandidateSettingsPage } from "../features/settings/candidate-settings-page.tsx";
import { ProfilePage } from "../features/settings/profile-page.tsx";
import { SecurityPage } from "../features/settings/security-page.tsx";
import { StudioEditPage, StudioNewPage } from "../features/studio/editor-page.tsx";
import { StudioPage } from "../features/studio/studio-page.tsx";
import { paths } from "../lib/paths.ts";
import { RequireAdmin, RequireCandidate, RequireCandidateSettings, RequireCertificates, RequirePractice, RequireStudio } from "./require-access.tsx";
import { CompanyProfilePage } from "../features/company/company-profile-page.tsx";
import { AppShellLayout } from "./app-shell-layout.tsx";
import { GuestOnly, RequireVerifiedUser, VerifyEmailGate } from "./guards.tsx";
import { NotFoundPage } from "./not-found-page.tsx";
import { PublicLayout } from "./public-layout.tsx";
import { RootLayout } from "./root-layout.tsx";
import { RouteError } from "./route-error.tsx";

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

export const router = createBrowserRouter(routes);
