// Company candidate search (issue 11), on PGlite and a real PostgreSQL: only opted-in, active,
// verified trainees are ever found or opened, never with contact details (checked in the raw
// HTTP bodies); opting out hides at once; an unverified company is refused with
// COMPANY_NOT_VERIFIED; every filter, the facets and keyset paging per sort; the search
// statistics kept by recordActivity equal a recomputation; a CandidateView is written on each
// open; notes are private to the company user; contact details only when shared (accepted
// interest, or an application to the company's job).
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { recomputeCandidateStats, refreshCertificateStats } from "../../server/services/candidates/stats.ts";
import { revokeCertificate } from "../../server/services/certificates/certificates.ts";
import { recordActivity, type Activity } from "../../server/services/progress/activity.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { describeEachDatabase, type TestDatabase } from "../helpers/db.ts";
import { startTestApp, trpcError, TEST_APP_URL, type TestApp, type TestClient } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
const CTX = { appUrl: TEST_APP_URL };
let seq = 0;
const uniq = () => `${++seq}${Math.random().toString(36).slice(2, 7)}`;

type Spec =
  | { kind: "practice"; score: number; skills: Record<string, number>; at?: Date; sessionType?: "CHAT" | "CALL" }
  | { kind: "assessment"; type: string; score: number; passed: boolean; at?: Date };

/** Writes one activity's own row and records it through the progress service, in one transaction (as the real writers do). */
async function write(t: TestDatabase, userId: string, s: Spec) {
  const at = s.at ?? new Date();
  await t.prisma.$transaction(async (tx) => {
    let a: Activity;
    if (s.kind === "practice") {
      const sessionType = s.sessionType ?? "CHAT";
      const data = { userId, topic: "t", difficulty: "beginner", status: "COMPLETED" as const, startedAt: new Date(at.getTime() - 600_000), endedAt: at, duration: 600 };
      const session = sessionType === "CHAT" ? await tx.chatSession.create({ data, select: { id: true } }) : await tx.callSession.create({ data: { ...data, scenario: "s", topic: undefined }, select: { id: true } });
      const scores = Object.fromEntries(Object.entries(s.skills).map(([k, v]) => [k, { score: v, summary: "", metrics: {} }]));
      await tx.evaluation.create({
        data: { userId, sessionType, sessionId: session.id, ...(sessionType === "CHAT" ? { chatSessionId: session.id } : { callSessionId: session.id }), scores, feedback: {}, strengths: [], improvements: [], overallScore: s.score, createdAt: at },
      });
      a = { kind: "practice", sessionType, sessionId: session.id, contentId: null, overallScore: s.score, durationSeconds: 600, at };
    } else {
      const row = await tx.assessment.create({ data: { userId, type: s.type, score: s.score, passed: s.passed, totalQuestions: 10, correctAnswers: Math.round(s.score / 10), timeTaken: 60, completedAt: at }, select: { id: true } });
      a = { kind: "assessment", assessmentId: row.id, contentId: null, assessmentType: s.type, score: s.score, passed: s.passed, timeTakenSeconds: 60, at };
    }
    await recordActivity(tx, userId, a, CTX);
  });
}

type TraineeOpts = {
  name?: string;
  skills?: string[];
  languages?: string[];
  location?: string;
  bio?: string;
  experience?: string;
  status?: "ACTIVE" | "SUSPENDED" | "DEACTIVATED";
  verified?: boolean;
  discoverable?: boolean;
};

