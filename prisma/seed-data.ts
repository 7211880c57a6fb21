// Demo data, shared by `npm run seed` (prisma/seed.ts) and the tests that need realistic data
// (backups, the your-data export and deletion): seedDemo() makes the demo accounts of every
// role; seedPracticeHistory() gives a trainee a history (chats with messages, calls with
// transcripts and a recording, evaluations, assessments, progress, a certificate, a
// company's view and interest, a job application), as much of it as asked for.
import { randomBytes } from "node:crypto";
import type { Prisma, PrismaClient } from "../server/db/generated/client.ts";
import { ensureCandidateStats } from "../server/services/candidates/stats.ts";
import { createUser, type NewUser } from "../server/services/users/create-user.ts";

type Db = PrismaClient | Prisma.TransactionClient;

export const DEMO_PASSWORD = "practice makes progress";

export const DEMO_USERS: NewUser[] = [
  { email: "admin@demo.hirexp.test", name: "Alex Admin", role: "ADMIN", adminAccessLevel: 3 },
  { email: "instructor@demo.hirexp.test", name: "Irene Instructor", role: "INSTRUCTOR" },
  { email: "company@demo.hirexp.test", name: "Carl Company", role: "COMPANY", companyName: "Northwind Hiring" },
  {
    email: "trainee@demo.hirexp.test",
    name: "Tara Trainee",
    role: "TRAINEE",
    profile: { bio: "Customer support agent practising escalation calls.", languages: ["en", "es"], skills: ["customer service", "negotiation"], location: "Madrid", timezone: "Europe/Madrid" },
  },
  {
    email: "sam@demo.hirexp.test",
    name: "Sam Trainee",
    role: "TRAINEE",
    profile: { bio: "Recent graduate preparing for interviews.", languages: ["en"], skills: ["presentations", "teamwork"], location: "Leeds", timezone: "Europe/London" },
  },
  { email: "new@demo.hirexp.test", name: "Nina Unverified", role: "TRAINEE", verified: false },
];

/** The demo company's open jobs (the job board's first content). */
const DEMO_JOBS = [
  {
    title: "Customer support specialist",
    description: "Answer our clients by chat and phone, calm down escalations and write clear follow-ups. Training included.",
    requirements: ["One year in a customer-facing role", "Comfortable on the phone"],
    requiredSkills: ["customer service", "negotiation", "English"],
    experienceLevel: "junior",
    location: "Madrid (hybrid)",
    salary: "€26k–€30k",
  },
  {
    title: "Graduate recruiter",
    description: "Run first interviews with candidates, present roles to them and keep hiring managers informed.",
    requirements: ["A degree, or equivalent experience"],
    requiredSkills: ["presentations", "teamwork"],
    experienceLevel: "entry",
    location: "Leeds",
    salary: null,
  },
];

export type SeededUser = { id: string; email: string; role: string; adminAccessLevel: number | undefined; verified: boolean; existed: boolean };

/** The demo accounts (idempotent: an account that exists is left as it is). */
export async function seedDemo(db: PrismaClient, passwordHash: string): Promise<SeededUser[]> {
  const out: SeededUser[] = [];
  for (const u of DEMO_USERS) {
    const exists = await db.user.findUnique({ where: { email: u.email }, select: { id: true } });
    let id = exists?.id;
    if (!exists) {
      id = await db.$transaction(async (tx) => {
        const created = await createUser(tx, { ...u, passwordHash });
        if (u.role === "INSTRUCTOR") await tx.instructorProfile.update({ where: { userId: created.id }, data: { isVerified: true, verifiedAt: new Date(), specializations: ["interviews", "customer calls"], yearsOfExperience: 8 } });
        if (u.role === "COMPANY") await tx.companyProfile.update({ where: { userId: created.id }, data: { isVerified: true, verifiedAt: new Date(), industry: "Recruitment", country: "UK" } });
        // Tara has opted in to being found by companies (Sam has not): the demo company finds her.
        if (u.email === "trainee@demo.hirexp.test") await tx.profile.update({ where: { userId: created.id }, data: { discoverable: true, headline: "Customer support agent, calm on escalation calls", openTo: ["full-time"] } });
        if (u.email === "trainee@demo.hirexp.test") await ensureCandidateStats(tx, created.id);
        if (u.role === "COMPANY") {
          const company = await tx.companyProfile.findUniqueOrThrow({ where: { userId: created.id }, select: { id: true } });
          await tx.jobPosting.createMany({ data: DEMO_JOBS.map((j) => ({ ...j, companyId: company.id })) });
        }
        return created.id;
      });
    }
    out.push({ id: id!, email: u.email, role: u.role ?? "TRAINEE", adminAccessLevel: u.adminAccessLevel, verified: u.verified !== false, existed: !!exists });
  }
  return out;
}

