// Row-level security bites (docs/decisions/017-row-level-security.md): on the real PostgreSQL
// the app connects as a role that neither owns the tables nor bypasses RLS (tests/helpers/
// db.ts), and every policy of migration ..._row_level_security is exercised here: own rows,
// the named cross-user paths (admin, auth, company, public, jobs, system), the session lookup
// before a user is known, and work that lost its context. On PGlite (a superuser) the same
// migration applies cleanly but does not bite: one test says so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/client.ts";
import { runWithDataContext, type DataContext, type DataPath } from "../../server/db/context.ts";
import { SESSION_LOOKUP_SQL, createSession, validateSessionToken } from "../../server/auth/session.ts";
import { verifyCertificate } from "../../server/services/certificates/certificates.ts";
import { createTestDatabase, describeRealPostgres, realPostgresStatus, type Database } from "../helpers/db.ts";

type Ids = { a: string; b: string; company: string; admin: string; companyProfile: string; openJob: string; closedJob: string };

async function seed(db: Database): Promise<Ids> {
  const p = db.prisma;
  const verified = new Date();
  const trainee = (email: string, discoverable: boolean) =>
    p.user.create({
      data: { email, role: "TRAINEE", status: "ACTIVE", emailVerified: verified, profile: { create: { name: email.split("@")[0]!, discoverable } } },
      select: { id: true },
    });
  // a: not findable by companies; b: findable (opted in).
  const a = await trainee("alice@rls.test", false);
  const b = await trainee("bob@rls.test", true);
  const company = await p.user.create({
    data: {
      email: "hiring@rls.test",
      role: "COMPANY",
      status: "ACTIVE",
      emailVerified: verified,
      companyProfile: { create: { companyName: "Acme", isVerified: true, verifiedAt: verified } },
    },
    select: { id: true, companyProfile: { select: { id: true } } },
  });
  const admin = await p.user.create({ data: { email: "root@rls.test", role: "ADMIN", status: "ACTIVE", emailVerified: verified }, select: { id: true } });
  for (const u of [a, b]) {
    const chat = await p.chatSession.create({ data: { userId: u.id, topic: `topic of ${u.id}`, difficulty: "easy" }, select: { id: true } });
    await p.chatMessage.create({ data: { sessionId: chat.id, role: "USER", content: `hello from ${u.id}` } });
    const call = await p.callSession.create({ data: { userId: u.id, scenario: "s", difficulty: "easy" }, select: { id: true } });
    await p.callTranscript.create({ data: { sessionId: call.id, speaker: "user", text: `said by ${u.id}` } });
    await p.evaluation.create({
      data: { userId: u.id, sessionType: "CHAT", sessionId: chat.id, chatSessionId: chat.id, scores: {}, feedback: {}, strengths: [], improvements: [], overallScore: 70 },
    });
    await p.assessment.create({ data: { userId: u.id, type: "grammar", score: 80, totalQuestions: 10, correctAnswers: 8, timeTaken: 60 } });
    await p.userProgress.create({ data: { userId: u.id } });
    await p.candidateStats.create({ data: { userId: u.id } });
  }
  await p.certificate.create({
    data: { userId: a.id, certificateCode: "HXP-AAAA-BBBB-CCCC", skills: {}, overallScore: 80, verificationUrl: "http://x/verify/HXP-AAAA-BBBB-CCCC" },
  });
  const openJob = await p.jobPosting.create({
    data: { companyId: company.companyProfile!.id, title: "Open", description: "d", experienceLevel: "entry", requirements: [], requiredSkills: [] },
    select: { id: true },
  });
  const closedJob = await p.jobPosting.create({
    data: { companyId: company.companyProfile!.id, title: "Closed", description: "d", experienceLevel: "entry", isActive: false, requirements: [], requiredSkills: [] },
    select: { id: true },
  });
  return { a: a.id, b: b.id, company: company.id, admin: admin.id, companyProfile: company.companyProfile!.id, openJob: openJob.id, closedJob: closedJob.id };
}

