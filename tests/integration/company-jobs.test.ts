// Job postings and applications (companies issue), on PGlite and a real PostgreSQL: a verified
// company's CRUD, audited, and nothing of another company's jobs (NOT_FOUND); an unverified
// company is refused (COMPANY_NOT_VERIFIED); the job board lists only open jobs of verified,
// active companies (a suspended company's jobs vanish), a trainee's matching jobs first with a
// keyset cursor; one application per trainee per job, the applicants counter exact under
// concurrent applications; the company sees contact details only of its applicants (raw
// HTTP bodies), is told by mail, and sees how each applicant's skills match.
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { hit, RATE_RULES } from "../../server/auth/rate-limit.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { matchSkills } from "../../server/services/jobs/matching.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { startTestApp, trpcError, type TestApp, type TestClient } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
let seq = 0;
const uniq = () => `${++seq}${Math.random().toString(36).slice(2, 7)}`;

const JOB = {
  title: "Customer support specialist",
  description: "Answer customers by chat and phone, in clear and friendly English.",
  requirements: ["Two years in a support role", "Calm under pressure"],
  requiredSkills: ["English", "Negotiation", "SQL", "Excel"],
  experienceLevel: "junior" as const,
  location: "Lisbon (hybrid)",
  salary: "€28k–€34k",
};