const TRAINEE_LINES = [
  "I worked in customer support for three years at a busy online shop.",
  "My main strength is patience: I calmed down angry customers every day.",
  "I would first listen to the customer, then repeat the problem back to them.",
  "Could you tell me what a typical day looks like for the team?",
  "I am sorry for the delay; I will call you back before five with an answer.",
];
const COACH_LINES = [
  "Thanks. Can you give me a specific example of a difficult customer?",
  "Good. What did you learn from that situation?",
  "How would you handle a refund you are not allowed to give?",
  "That is a clear answer. Anything you would like to ask me?",
];

export type HistoryOptions = {
  /** The trainee whose history this is. */
  userId: string;
  chats?: number;
  messagesPerChat?: number;
  calls?: number;
  linesPerCall?: number;
  assessments?: number;
  /** A company user who viewed the trainee and marked interest (and whose first job they applied to). */
  companyUserId?: string;
  /** A content item to rate, view and complete. */
  contentId?: string;
};

/** A practice history for a trainee, written in bulk (fast enough for thousands of rows). */
export async function seedPracticeHistory(db: PrismaClient, o: HistoryOptions) {
  const chats = o.chats ?? 3;
  const perChat = o.messagesPerChat ?? 8;
  const calls = o.calls ?? 1;
  const perCall = o.linesPerCall ?? 6;
  const start = Date.UTC(2026, 9, 1, 9);
  const minute = 60_000;
  const id = (p: string, i: number) => `${p}${o.userId.slice(-10)}${i.toString(36).padStart(5, "0")}`;
  const scores = (i: number) => ({ fluency: 60 + (i % 30), grammar: 55 + (i % 40), vocabulary: 62 + (i % 25), clarity: 70 + (i % 20), professionalism: 75 + (i % 15) });

  const chatRows: Prisma.ChatSessionCreateManyInput[] = [];
  const messageRows: Prisma.ChatMessageCreateManyInput[] = [];
  const evalRows: Prisma.EvaluationCreateManyInput[] = [];
  for (let c = 0; c < chats; c++) {
    const at = start + c * 90 * minute;
    const sessionId = id("chat", c);
    chatRows.push({ id: sessionId, userId: o.userId, topic: "Tell me about yourself", difficulty: "intermediate", status: "COMPLETED", startedAt: new Date(at), endedAt: new Date(at + 20 * minute), duration: 1200, messageCount: Math.ceil(perChat / 2), lastActivityAt: new Date(at + 20 * minute) });
    for (let m = 0; m < perChat; m++) {
      const user = m % 2 === 1;
      messageRows.push({ sessionId, role: user ? "USER" : "ASSISTANT", content: (user ? TRAINEE_LINES : COACH_LINES)[(c + m) % (user ? TRAINEE_LINES.length : COACH_LINES.length)]!, timestamp: new Date(at + m * minute) });
    }
    evalRows.push({ userId: o.userId, sessionType: "CHAT", sessionId, chatSessionId: sessionId, scores: scores(c), feedback: { summary: "Clear and polite; give one more concrete example." }, strengths: ["politeness", "structure"], improvements: ["concrete examples"], overallScore: 65 + (c % 30), createdAt: new Date(at + 21 * minute) });
  }
  const callRows: Prisma.CallSessionCreateManyInput[] = [];
  const lineRows: Prisma.CallTranscriptCreateManyInput[] = [];
  for (let c = 0; c < calls; c++) {
    const at = start - (c + 1) * 60 * minute;
    const sessionId = id("call", c);
    callRows.push({ id: sessionId, userId: o.userId, scenario: "An angry customer calls about a late delivery", difficulty: "advanced", status: "COMPLETED", startedAt: new Date(at), endedAt: new Date(at + 10 * minute), duration: 600, recordingUrl: `/api/practice/calls/${sessionId}/recording`, messageCount: Math.ceil(perCall / 2), lastActivityAt: new Date(at + 10 * minute) });
    for (let l = 0; l < perCall; l++) {
      const user = l % 2 === 1;
      lineRows.push({ sessionId, speaker: user ? "user" : "assistant", text: (user ? TRAINEE_LINES : COACH_LINES)[(c + l) % (user ? TRAINEE_LINES.length : COACH_LINES.length)]!, timestamp: new Date(at + l * 20_000), ...(user ? { startedAt: new Date(at + l * 20_000 - 8000), durationMs: 7000 } : {}) });
    }
    evalRows.push({ userId: o.userId, sessionType: "CALL", sessionId, callSessionId: sessionId, scores: { ...scores(c), pace: 70 }, feedback: { summary: "Calm tone; slow down a little." }, strengths: ["calm"], improvements: ["pace"], overallScore: 70 + (c % 20), createdAt: new Date(at + 11 * minute) });
  }
  const chunk = async <T,>(rows: T[], write: (part: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 2000) await write(rows.slice(i, i + 2000));
  };
  await chunk(chatRows, (data) => db.chatSession.createMany({ data }));
  await chunk(messageRows, (data) => db.chatMessage.createMany({ data }));
  await chunk(callRows, (data) => db.callSession.createMany({ data }));
  await chunk(lineRows, (data) => db.callTranscript.createMany({ data }));
  await chunk(evalRows, (data) => db.evaluation.createMany({ data }));
  const assessments = o.assessments ?? 2;
  await db.assessment.createMany({
    data: Array.from({ length: assessments }, (_, i) => ({ userId: o.userId, type: i % 2 ? "grammar" : "listening", score: 60 + (i % 35), totalQuestions: 20, correctAnswers: 12 + (i % 8), timeTaken: 600 + i, passed: 60 + (i % 35) >= 70, completedAt: new Date(start + i * 3600_000) })),
  });
  await db.userProgress.upsert({
    where: { userId: o.userId },
    create: { userId: o.userId, overallProgress: 62.5, totalTimeSpent: chats * 20 + calls * 10, modulesCompleted: chats + calls, currentStreak: 4, longestStreak: 9, lastActivityDate: new Date(start), level: "intermediate", points: 40 * (chats + calls), badges: ["first-session", "streak-7"] },
    update: { overallProgress: 62.5, totalTimeSpent: chats * 20 + calls * 10, modulesCompleted: chats + calls, currentStreak: 4, longestStreak: 9, lastActivityDate: new Date(start), level: "intermediate", points: 40 * (chats + calls), badges: ["first-session", "streak-7"] },
    select: { id: true },
  });
  const code = `HX-${randomBytes(5).toString("hex").toUpperCase()}`;
  await db.certificate.create({
    data: { userId: o.userId, certificateCode: code, skills: { fluency: 78, grammar: 81 }, overallScore: 79.5, verificationUrl: `http://localhost:3000/verify/${code}`, validUntil: new Date(start + 365 * 86400_000), issuedAt: new Date(start) },
    select: { id: true },
  });
  if (o.contentId) {
    await db.contentRating.create({ data: { contentId: o.contentId, userId: o.userId, stars: 5, comment: "Very realistic." }, select: { id: true } });
    await db.contentView.create({ data: { contentId: o.contentId, userId: o.userId, day: new Date(Date.UTC(2026, 9, 1)) }, select: { day: true } });
    await db.contentCompletion.create({ data: { contentId: o.contentId, contentVersion: 1, userId: o.userId, score: 80, details: { goals: { motivation: true } } }, select: { id: true } });
  }
  if (o.companyUserId) {
    await db.candidateView.create({
      data: { candidateId: o.userId, companyUserId: o.companyUserId, notes: "Strong on escalations — call back.", isInterested: true, interestedAt: new Date(start + 86400_000), interestResponse: "ACCEPTED", respondedAt: new Date(start + 2 * 86400_000) },
      select: { id: true },
    });
    const job = await db.jobPosting.findFirst({ where: { company: { userId: o.companyUserId } }, orderBy: { createdAt: "asc" }, select: { id: true } });
    if (job) {
      const u = await db.user.findUniqueOrThrow({ where: { id: o.userId }, select: { email: true } });
      await db.jobApplication.create({ data: { jobId: job.id, userId: o.userId, message: "I would love to join your support team.", contactEmail: u.email, contactPhone: "+34 600 000 000" }, select: { id: true } });
      await db.jobPosting.update({ where: { id: job.id }, data: { applicants: { increment: 1 } }, select: { id: true } });
    }
  }
  return { chatSessionIds: chatRows.map((r) => r.id!), callSessionIds: callRows.map((r) => r.id!), certificateCode: code, messages: messageRows.length, transcriptLines: lineRows.length };
}
