// "Download my data" (account.export): everything HireXp holds about the caller, as one JSON
// document. Every query is scoped to the caller's id (or to rows that point at it), with
// explicit selects: password hashes, provider tokens, session and device token hashes,
// verification tokens and other people's private data (a company's notes on the candidate,
// an admin's IP address or identity) are never part of it (docs/decisions/018).
// The export is recorded in the audit log (DATA_EXPORTED) in the same transaction that reads
// the data, so the record and the file agree.
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import { audit, type RequestMeta } from "../audit.ts";
import { presentSecurityEvent } from "../security/events.ts";

/** Bumped when the shape of the document changes in a way a reader would notice. */
export const EXPORT_FORMAT = "hirexp-export/1";

type Tx = Prisma.TransactionClient;

/** Runs the queries one after another: a transaction is one connection, and pg warns on overlapping queries. */
async function inOrder<const T extends readonly (() => Promise<unknown>)[]>(steps: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const out: unknown[] = [];
  for (const step of steps) out.push(await step());
  return out as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

async function collect(tx: Tx, userId: string) {
  const [
    account,
    signInMethods,
    chatSessions,
    callSessions,
    evaluations,
    assessments,
    assessmentAttempts,
    progress,
    certificates,
    contentRatings,
    contentViews,
    contentCompletions,
    createdContent,
    viewedBy,
    candidatesViewed,
    jobApplications,
    jobPostings,
    quotaUsage,
    auditRows,
    activeSessions,
  ] = await inOrder([
    () => tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: {
        id: true,
        email: true,
        emailVerified: true,
        role: true,
        status: true,
        lastLoginAt: true,
        suspendedUntil: true,
        createdAt: true,
        updatedAt: true,
        profile: {
          select: {
            name: true,
            avatar: true,
            bio: true,
            phone: true,
            dateOfBirth: true,
            gender: true,
            location: true,
            timezone: true,
            languages: true,
            skills: true,
            experience: true,
            education: true,
            linkedIn: true,
            github: true,
            website: true,
            preferences: true,
            discoverable: true,
            headline: true,
            openTo: true,
            createdAt: true,
            updatedAt: true,
          },
        },
        instructorProfile: {
          select: { specializations: true, certifications: true, yearsOfExperience: true, rating: true, totalStudents: true, totalHours: true, isVerified: true, verifiedAt: true, rejectedAt: true, rejectionReason: true, createdAt: true },
        },
        companyProfile: {
          select: { companyName: true, companyLogo: true, industry: true, companySize: true, website: true, description: true, address: true, country: true, isVerified: true, verifiedAt: true, rejectedAt: true, rejectionReason: true, hiringQuota: true, createdAt: true },
        },
        adminProfile: { select: { department: true, accessLevel: true, permissions: true, createdAt: true } },
        candidateStats: { select: { evaluationCount: true, overallScore: true, fluency: true, grammar: true, vocabulary: true, clarity: true, professionalism: true, taskCompletion: true, pace: true, assessmentBest: true, level: true, lastActiveAt: true, visible: true } },
      },
    }),
    // Provider links: which provider and the id it gave — never its tokens.
    () => tx.account.findMany({ where: { userId }, select: { provider: true, type: true, providerAccountId: true, scope: true } }),
    () => tx.chatSession.findMany({
      where: { userId },
      orderBy: { startedAt: "asc" },
      select: {
        id: true,
        topic: true,
        difficulty: true,
        status: true,
        startedAt: true,
        endedAt: true,
        duration: true,
        contentId: true,
        contentVersion: true,
        messages: { orderBy: [{ timestamp: "asc" }, { id: "asc" }], select: { role: true, content: true, timestamp: true, notice: true } },
      },
    }),
    () => tx.callSession.findMany({
      where: { userId },
      orderBy: { startedAt: "asc" },
      select: {
        id: true,
        scenario: true,
        difficulty: true,
        status: true,
        startedAt: true,
        endedAt: true,
        duration: true,
        recordingUrl: true,
        contentId: true,
        contentVersion: true,
        transcript: { orderBy: [{ timestamp: "asc" }, { id: "asc" }], select: { speaker: true, text: true, timestamp: true, startedAt: true, durationMs: true, notice: true } },
      },
    }),
    () => tx.evaluation.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { id: true, sessionType: true, sessionId: true, scores: true, feedback: true, strengths: true, improvements: true, overallScore: true, createdAt: true },
    }),
    () => tx.assessment.findMany({
      where: { userId },
      orderBy: { completedAt: "asc" },
      select: { id: true, type: true, score: true, totalQuestions: true, correctAnswers: true, timeTaken: true, passed: true, completedAt: true, contentId: true, contentVersion: true },
    }),
    () => tx.assessmentAttempt.findMany({
      where: { userId },
      orderBy: { startedAt: "asc" },
      select: { id: true, contentId: true, contentVersion: true, attemptNo: true, startedAt: true, deadline: true, answers: true, savedAt: true, submittedAt: true, assessmentId: true },
    }),
    () => tx.userProgress.findUnique({
      where: { userId },
      select: { overallProgress: true, certificateProgress: true, totalTimeSpent: true, modulesCompleted: true, currentStreak: true, longestStreak: true, lastActivityDate: true, level: true, points: true, badges: true, updatedAt: true },
    }),
    () => tx.certificate.findMany({
      where: { userId },
      orderBy: { issuedAt: "asc" },
      select: { certificateCode: true, issuedAt: true, validUntil: true, skills: true, overallScore: true, verificationUrl: true, revokedAt: true, revocationReason: true },
    }),
    () => tx.contentRating.findMany({ where: { userId }, select: { contentId: true, stars: true, comment: true, createdAt: true, updatedAt: true } }),
    () => tx.contentView.findMany({ where: { userId }, select: { contentId: true, day: true } }),
    () => tx.contentCompletion.findMany({ where: { userId }, orderBy: { completedAt: "asc" }, select: { contentId: true, contentVersion: true, score: true, details: true, completedAt: true } }),
    () => tx.content.findMany({ where: { creatorId: userId }, orderBy: { createdAt: "asc" }, select: { id: true, title: true, type: true, category: true, createdAt: true, updatedAt: true } }),
    // Companies that viewed this person, and their interest and the answer to it. The
    // company's own notes are the company's, not part of this export (decision 018).
    () => tx.candidateView.findMany({
      where: { candidateId: userId },
      orderBy: { viewedAt: "asc" },
      select: { viewedAt: true, isInterested: true, interestedAt: true, interestResponse: true, respondedAt: true, companyUser: { select: { companyProfile: { select: { companyName: true } } } } },
    }),
    // For a company: the candidates it viewed, with its own notes.
    () => tx.candidateView.findMany({
      where: { companyUserId: userId },
      orderBy: { viewedAt: "asc" },
      select: { candidateId: true, viewedAt: true, notes: true, isInterested: true, interestedAt: true, interestResponse: true, respondedAt: true },
    }),
    () => tx.jobApplication.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { message: true, contactEmail: true, contactPhone: true, createdAt: true, job: { select: { id: true, title: true, company: { select: { companyName: true } } } } },
    }),
    () => tx.jobPosting.findMany({
      where: { company: { userId } },
      orderBy: { createdAt: "asc" },
      select: { id: true, title: true, description: true, requirements: true, requiredSkills: true, experienceLevel: true, location: true, salary: true, isActive: true, applicants: true, createdAt: true, updatedAt: true },
    }),
    () => tx.companyQuotaUsage.findMany({ where: { companyUserId: userId }, orderBy: { month: "asc" }, select: { month: true, used: true } }),
    // Security events: the audit rows about this account, as the Security page shows them.
    () => tx.auditLog.findMany({
      where: { targetUserId: userId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, action: true, createdAt: true, ipAddress: true, userAgent: true, details: true, userId: true },
    }),
    () => tx.session.findMany({ where: { userId }, orderBy: { createdAt: "asc" }, select: { createdAt: true, lastSeenAt: true, expires: true, ipAddress: true, userAgent: true } }),
  ]);

  const { profile, instructorProfile, companyProfile, adminProfile, candidateStats, ...user } = account;
  return {
    account: user,
    profile,
    roleProfile: { instructor: instructorProfile, company: companyProfile, admin: adminProfile },
    signInMethods,
    signedInSessions: activeSessions,
    practice: { chatSessions, callSessions },
    evaluations,
    assessments,
    assessmentAttempts,
    progress,
    certificates,
    candidateSearchStatistics: candidateStats,
    content: { ratings: contentRatings, views: contentViews, completions: contentCompletions, created: createdContent },
    companiesThatViewedYou: viewedBy.map(({ companyUser, ...v }) => ({ company: companyUser.companyProfile?.companyName ?? null, ...v })),
    candidatesYouViewed: candidatesViewed,
    jobApplications: jobApplications.map(({ job, ...a }) => ({ jobId: job.id, jobTitle: job.title, company: job.company.companyName, ...a })),
    jobPostings,
    interestQuotaUsage: quotaUsage,
    securityEvents: auditRows.map((r) => presentSecurityEvent(r, userId)),
  };
}