describeEachDatabase("company candidate search", (t) => {
  let app: TestApp;
  let hash: string;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
  });
  afterAll(() => app?.close());

  async function company(verified = true) {
    const email = `company-${uniq()}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role: "COMPANY", companyName: `Acme ${seq}` });
    if (verified) await t.prisma.companyProfile.update({ where: { userId: u.id }, data: { isVerified: true, verifiedAt: new Date() } });
    const c = app.client();
    await c.signIn(email, PASSWORD);
    const profile = await t.prisma.companyProfile.findUniqueOrThrow({ where: { userId: u.id }, select: { id: true } });
    return { id: u.id, profileId: profile.id, c };
  }

  async function trainee(o: TraineeOpts = {}) {
    const email = `trainee-${uniq()}@example.com`;
    const phone = `+1555${String(1_000_000 + seq).slice(-7)}`;
    const status = o.status ?? "ACTIVE";
    const verified = o.verified ?? true;
    const u = await createUser(t.prisma, {
      email,
      passwordHash: hash,
      name: o.name ?? `Trainee ${seq}`,
      status: verified ? status : "PENDING_VERIFICATION",
      verified,
      profile: { phone, skills: o.skills ?? [], languages: o.languages ?? ["en"], location: o.location ?? null, bio: o.bio ?? null, experience: o.experience ?? null },
    });
    let c: TestClient | null = null;
    if (status === "ACTIVE" && verified) {
      c = app.client();
      await c.signIn(email, PASSWORD);
      if (o.discoverable ?? true) await c.trpc.candidate.settings.update.mutate({ discoverable: true });
    } else if (o.discoverable ?? true) {
      // Opted in while active, then suspended / deactivated / never verified.
      await t.prisma.profile.update({ where: { userId: u.id }, data: { discoverable: true } });
      await t.prisma.$transaction((tx) => recomputeCandidateStats(tx, u.id));
    }
    return { id: u.id, email, phone, c };
  }

  const ids = (r: { items: { candidateId: string }[] }) => r.items.map((i) => i.candidateId);

  it("finds only opted-in, active, verified trainees, never with contact details, and opens nobody else", async () => {
    const tag = `tag-${uniq()}`;
    const co = await company();
    const shown = await trainee({ skills: [tag] });
    const hidden = [
      await trainee({ skills: [tag], discoverable: false }),
      await trainee({ skills: [tag], status: "SUSPENDED" }),
      await trainee({ skills: [tag], status: "DEACTIVATED" }),
      await trainee({ skills: [tag], verified: false }),
    ];
    // The opted-in, suspended ones really are opted in (so the live check is what hides them).
    expect(await t.prisma.profile.count({ where: { userId: { in: hidden.map((h) => h.id) }, discoverable: true } })).toBe(3);

    const before = co.c.bodies.length;
    const r = await co.c.trpc.company.candidates.search.query({ skills: [tag] });
    expect(ids(r)).toEqual([shown.id]);
    expect(r.facets?.total).toBe(1);
    const raw = co.c.bodies.slice(before).join("\n");
    expect(raw).toContain(shown.id);
    for (const p of [shown, ...hidden]) {
      expect(raw).not.toContain(p.email);
      expect(raw).not.toContain(p.phone);
    }
    // Nor without any filter, nor through q.
    const all = await co.c.trpc.company.candidates.search.query({ q: tag, limit: 50 });
    expect(ids(all)).toEqual([shown.id]);

    // The page: the same NOT_FOUND for every hidden trainee and for an id that does not exist.
    const page = await co.c.trpc.company.candidates.get.query({ candidateId: shown.id });
    expect(page.candidate.candidateId).toBe(shown.id);
    expect(page.contact).toBeNull();
    expect(co.c.bodies.at(-1)).not.toContain(shown.email);
    expect(co.c.bodies.at(-1)).not.toContain(shown.phone);
    for (const candidateId of [...hidden.map((h) => h.id), "does-not-exist"]) {
      const e = await trpcError(co.c.trpc.company.candidates.get.query({ candidateId }));
      expect([candidateId, e.data?.code, e.data?.appCode, e.message]).toEqual([candidateId, "NOT_FOUND", "CANDIDATE_NOT_FOUND", "This candidate is not available."]);
      const n = await trpcError(co.c.trpc.company.candidates.note.mutate({ candidateId, notes: "x" }));
      expect(n.data?.code).toBe("NOT_FOUND");
    }
    // No view row was written for them.
    expect(await t.prisma.candidateView.count({ where: { companyUserId: co.id, candidateId: { in: hidden.map((h) => h.id) } } })).toBe(0);
  });

  it("hides a trainee who opts out at once, and shows them again when they opt back in", async () => {
    const tag = `tag-${uniq()}`;
    const co = await company();
    const a = await trainee({ skills: [tag] });
    expect(ids(await co.c.trpc.company.candidates.search.query({ skills: [tag] }))).toEqual([a.id]);
    await a.c!.trpc.candidate.settings.update.mutate({ discoverable: false });
    expect(ids(await co.c.trpc.company.candidates.search.query({ skills: [tag] }))).toEqual([]);
    expect((await trpcError(co.c.trpc.company.candidates.get.query({ candidateId: a.id }))).data?.code).toBe("NOT_FOUND");
    await a.c!.trpc.candidate.settings.update.mutate({ discoverable: true });
    expect(ids(await co.c.trpc.company.candidates.search.query({ skills: [tag] }))).toEqual([a.id]);
    // Suspending hides at once too (no statistics refresh involved).
    await t.prisma.user.update({ where: { id: a.id }, data: { status: "SUSPENDED" } });
    expect(ids(await co.c.trpc.company.candidates.search.query({ skills: [tag] }))).toEqual([]);
  });

  it("finds a trainee by what they changed in their profile at once (the search copies follow the profile in its transaction)", async () => {
    const [before, after] = [`tag-${uniq()}`, `tag-${uniq()}`];
    const co = await company();
    const a = await trainee({ skills: [before], location: "Lisbon" });
    expect(ids(await co.c.trpc.company.candidates.search.query({ skills: [before] }))).toEqual([a.id]);
    await a.c!.trpc.profile.update.mutate({ skills: [after], location: "Porto", bio: `Now in ${after}-land` });
    expect(ids(await co.c.trpc.company.candidates.search.query({ skills: [before] }))).toEqual([]);
    expect(ids(await co.c.trpc.company.candidates.search.query({ skills: [after], location: "porto" }))).toEqual([a.id]);
    expect(ids(await co.c.trpc.company.candidates.search.query({ q: `${after}-land` }))).toEqual([a.id]);
    const row = await t.prisma.candidateStats.findUniqueOrThrow({ where: { userId: a.id }, select: { skills: true, tags: true, location: true, visible: true } });
    expect(row).toEqual({ skills: [after], tags: [`s:${after}`, "l:en"], location: "porto", visible: true });
    // A user-level change (suspension) flips the copy too.
    await t.prisma.user.update({ where: { id: a.id }, data: { status: "SUSPENDED" } });
    expect((await t.prisma.candidateStats.findUniqueOrThrow({ where: { userId: a.id }, select: { visible: true } })).visible).toBe(false);
  });

  it("refuses an unverified company with COMPANY_NOT_VERIFIED", async () => {
    const co = await company(false);
    const a = await trainee();
    for (const call of [
      () => co.c.trpc.company.candidates.search.query({}),
      () => co.c.trpc.company.candidates.get.query({ candidateId: a.id }),
      () => co.c.trpc.company.candidates.note.mutate({ candidateId: a.id, notes: "hello" }),
    ]) {
      const e = await trpcError(call());
      expect([e.data?.code, e.data?.appCode]).toEqual(["FORBIDDEN", "COMPANY_NOT_VERIFIED"]);
    }
    expect(await t.prisma.candidateView.count({ where: { companyUserId: co.id } })).toBe(0);
  });

  it("keeps the statistics up to date with each activity, equal to a recomputation (certificate and revocation included)", async () => {
    const a = await trainee();
    const day = (d: number) => new Date(Date.UTC(2026, 10, d, 10));
    await write(t, a.id, { kind: "practice", score: 71, skills: { fluency: 70, grammar: 80, pace: 66 }, at: day(1) });
    await write(t, a.id, { kind: "practice", score: 84.5, skills: { fluency: 90, grammar: 81 }, at: day(2), sessionType: "CALL" });
    await write(t, a.id, { kind: "assessment", type: "grammar", score: 62, passed: false, at: day(3) });
    await write(t, a.id, { kind: "assessment", type: "grammar", score: 91, passed: true, at: day(4) });
    await write(t, a.id, { kind: "assessment", type: "grammar", score: 77, passed: true, at: day(5) });
    const read = () => t.prisma.candidateStats.findUniqueOrThrow({ where: { userId: a.id } });
    const incremental = await read();
    expect(incremental).toMatchObject({
      evaluationCount: 2,
      overallScore: 77.8, // (71 + 84.5) / 2 = 77.75
      fluency: 80,
      grammar: 80.5,
      pace: 66,
      vocabulary: null,
      assessmentBest: { grammar: 91 },
      lastActiveAt: day(5),
      certificateCode: null,
    });
    await t.prisma.$transaction((tx) => recomputeCandidateStats(tx, a.id));
    expect(await read()).toEqual(incremental);

    // A certificate (issued elsewhere) and its revocation reach the statistics in their transaction.
    const code = "HXP-ABCD-EFGH-JKLM";
    await t.prisma.$transaction(async (tx) => {
      await tx.certificate.create({ data: { userId: a.id, certificateCode: code, validUntil: new Date("2099-01-01T00:00:00Z"), skills: {}, overallScore: 80, verificationUrl: `${TEST_APP_URL}/verify/${code}` } });
      await refreshCertificateStats(tx, a.id);
    });
    expect(await read()).toMatchObject({ certificateCode: code, certificateRevoked: false });
    const admin = await createUser(t.prisma, { email: `admin-${uniq()}@example.com`, passwordHash: hash, role: "ADMIN", adminAccessLevel: 2 });
    await revokeCertificate(t.prisma, { userId: admin.id, meta: { ipAddress: null, userAgent: null } }, TEST_APP_URL, { code, reason: "testing revocation" });
    const afterRevoke = await read();
    expect(afterRevoke).toMatchObject({ certificateCode: code, certificateRevoked: true });
    await t.prisma.$transaction((tx) => recomputeCandidateStats(tx, a.id));
    expect(await read()).toEqual(afterRevoke);
  });

  it("filters by skills, languages, location, scores, certificate and q; counts facets; pages by keyset for each sort", async () => {
    const tag = `tag-${uniq()}`;
    const co = await company();
    const mk = async (o: TraineeOpts, practice: { score: number; skills: Record<string, number> }[], certified = false) => {
      const p = await trainee({ ...o, skills: [tag, ...(o.skills ?? [])] });
      for (const [i, s] of practice.entries()) await write(t, p.id, { kind: "practice", ...s, at: new Date(Date.now() - (practice.length - i) * 60_000 - seq * 1000) });
      if (certified) {
        const code = `HXP-${"QRST"}-${"UVWX"}-${String(seq).replace(/[01]/g, "9").padStart(4, "2").slice(-4)}`;
        await t.prisma.$transaction(async (tx) => {
          await tx.certificate.create({ data: { userId: p.id, certificateCode: code, validUntil: new Date("2099-01-01T00:00:00Z"), skills: {}, overallScore: 80, verificationUrl: `${TEST_APP_URL}/verify/${code}` } });
          await refreshCertificateStats(tx, p.id);
        });
      }
      return p;
    };
    const ana = await mk({ name: "Ana Lindqvist", skills: ["negotiation", "sales"], languages: ["en", "es"], location: "Berlin, Germany", bio: "Account manager\nLoves people" }, [{ score: 88, skills: { grammar: 90, fluency: 85 } }], true);
    const ben = await mk({ name: "Ben Okafor", skills: ["sales"], languages: ["en", "fr"], location: "Paris", experience: "Ten years selling xylophones" }, [{ score: 72, skills: { grammar: 70, fluency: 75 } }]);
    const cleo = await mk({ name: "Cleo Marsh", skills: ["negotiation"], languages: ["es"], location: "Berlin" }, [{ score: 64, skills: { grammar: 82, fluency: 50 } }]);
    const dan = await mk({ name: "Dan Reyes", skills: ["support"], languages: ["en"], location: "Madrid" }, []);
    const eve = await mk({ name: "Eve Tanaka", skills: ["sales", "support"], languages: ["ja", "en"], location: "Tokyo" }, [{ score: 91, skills: { grammar: 95, fluency: 93 } }], true);
    const search = (input: Parameters<typeof co.c.trpc.company.candidates.search.query>[0]) => co.c.trpc.company.candidates.search.query({ ...input, skills: [tag, ...(input.skills ?? [])], limit: 50 });
    const sorted = (xs: string[]) => [...xs].sort();

    // Default sort (relevance without q = score), highest first; no scores last.
    expect(ids(await search({}))).toEqual([eve.id, ana.id, ben.id, cleo.id, dan.id]);
    expect(sorted(ids(await search({ skills: ["negotiation"] })))).toEqual(sorted([ana.id, cleo.id]));
    expect(sorted(ids(await search({ skills: ["sales", "support"] })))).toEqual([eve.id]);
    expect(sorted(ids(await search({ languages: ["es"] })))).toEqual(sorted([ana.id, cleo.id]));
    expect(sorted(ids(await search({ languages: ["en", "ja"] })))).toEqual([eve.id]);
    expect(sorted(ids(await search({ location: "berlin" })))).toEqual(sorted([ana.id, cleo.id]));
    expect(ids(await search({ minOverallScore: 72 }))).toEqual([eve.id, ana.id, ben.id]);
    expect(ids(await search({ minSkillScores: { grammar: 80 } }))).toEqual([eve.id, ana.id, cleo.id]);
    expect(ids(await search({ minSkillScores: { grammar: 80, fluency: 80 } }))).toEqual([eve.id, ana.id]);
    expect(ids(await search({ certified: true }))).toEqual([eve.id, ana.id]);
    expect(ids(await search({ certified: false }))).toEqual([ben.id, cleo.id, dan.id]);
    expect(ids(await search({ q: "xylophone" }))).toEqual([ben.id]); // experience
    expect(ids(await search({ q: "lindqvist" }))).toEqual([ana.id]); // name
    expect(ids(await search({ q: "account manager" }))).toEqual([ana.id]); // bio
    expect(sorted(ids(await search({ q: "negotiation" })))).toEqual(sorted([ana.id, cleo.id])); // skills
    expect(ids(await search({ q: "100%_" }))).toEqual([]); // LIKE wildcards are literal

    // The card: headline from the bio's first line, scores, certificate; no contact details.
    const card = (await search({ q: "lindqvist" })).items[0]!;
    expect(card).toMatchObject({ name: "Ana Lindqvist", headline: "Account manager", location: "Berlin, Germany", overallScore: 88, evaluationCount: 1, certificate: { status: "valid" }, viewed: false, noted: false, marked: false });
    expect(card.skillScores).toMatchObject({ grammar: 90, fluency: 85, pace: null });
    // The picture the trainee set is on the card (none yet, then theirs).
    expect(card.avatar).toBeNull();
    await t.prisma.profile.update({ where: { userId: ana.id }, data: { avatar: "/images/avatar-ana.webp" } });
    expect((await search({ q: "lindqvist" })).items[0]!.avatar).toBe("/images/avatar-ana.webp");
    expect(Object.keys(card)).not.toEqual(expect.arrayContaining(["email"]));

    // Facets: counts within the current filters.
    const f = (await search({ languages: ["en"] })).facets!;
    expect([f.total, f.exact]).toEqual([4, true]);
    expect(f.skills.find((s) => s.value === tag)?.count).toBe(4);
    expect(f.skills.find((s) => s.value === "sales")?.count).toBe(3);
    expect(f.skills.find((s) => s.value === "support")?.count).toBe(2);
    expect(f.skills.find((s) => s.value === "negotiation")?.count).toBe(1);
    expect(f.languages.find((s) => s.value === "en")?.count).toBe(4);
    expect(f.languages.find((s) => s.value === "fr")?.count).toBe(1);

    // Keyset paging, two per page, for every sort: the pages add up to the full list.
    for (const input of [{ sort: "score" as const }, { sort: "recent" as const }, { sort: "relevance" as const, q: "a" }, { sort: "relevance" as const }]) {
      const full = ids(await search(input));
      const paged: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const r = await co.c.trpc.company.candidates.search.query({ ...input, skills: [tag], limit: 2, ...(cursor ? { cursor } : {}) });
        if (cursor) expect(r.facets).toBeNull();
        else expect(r.facets?.total).toBe(full.length);
        paged.push(...ids(r));
        cursor = r.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 10);
      expect([input, paged]).toEqual([input, full]);
      expect(full.length).toBeGreaterThan(2);
    }
    // Recent: the newest activity first; the trainee with none last.
    expect(ids(await search({ sort: "recent" })).at(-1)).toBe(dan.id);
    // A cursor of another sort, or a forged one, is a field error.
    const r1 = await co.c.trpc.company.candidates.search.query({ skills: [tag], sort: "score", limit: 1 });
    for (const cursor of [r1.nextCursor!, "not-a-cursor", Buffer.from(JSON.stringify({ v: "recent:x'; DROP", id: "a" })).toString("base64url")]) {
      const e = await trpcError(co.c.trpc.company.candidates.search.query({ skills: [tag], sort: "recent", cursor }));
      expect([e.data?.code, e.data?.appCode]).toEqual(["BAD_REQUEST", "BAD_CURSOR"]);
    }
  });

  it("writes a CandidateView on each open and keeps notes private to the company user", async () => {
    const tag = `tag-${uniq()}`;
    const a = await trainee({ skills: [tag] });
    const one = await company();
    const two = await company();
    await one.c.trpc.company.candidates.get.query({ candidateId: a.id });
    const view = () => t.prisma.candidateView.findUniqueOrThrow({ where: { candidateId_companyUserId: { candidateId: a.id, companyUserId: one.id } }, select: { viewedAt: true, notes: true } });
    const old = new Date("2026-01-01T00:00:00Z");
    await t.prisma.candidateView.update({ where: { candidateId_companyUserId: { candidateId: a.id, companyUserId: one.id } }, data: { viewedAt: old } });
    const second = await one.c.trpc.company.candidates.get.query({ candidateId: a.id });
    expect((await view()).viewedAt.getTime()).toBeGreaterThan(old.getTime());
    expect(second.view.viewedAt.getTime()).toBe((await view()).viewedAt.getTime());

    const saved = await one.c.trpc.company.candidates.note.mutate({ candidateId: a.id, notes: "Strong on calls; ask about notice period." });
    expect(saved.notes).toBe("Strong on calls; ask about notice period.");
    expect((await one.c.trpc.company.candidates.get.query({ candidateId: a.id })).view.notes).toBe("Strong on calls; ask about notice period.");
    const seenByTwo = await two.c.trpc.company.candidates.get.query({ candidateId: a.id });
    expect(seenByTwo.view.notes).toBe("");
    expect(two.c.bodies.join("\n")).not.toContain("notice period");
    const inSearch = async (c: TestClient) => (await c.trpc.company.candidates.search.query({ skills: [tag] })).items.find((i) => i.candidateId === a.id);
    expect(await inSearch(one.c)).toMatchObject({ viewed: true, noted: true });
    expect(await inSearch(two.c)).toMatchObject({ viewed: true, noted: false });
    expect((await view()).notes).toBe("Strong on calls; ask about notice period.");
    // Too long is bad input; clearing empties it.
    expect((await trpcError(one.c.trpc.company.candidates.note.mutate({ candidateId: a.id, notes: "x".repeat(5001) }))).data?.code).toBe("BAD_REQUEST");
    await one.c.trpc.company.candidates.note.mutate({ candidateId: a.id, notes: "" });
    expect((await view()).notes).toBeNull();
  });

  it("shows contact details only to a company the trainee accepted or applied to", async () => {
    const a = await trainee();
    const accepted = await company();
    const appliedTo = await company();
    const stranger = await company();
    await t.prisma.candidateView.create({ data: { candidateId: a.id, companyUserId: accepted.id, isInterested: true, interestedAt: new Date(), interestResponse: "ACCEPTED", respondedAt: new Date() } });
    const job = await t.prisma.jobPosting.create({ data: { companyId: appliedTo.profileId, title: "Support agent", description: "d", requirements: [], requiredSkills: [], experienceLevel: "entry" }, select: { id: true } });
    await t.prisma.jobApplication.create({ data: { jobId: job.id, userId: a.id, contactEmail: a.email, contactPhone: a.phone, message: "Hello" } });

    const viaInterest = await accepted.c.trpc.company.candidates.get.query({ candidateId: a.id });
    expect(viaInterest.contact).toMatchObject({ email: a.email, phone: a.phone, via: "interest" });
    expect(viaInterest.view.interestResponse).toBe("ACCEPTED");
    const viaApplication = await appliedTo.c.trpc.company.candidates.get.query({ candidateId: a.id });
    expect(viaApplication.contact).toMatchObject({ email: a.email, phone: a.phone, via: "application" });
    const before = stranger.c.bodies.length;
    expect((await stranger.c.trpc.company.candidates.get.query({ candidateId: a.id })).contact).toBeNull();
    const raw = stranger.c.bodies.slice(before).join("\n");
    expect(raw).not.toContain(a.email);
    expect(raw).not.toContain(a.phone);
    // A pending interest shares nothing.
    await t.prisma.candidateView.update({ where: { candidateId_companyUserId: { candidateId: a.id, companyUserId: accepted.id } }, data: { interestResponse: "PENDING" } });
    expect((await accepted.c.trpc.company.candidates.get.query({ candidateId: a.id })).contact).toBeNull();
  });

  it("settings: the trainee opts in with a headline and openTo, audited, with a preview of what companies see", async () => {
    const a = await trainee({ discoverable: false, bio: "First line\nsecond", skills: ["sales"] });
    const s0 = await a.c!.trpc.candidate.settings.get.query();
    expect(s0).toMatchObject({ discoverable: false, headline: null, openTo: [] });
    expect(s0.preview).toMatchObject({ candidateId: a.id, headline: "First line", skills: ["sales"] });
    const s1 = await a.c!.trpc.candidate.settings.update.mutate({ discoverable: true, headline: "Calm on the phone", openTo: ["full-time", "contract", "full-time"] });
    expect(s1).toMatchObject({ discoverable: true, headline: "Calm on the phone", openTo: ["full-time", "contract"] });
    expect(s1.preview).toMatchObject({ headline: "Calm on the phone", openTo: ["full-time", "contract"] });
    const raw = a.c!.bodies.join("\n");
    expect(raw).not.toContain(a.phone);
    const logs = await t.prisma.auditLog.findMany({ where: { userId: a.id, action: "SETTINGS_CHANGED" }, select: { details: true } });
    expect(logs.map((l) => l.details)).toEqual([{ area: "candidate", discoverable: true, headline: "Calm on the phone", openTo: ["full-time", "contract"] }]);
    // What the preview shows is what a company's page shows.
    const co = await company();
    const page = await co.c.trpc.company.candidates.get.query({ candidateId: a.id });
    const { scoresOverTime: _a, ...pageRest } = page.candidate;
    const { scoresOverTime: _b, ...previewRest } = (await a.c!.trpc.candidate.settings.get.query()).preview!;
    expect(pageRest).toEqual(previewRest);
    expect((await trpcError(a.c!.trpc.candidate.settings.update.mutate({ discoverable: true, openTo: ["forever" as "contract"] }))).data?.code).toBe("BAD_REQUEST");
  });
});