describeEachDatabase("company jobs", (t) => {
  let app: TestApp;
  let hash: string;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
  });
  afterAll(() => app?.close());

  type Who = { id: string; email: string; c: TestClient };
  async function signedIn(id: string, email: string): Promise<Who> {
    const c = app.client();
    await c.signIn(email, PASSWORD);
    return { id, email, c };
  }
  async function company(opts: { verified?: boolean; name?: string } = {}) {
    const email = `company-${uniq()}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role: "COMPANY", companyName: opts.name ?? `Acme ${seq}` });
    if (opts.verified ?? true) await t.prisma.companyProfile.update({ where: { userId: u.id }, data: { isVerified: true, verifiedAt: new Date() } });
    const profile = await t.prisma.companyProfile.findUniqueOrThrow({ where: { userId: u.id }, select: { id: true } });
    return { ...(await signedIn(u.id, email)), companyId: profile.id };
  }
  async function trainee(profile: { skills?: string[]; phone?: string; bio?: string; location?: string } = {}, role: "TRAINEE" | "INSTRUCTOR" = "TRAINEE") {
    const email = `${role.toLowerCase()}-${uniq()}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role, name: `Ada ${seq}`, profile: { skills: profile.skills ?? [], phone: profile.phone ?? null, bio: profile.bio ?? null, location: profile.location ?? null } });
    return signedIn(u.id, email);
  }
  const post = (co: { c: TestClient }, extra: Partial<typeof JOB> = {}) => co.c.trpc.company.jobs.create.mutate({ ...JOB, ...extra });

  it("refuses an unverified company (COMPANY_NOT_VERIFIED) and writes nothing", async () => {
    const co = await company({ verified: false });
    for (const call of [() => co.c.trpc.company.jobs.list.query({}), () => post(co), () => co.c.trpc.company.jobs.applicants.query({ jobId: "x" })]) {
      const e = await trpcError(call());
      expect([e.data?.code, e.data?.appCode]).toEqual(["FORBIDDEN", "COMPANY_NOT_VERIFIED"]);
    }
    expect(await t.prisma.jobPosting.count({ where: { companyId: co.companyId } })).toBe(0);
  });

  it("creates, reads, edits, closes, reopens and deletes a job, audited; another company can do none of it (NOT_FOUND)", async () => {
    const a = await company();
    const b = await company();
    const job = await post(a);
    expect(job).toMatchObject({ ...JOB, isActive: true, applicants: 0 });
    expect(await t.prisma.auditLog.findMany({ where: { userId: a.id, action: "JOB_POSTED" }, select: { details: true } })).toEqual([{ details: { jobId: job.id, title: JOB.title } }]);

    // Another company: not its job, whatever it tries.
    for (const call of [
      () => b.c.trpc.company.jobs.get.query({ id: job.id }),
      () => b.c.trpc.company.jobs.update.mutate({ id: job.id, title: "Hijacked title" }),
      () => b.c.trpc.company.jobs.setActive.mutate({ id: job.id, isActive: false }),
      () => b.c.trpc.company.jobs.delete.mutate({ id: job.id }),
      () => b.c.trpc.company.jobs.applicants.query({ jobId: job.id }),
    ]) {
      const e = await trpcError(call());
      expect([e.data?.code, e.data?.appCode]).toEqual(["NOT_FOUND", "JOB_NOT_FOUND"]);
    }
    expect((await b.c.trpc.company.jobs.list.query({})).items).toEqual([]);
    expect(await t.prisma.jobPosting.findUniqueOrThrow({ where: { id: job.id }, select: { title: true, isActive: true } })).toEqual({ title: JOB.title, isActive: true });

    const edited = await a.c.trpc.company.jobs.update.mutate({ id: job.id, title: "Senior support specialist", experienceLevel: "senior", salary: "" });
    expect(edited).toMatchObject({ title: "Senior support specialist", experienceLevel: "senior", salary: null, description: JOB.description });
    expect(await a.c.trpc.company.jobs.get.query({ id: job.id })).toMatchObject({ title: "Senior support specialist" });

    await a.c.trpc.company.jobs.setActive.mutate({ id: job.id, isActive: false });
    expect((await a.c.trpc.company.jobs.list.query({ active: true })).items.map((j) => j.id)).toEqual([]);
    expect((await a.c.trpc.company.jobs.list.query({ active: false })).items.map((j) => j.id)).toEqual([job.id]);
    await a.c.trpc.company.jobs.setActive.mutate({ id: job.id, isActive: true });
    expect((await a.c.trpc.company.jobs.list.query({})).items.map((j) => [j.id, j.isActive])).toEqual([[job.id, true]]);

    const updates = await t.prisma.auditLog.findMany({ where: { userId: a.id, action: "JOB_UPDATED" }, orderBy: { createdAt: "asc" }, select: { details: true } });
    expect(updates.map((u) => (u.details as { operation: string }).operation)).toEqual(["edit", "close", "reopen"]);

    await a.c.trpc.company.jobs.delete.mutate({ id: job.id });
    expect(await t.prisma.jobPosting.count({ where: { id: job.id } })).toBe(0);
    expect(await t.prisma.auditLog.count({ where: { userId: a.id, action: "JOB_DELETED" } })).toBe(1);
    expect((await trpcError(a.c.trpc.company.jobs.get.query({ id: job.id }))).data?.code).toBe("NOT_FOUND");
  });

  it("validates a posting with clear messages", async () => {
    const a = await company();
    const bad = await trpcError(post(a, { experienceLevel: "wizard" as never }));
    expect([bad.data?.code, bad.message]).toEqual(["BAD_REQUEST", "Choose an experience level from the list"]);
    const many = await trpcError(post(a, { requiredSkills: Array.from({ length: 31 }, (_, i) => `skill ${i}`) }));
    expect(many.message).toBe("At most 30 required skills");
    const short = await trpcError(post(a, { title: "x" }));
    expect(short.data?.fieldErrors).toMatchObject({ title: ["Give the job a title (at least 3 characters)"] });
    // Duplicates (ignoring case) and empty entries are dropped.
    const job = await post(a, { requiredSkills: ["SQL", "sql", " ", "Excel"] });
    expect(job.requiredSkills).toEqual(["SQL", "Excel"]);
  });

  it("lists on the board only open jobs of verified, active companies; a suspended company's jobs vanish", async () => {
    const tag = `zq${uniq()}`;
    const ok = await company();
    const unverified = await company({ verified: false });
    const suspended = await company();
    const open = await post(ok, { title: `Open ${tag}` });
    const closed = await post(ok, { title: `Closed ${tag}` });
    await ok.c.trpc.company.jobs.setActive.mutate({ id: closed.id, isActive: false });
    const hidden = await t.prisma.jobPosting.create({ data: { companyId: unverified.companyId, title: `Unverified ${tag}`, description: JOB.description, requirements: [], requiredSkills: [], experienceLevel: "mid" }, select: { id: true } });
    const gone = await post(suspended, { title: `Suspended ${tag}` });

    const me = await trainee();
    const titles = async () => (await me.c.trpc.jobs.search.query({ q: tag })).items.map((j) => j.title).sort();
    expect(await titles()).toEqual([`Open ${tag}`, `Suspended ${tag}`]);
    const got = await me.c.trpc.jobs.get.query({ id: open.id });
    expect(got).toMatchObject({ title: `Open ${tag}`, description: JOB.description, requirements: JOB.requirements, company: { name: expect.stringMatching(/^Acme/) }, appliedAt: null });

    await t.prisma.user.update({ where: { id: suspended.id }, data: { status: "SUSPENDED" } });
    expect(await titles()).toEqual([`Open ${tag}`]);
    for (const id of [closed.id, hidden.id, gone.id, "no-such-job"]) {
      const e = await trpcError(me.c.trpc.jobs.get.query({ id }));
      expect([id, e.data?.code]).toEqual([id, "NOT_FOUND"]);
    }
    // Filters: level, location, skills (every skill asked for, ignoring case).
    expect((await me.c.trpc.jobs.search.query({ q: tag, experienceLevel: "senior" })).items).toEqual([]);
    expect((await me.c.trpc.jobs.search.query({ q: tag, experienceLevel: "junior", location: "lisbon", skills: ["sql", "ENGLISH"] })).items.map((j) => j.id)).toEqual([open.id]);
    expect((await me.c.trpc.jobs.search.query({ q: tag, skills: ["sql", "cobol"] })).items).toEqual([]);
  });

  it("puts a trainee's matching jobs first, and pages through them without gaps or repeats", async () => {
    const tag = `zm${uniq()}`;
    const co = await company();
    const skillSets = [[], ["Python"], ["Python", "SQL"], ["python", "sql", "Excel"], ["Excel"], ["Rust"]];
    const ids: Record<string, number> = {};
    for (let i = 0; i < 24; i++) {
      const j = await t.prisma.jobPosting.create({
        data: { companyId: co.companyId, title: `${tag} ${i}`, description: JOB.description, requirements: [], requiredSkills: skillSets[i % skillSets.length]!, experienceLevel: "mid", isActive: true, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 3)) },
        select: { id: true },
      });
      ids[j.id] = [0, 1, 2, 3, 1, 0][i % skillSets.length]!;
    }
    const me = await trainee({ skills: ["PYTHON", "sql", "Excel "] });
    const seen: { id: string; match: number }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await me.c.trpc.jobs.search.query({ q: tag, cursor });
      expect(page.rankedBySkills).toBe(true);
      seen.push(...page.items.map((j) => ({ id: j.id, match: j.matchingSkills })));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen.map((s) => s.id).sort()).toEqual(Object.keys(ids).sort());
    expect(seen.map((s) => s.match)).toEqual(seen.map((s) => ids[s.id]));
    expect(seen.map((s) => s.match)).toEqual([...seen.map((s) => s.match)].sort((x, y) => y - x));
    // A company user (no skills to rank by) sees them newest first.
    const other = await company();
    const theirs = await other.c.trpc.jobs.search.query({ q: tag });
    expect(theirs.rankedBySkills).toBe(false);
    expect(theirs.items.every((j) => j.matchingSkills === 0 && j.appliedAt === null)).toBe(true);
    // A forged cursor is a field error, not a 500.
    const e = await trpcError(me.c.trpc.jobs.search.query({ q: tag, cursor: Buffer.from(JSON.stringify({ v: "x", id: "y" })).toString("base64url") }));
    expect([e.data?.code, e.data?.appCode]).toEqual(["BAD_REQUEST", "BAD_CURSOR"]);
  });

  it("takes one application per trainee per job, tells the company by mail, refuses closed jobs and non-trainees", async () => {
    const co = await company({ name: "Mailco" });
    const job = await post(co);
    const me = await trainee({ skills: ["English"], phone: "+351 912 345 678" });
    const before = Date.now();
    const r = await me.c.trpc.jobs.applyTo.mutate({ jobId: job.id, message: "  I love talking to customers.  " });
    expect(r.appliedAt.getTime()).toBeGreaterThanOrEqual(before - 2000);
    expect(r.appliedAt.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
    const dup = await trpcError(me.c.trpc.jobs.applyTo.mutate({ jobId: job.id }));
    expect([dup.data?.code, dup.data?.appCode]).toEqual(["CONFLICT", "ALREADY_APPLIED"]);
    expect(await t.prisma.jobApplication.findMany({ where: { jobId: job.id }, select: { userId: true, message: true, contactEmail: true, contactPhone: true } })).toEqual([
      { userId: me.id, message: "I love talking to customers.", contactEmail: me.email, contactPhone: "+351 912 345 678" },
    ]);
    expect((await t.prisma.jobPosting.findUniqueOrThrow({ where: { id: job.id }, select: { applicants: true } })).applicants).toBe(1);
    expect((await me.c.trpc.jobs.get.query({ id: job.id })).appliedAt?.getTime()).toBe(r.appliedAt.getTime());
    expect((await me.c.trpc.jobs.search.query({ q: "Customer support" })).items.find((j) => j.id === job.id)?.appliedAt?.getTime()).toBe(r.appliedAt.getTime());

    const mails = await t.prisma.mailOutbox.findMany({ where: { to: co.email, kind: "job-application" }, select: { subject: true, text: true } });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`New application for “${JOB.title}”`);
    expect(mails[0]!.text).toContain(`/company/jobs/${job.id}/applicants`);
    expect(mails[0]!.text).not.toContain(me.email);

    await co.c.trpc.company.jobs.setActive.mutate({ id: job.id, isActive: false });
    const late = await trainee();
    // A closed job is off the board: the answer says so when it can (the trainee had its link).
    const closed = await trpcError(late.c.trpc.jobs.applyTo.mutate({ jobId: job.id }));
    expect([closed.data?.code, closed.data?.appCode]).toEqual(["CONFLICT", "JOB_CLOSED"]);
    expect((await trpcError(late.c.trpc.jobs.applyTo.mutate({ jobId: "no-such-job" }))).data?.appCode).toBe("JOB_NOT_FOUND");
    const instructor = await trainee({}, "INSTRUCTOR");
    expect((await trpcError(instructor.c.trpc.jobs.applyTo.mutate({ jobId: job.id }))).data?.code).toBe("FORBIDDEN");
    expect((await trpcError(co.c.trpc.jobs.applyTo.mutate({ jobId: job.id }))).data?.code).toBe("FORBIDDEN");
    const long = await trpcError(late.c.trpc.jobs.applyTo.mutate({ jobId: job.id, message: "x".repeat(2001) }));
    expect([long.data?.code, long.message]).toEqual(["BAD_REQUEST", "A message has at most 2000 characters"]);
    expect((await t.prisma.jobPosting.findUniqueOrThrow({ where: { id: job.id }, select: { applicants: true } })).applicants).toBe(1);
  });

  it("answers the issue's name jobs.apply over HTTP too (tRPC reserves `apply`; the server maps it to jobs.applyTo), alone and in a batch", async () => {
    const co = await company();
    const job = await post(co);
    const me = await trainee();
    const res = await me.c.fetch("/api/trpc/jobs.apply", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { jobId: job.id } }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: { data: { json: { appliedAt: string } } } }).result.data.json.appliedAt).toMatch(/^\d{4}-/);
    const other = await post(co);
    const batch = await me.c.fetch("/api/trpc/jobs.apply,jobs.apply?batch=1", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ 0: { json: { jobId: other.id } }, 1: { json: { jobId: job.id } } }),
    });
    const answers = (await batch.json()) as [{ result?: unknown }, { error?: { json: { data: { appCode: string } } } }];
    expect(answers[0].result).toBeDefined();
    expect(answers[1].error?.json.data.appCode).toBe("ALREADY_APPLIED");
    expect((await t.prisma.jobPosting.findUniqueOrThrow({ where: { id: job.id }, select: { applicants: true } })).applicants).toBe(1);
  });

  it("counts applicants exactly under concurrent applications (15 trainees at once, and one trainee five times at once)", async () => {
    const co = await company();
    const job = await post(co);
    const trainees = await Promise.all(Array.from({ length: 15 }, () => trainee()));
    const eager = await trainee();
    const results = await Promise.allSettled([
      ...trainees.map((x) => x.c.trpc.jobs.applyTo.mutate({ jobId: job.id })),
      ...Array.from({ length: 5 }, () => eager.c.trpc.jobs.applyTo.mutate({ jobId: job.id })),
    ]);
    expect(results.slice(0, 15).every((r) => r.status === "fulfilled")).toBe(true);
    const dupes = results.slice(15);
    expect(dupes.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of dupes.filter((x) => x.status === "rejected")) expect((r as PromiseRejectedResult).reason.data?.appCode).toBe("ALREADY_APPLIED");
    const rows = await t.prisma.jobApplication.count({ where: { jobId: job.id } });
    expect(rows).toBe(16);
    expect((await t.prisma.jobPosting.findUniqueOrThrow({ where: { id: job.id }, select: { applicants: true } })).applicants).toBe(16);
    expect(await t.prisma.mailOutbox.count({ where: { to: co.email, kind: "job-application" } })).toBe(16);
  });

  it("shows a company its applicants with the contact details they shared, their message and skill match — and no one else's contact details", async () => {
    const a = await company();
    const b = await company();
    const jobA = await post(a);
    const jobB = await post(b);
    const applicant = await trainee({ skills: ["english", " SQL", "Python"], phone: "+44 20 7946 0000", bio: "\n  Support lead, 5 years.\nMore about me.", location: "Leeds" });
    const elsewhere = await trainee({ skills: ["English"], phone: "+44 20 7946 1111" }); // applied to b's job only
    const bystander = await trainee({ skills: ["English"], phone: "+44 20 7946 2222" }); // applied nowhere
    await applicant.c.trpc.jobs.applyTo.mutate({ jobId: jobA.id, message: "Happy to help." });
    await elsewhere.c.trpc.jobs.applyTo.mutate({ jobId: jobB.id });

    // Raw HTTP: every body a company received.
    const res = await a.c.fetch(`/api/trpc/company.jobs.applicants?input=${encodeURIComponent(JSON.stringify({ json: { jobId: jobA.id } }))}`);
    expect(res.status).toBe(200);
    const page = await a.c.trpc.company.jobs.applicants.query({ jobId: jobA.id });
    expect(page.job).toMatchObject({ id: jobA.id, applicants: 1 });
    expect(page.items).toEqual([
      {
        applicationId: expect.any(String),
        candidateId: applicant.id,
        name: expect.stringMatching(/^Ada /),
        headline: "Support lead, 5 years.",
        avatar: null,
        location: "Leeds",
        skills: ["english", " SQL", "Python"],
        contact: { email: applicant.email, phone: "+44 20 7946 0000" },
        message: "Happy to help.",
        appliedAt: expect.any(Date),
        match: { score: 50, matched: ["English", "SQL"], missing: ["Negotiation", "Excel"] },
      },
    ]);
    await a.c.trpc.jobs.search.query({});
    await a.c.trpc.jobs.get.query({ id: jobB.id });
    const seen = a.c.bodies.join("\n");
    expect(seen).toContain(applicant.email);
    expect(seen).toContain("+44 20 7946 0000");
    for (const other of [elsewhere, bystander]) expect(seen).not.toContain(other.email);
    expect(seen).not.toContain("7946 1111");
    expect(seen).not.toContain("7946 2222");
    // b sees its own applicant only.
    const bPage = await b.c.trpc.company.jobs.applicants.query({ jobId: jobB.id });
    expect(bPage.items.map((x) => x.candidateId)).toEqual([elsewhere.id]);
    expect(b.c.bodies.join("\n")).not.toContain(applicant.email);
    // A suspended applicant is no longer shown.
    await t.prisma.user.update({ where: { id: applicant.id }, data: { status: "SUSPENDED" } });
    expect((await a.c.trpc.company.jobs.applicants.query({ jobId: jobA.id })).items).toEqual([]);
  });

  it("limits applications to 30 per hour per trainee (TOO_MANY_REQUESTS with Retry-After), before anything is written", async () => {
    const co = await company();
    const job = await post(co);
    const me = await trainee();
    for (let i = 0; i < RATE_RULES.jobApplyUser.limit; i++) expect((await hit(t.prisma, RATE_RULES.jobApplyUser, me.id)).ok).toBe(true);
    const e = await trpcError(me.c.trpc.jobs.applyTo.mutate({ jobId: job.id }));
    expect([e.data?.code, e.data?.appCode]).toEqual(["TOO_MANY_REQUESTS", "RATE_LIMITED"]);
    expect(e.data?.retryAfterSeconds).toBeGreaterThan(3000);
    expect(await t.prisma.jobApplication.count({ where: { jobId: job.id } })).toBe(0);
    // Another trainee is not affected.
    const other = await trainee();
    await other.c.trpc.jobs.applyTo.mutate({ jobId: job.id });
    expect((await t.prisma.jobPosting.findUniqueOrThrow({ where: { id: job.id }, select: { applicants: true } })).applicants).toBe(1);
  });

  it("scores skills as the share of required skills found (ignoring case), null when none is required", () => {
    expect(matchSkills(["English", "Negotiation", "SQL", "Excel"], ["english", "sql", " Python"])).toEqual({ score: 50, matched: ["English", "SQL"], missing: ["Negotiation", "Excel"] });
    expect(matchSkills(["A", "a", "B"], ["b"])).toEqual({ score: 50, matched: ["B"], missing: ["A"] });
    expect(matchSkills(["A", "B", "C"], ["a", "b", "c", "d"]).score).toBe(100);
    expect(matchSkills(["A", "B", "C"], ["a"]).score).toBe(33);
    expect(matchSkills([], ["a"])).toEqual({ score: null, matched: [], missing: [] });
  });
});