export type AccountExport = { format: typeof EXPORT_FORMAT; exportedAt: string } & Awaited<ReturnType<typeof collect>>;

/**
 * The caller's data as a JSON text (dates as ISO strings) and a file name for it. Read in one
 * repeatable-read transaction (one consistent snapshot) that also writes the audit row.
 */
export async function exportAccount(db: PrismaClient, actor: { userId: string; meta: RequestMeta }): Promise<{ fileName: string; json: string; bytes: number }> {
  const now = new Date();
  const data = await db.$transaction(
    async (tx) => {
      const collected = await collect(tx, actor.userId);
      const doc: AccountExport = { format: EXPORT_FORMAT, exportedAt: now.toISOString(), ...collected };
      const json = JSON.stringify(doc, null, 2);
      await audit(tx, {
        action: "DATA_EXPORTED",
        userId: actor.userId,
        details: { bytes: Buffer.byteLength(json), chatSessions: collected.practice.chatSessions.length, callSessions: collected.practice.callSessions.length },
        meta: actor.meta,
      });
      return json;
    },
    { isolationLevel: "RepeatableRead", timeout: 60_000 },
  );
  return { fileName: `hirexp-data-${now.toISOString().slice(0, 10)}.json`, json: data, bytes: Buffer.byteLength(data) };
}