describeRealPostgres("row-level security", () => {
  let db: Database;
  let ids: Ids;
  const as = <T,>(userId: string | null, path: DataPath, fn: () => Promise<T>) => runWithDataContext({ userId, path } satisfies DataContext, fn);

  beforeAll(async () => {
    db = await createTestDatabase("postgres");
    ids = await seed(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("connects as a role that is neither superuser, nor owner, nor BYPASSRLS", async () => {
    const [r] = await db.sql.query<{ rolsuper: boolean; rolbypassrls: boolean; owns: boolean }>(
      `SELECT r.rolsuper, r.rolbypassrls, EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND t.tableowner = current_user) AS owns
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(r).toEqual({ rolsuper: false, rolbypassrls: false, owns: false });
  });

  it("a query that forgets its `where userId` still returns only the caller's rows", async () => {
    // On purpose: no where clause at all.
    const seen = await as(ids.a, "user", async () => ({
      chats: await db.prisma.chatSession.findMany({ select: { userId: true } }),
      messages: await db.prisma.chatMessage.findMany({ select: { content: true } }),
      calls: await db.prisma.callSession.findMany({ select: { userId: true } }),
      transcripts: await db.prisma.callTranscript.findMany({ select: { text: true } }),
      evaluations: await db.prisma.evaluation.findMany({ select: { userId: true } }),
      assessments: await db.prisma.assessment.findMany({ select: { userId: true } }),
      progress: await db.prisma.userProgress.findMany({ select: { userId: true } }),
      certificates: await db.prisma.certificate.findMany({ select: { userId: true } }),
      profiles: await db.prisma.profile.findMany({ select: { userId: true } }),
      stats: await db.prisma.candidateStats.findMany({ select: { userId: true } }),
      trainees: await db.prisma.user.findMany({ where: { role: "TRAINEE" }, select: { id: true } }),
    }));
    expect(seen.chats).toEqual([{ userId: ids.a }]);
    expect(seen.messages).toEqual([{ content: `hello from ${ids.a}` }]);
    expect(seen.calls).toEqual([{ userId: ids.a }]);
    expect(seen.transcripts).toEqual([{ text: `said by ${ids.a}` }]);
    expect(seen.evaluations).toEqual([{ userId: ids.a }]);
    expect(seen.assessments).toEqual([{ userId: ids.a }]);
    expect(seen.progress).toEqual([{ userId: ids.a }]);
    expect(seen.certificates).toEqual([{ userId: ids.a }]);
    expect(seen.profiles).toEqual([{ userId: ids.a }]);
    expect(seen.stats).toEqual([{ userId: ids.a }]);
    expect(seen.trainees).toEqual([{ id: ids.a }]);
    // Bob, the same query: his rows only.
    const bobs = await as(ids.b, "user", () => db.prisma.chatSession.findMany({ select: { userId: true } }));
    expect(bobs).toEqual([{ userId: ids.b }]);
  });

  it("a caller can neither change another user's rows nor write rows in their name", async () => {
    const changed = await as(ids.a, "user", () => db.prisma.chatSession.updateMany({ where: { userId: ids.b }, data: { topic: "hijacked" } }));
    expect(changed.count).toBe(0);
    const deleted = await as(ids.a, "user", () => db.prisma.evaluation.deleteMany({}));
    expect(deleted.count).toBe(1); // their own only
    expect(await db.prisma.evaluation.count({ where: { userId: ids.b } })).toBe(1);
    await expect(as(ids.a, "user", () => db.prisma.chatSession.create({ data: { userId: ids.b, topic: "forged", difficulty: "easy" } }))).rejects.toThrow(
      /row-level security|violates/i,
    );
    const bobChat = await db.prisma.chatSession.findFirstOrThrow({ where: { userId: ids.b }, select: { id: true } });
    await expect(as(ids.a, "user", () => db.prisma.chatMessage.create({ data: { sessionId: bobChat.id, role: "USER", content: "into Bob's chat" } }))).rejects.toThrow(
      /row-level security|violates/i,
    );
  });

  it("work that lost its context reads and writes nothing when the pool denies it (the app's setting)", async () => {
    const app = await openDatabase({ databaseUrl: await currentUrl(db), poolSize: 1, contextless: "deny" });
    try {
      expect(await app.prisma.user.count()).toBe(0);
      expect(await app.prisma.chatSession.count()).toBe(0);
      expect(await app.prisma.certificate.count()).toBe(0);
      const r = await app.prisma.chatSession.updateMany({ data: { topic: "x" } });
      expect(r.count).toBe(0);
      // The same pool with a context: the caller's rows.
      expect(await runWithDataContext({ userId: ids.b, path: "user" }, () => app.prisma.chatSession.count())).toBe(1);
    } finally {
      await app.close();
    }
  });

  it("system and admin paths see every user's rows", async () => {
    for (const path of ["system", "admin"] as const) {
      const n = await as(ids.admin, path, () => db.prisma.chatSession.count());
      expect(n, path).toBe(2);
      expect(await as(ids.admin, path, () => db.prisma.user.count()), path).toBe(4);
    }
    // An admin user outside an admin procedure (their own settings, path user): their own rows only.
    expect(await as(ids.admin, "user", () => db.prisma.user.count({ where: { role: { in: ["ADMIN", "TRAINEE"] } } }))).toBe(1);
  });

  it("auth path finds an account by email before anyone is known; public path does not", async () => {
    const byEmail = (path: DataPath) => as(null, path, () => db.prisma.user.findUnique({ where: { email: "bob@rls.test" }, select: { id: true } }));
    expect(await byEmail("auth")).toEqual({ id: ids.b });
    expect(await byEmail("public")).toBeNull();
    expect(await byEmail("user")).toBeNull();
  });

  it("the session lookup before a user is known goes through auth_session_lookup, and adopts the user", async () => {
    const { token } = await createSession(db.prisma, ids.a, { ipAddress: null, userAgent: null });
    // Nobody may read sessions by their token directly.
    expect(await as(null, "public", () => db.prisma.session.count())).toBe(0);
    const ctx: DataContext = { userId: null, path: "public" };
    const found = await runWithDataContext(ctx, () => validateSessionToken(db.prisma, token));
    expect(found?.user.id).toBe(ids.a);
    expect(ctx.userId).toBe(ids.a);
    // Adopted: the same request now sees its own session rows.
    expect(await runWithDataContext(ctx, () => db.prisma.session.count())).toBe(1);
    expect(SESSION_LOOKUP_SQL).toMatch(/auth_session_lookup/);
  });

  it("company path: findable trainees and its applicants, nobody else", async () => {
    const profiles = () => as(ids.company, "company", () => db.prisma.profile.findMany({ where: { user: { role: "TRAINEE" } }, select: { userId: true } }));
    expect((await profiles()).map((p) => p.userId)).toEqual([ids.b]);
    expect(await as(ids.company, "company", () => db.prisma.evaluation.findMany({ select: { userId: true } }))).toEqual([{ userId: ids.b }]);
    // A company user's requests outside the company path (e.g. the job board): no trainees.
    expect(await as(ids.company, "user", () => db.prisma.profile.count({ where: { userId: ids.b } }))).toBe(0);
    // Alice applies to the company's job: now the company may see her too, and her application.
    await as(ids.a, "user", () => db.prisma.jobApplication.create({ data: { jobId: ids.openJob, userId: ids.a, contactEmail: "alice@rls.test" } }));
    expect((await profiles()).map((p) => p.userId).sort()).toEqual([ids.a, ids.b].sort());
    expect(await as(ids.company, "company", () => db.prisma.jobApplication.findMany({ select: { userId: true } }))).toEqual([{ userId: ids.a }]);
    // Candidate views: the company writes its own; the candidate sees and answers those about them.
    await as(ids.company, "company", () => db.prisma.candidateView.create({ data: { candidateId: ids.b, companyUserId: ids.company, isInterested: true } }));
    const mine = await as(ids.b, "user", () => db.prisma.candidateView.updateMany({ data: { interestResponse: "ACCEPTED" } }));
    expect(mine.count).toBe(1);
    expect(await as(ids.a, "user", () => db.prisma.candidateView.count())).toBe(0);
    // A trainee cannot see other trainees' applications, nor the company other companies'.
    expect(await as(ids.b, "user", () => db.prisma.jobApplication.count())).toBe(0);
  });

  it("jobs: postings and verified companies are readable by any caller with a path; only the company writes its postings", async () => {
    const titles = (userId: string | null, path: DataPath) => as(userId, path, () => db.prisma.jobPosting.findMany({ orderBy: { title: "asc" }, select: { title: true } }));
    expect(await titles(ids.b, "user")).toEqual([{ title: "Closed" }, { title: "Open" }]);
    expect(await titles(ids.company, "company")).toEqual([{ title: "Closed" }, { title: "Open" }]);
    // The company account behind a posting (the address applications are mailed to).
    expect(await as(ids.b, "user", () => db.prisma.companyProfile.findMany({ select: { companyName: true, user: { select: { email: true } } } }))).toEqual([
      { companyName: "Acme", user: { email: "hiring@rls.test" } },
    ]);
    // A trainee cannot edit a posting.
    expect((await as(ids.b, "user", () => db.prisma.jobPosting.updateMany({ data: { title: "mine" } }))).count).toBe(0);
    // Another company cannot either; the owning company can.
    expect((await as(ids.b, "company", () => db.prisma.jobPosting.updateMany({ data: { title: "theirs" } }))).count).toBe(0);
    expect((await as(ids.company, "company", () => db.prisma.jobPosting.updateMany({ where: { id: ids.closedJob }, data: { isActive: true } }))).count).toBe(1);
    // Applying counts the applicant on the posting (a trainee's only write there): Alice applied above.
    expect((await as(ids.a, "user", () => db.prisma.jobPosting.updateMany({ where: { id: ids.openJob }, data: { applicants: { increment: 1 } } }))).count).toBe(1);
    expect((await as(ids.b, "user", () => db.prisma.jobPosting.updateMany({ where: { id: ids.openJob }, data: { applicants: { increment: 1 } } }))).count).toBe(0);
    // No path at all (lost context, the app's pool): nothing.
    expect(await titles(null, "" as DataPath)).toEqual([]);
  });

  it("public path: certificate verification reads the certificate and its holder's name; a user path cannot", async () => {
    const v = await as(null, "public", () => verifyCertificate(db.prisma, "hxp aaaa bbbb cccc"));
    expect(v).toMatchObject({ code: "HXP-AAAA-BBBB-CCCC", holderName: "alice" });
    expect(await as(ids.b, "user", () => db.prisma.certificate.count())).toBe(0);
    // Holders only: Bob (no certificate) is not readable in the public path.
    expect(await as(null, "public", () => db.prisma.profile.count())).toBe(1);
  });

  it("published content is the catalogue; drafts are their author's", async () => {
    const author = ids.admin;
    await db.prisma.content.create({ data: { creatorId: author, title: "Draft", type: "LESSON", category: "c", difficulty: "easy", data: {} } });
    await db.prisma.content.create({ data: { creatorId: author, title: "Live", type: "LESSON", category: "c", difficulty: "easy", data: {}, isPublished: true } });
    expect(await as(ids.b, "user", () => db.prisma.content.findMany({ where: { title: { in: ["Draft", "Live"] } }, select: { title: true } }))).toEqual([{ title: "Live" }]);
    expect(await as(author, "user", () => db.prisma.content.count({ where: { title: { in: ["Draft", "Live"] } } }))).toBe(2);
  });

  it("concurrent requests of two users in the same tick each get their own rows (no batching across contexts)", async () => {
    const [chatA, chatB] = await Promise.all([
      db.prisma.chatSession.findFirstOrThrow({ where: { userId: ids.a }, select: { id: true } }),
      db.prisma.chatSession.findFirstOrThrow({ where: { userId: ids.b }, select: { id: true } }),
    ]);
    for (let i = 0; i < 5; i++) {
      const [a, b] = await Promise.all([
        as(ids.a, "user", () => db.prisma.chatSession.findUnique({ where: { id: chatA.id }, select: { userId: true } })),
        as(ids.b, "user", () => db.prisma.chatSession.findUnique({ where: { id: chatB.id }, select: { userId: true } })),
      ]);
      expect(a).toEqual({ userId: ids.a });
      expect(b).toEqual({ userId: ids.b });
    }
  });
});

/** The app-role URL of the test database `db` (the pool's own connection settings). */
async function currentUrl(db: Database): Promise<string> {
  const [r] = await db.sql.query<{ db: string; user: string }>("SELECT current_database() AS db, current_user AS user");
  const status = realPostgresStatus();
  if (!status.available) throw new Error("no PostgreSQL");
  const u = new URL(status.adminUrl);
  u.pathname = `/${r!.db}`;
  u.username = r!.user;
  u.password = r!.user; // tests/helpers/global-setup.ts: the test app role's password is its name
  return u.toString();
}

describe("row-level security [pglite]", () => {
  it("the policies apply cleanly on PGlite, which runs as a superuser (RLS not enforced there)", async () => {
    const db = await createTestDatabase("pglite");
    try {
      const [r] = await db.sql.query<{ tables: number; policies: number; superuser: boolean }>(
        `SELECT (SELECT count(*)::int FROM pg_class WHERE relrowsecurity AND relnamespace = 'public'::regnamespace) AS tables,
                (SELECT count(*)::int FROM pg_policies WHERE schemaname = 'public') AS policies,
                (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`,
      );
      expect(r!.tables).toBeGreaterThanOrEqual(27);
      expect(r!.policies).toBeGreaterThan(60);
      expect(r!.superuser).toBe(true);
    } finally {
      await db.close();
    }
  });
});
