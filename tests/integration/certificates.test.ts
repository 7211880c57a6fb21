// Certificates (issue 10), on PGlite and a real PostgreSQL: issued exactly when the rule is met
// (one activity short → none) in the activity's own transaction, with a mail; a newer one only
// for a better overall score; exactly once under concurrent completions (real PostgreSQL);
// the public verification (signed out; valid / expired / revoked / unknown; the raw HTTP body
// holds no email; rate-limited per IP); revocation by a level-2 admin (audited, mailed,
// level 1 refused); certificates.mine answers for the caller only.
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { RATE_RULES } from "../../server/auth/rate-limit.ts";
import { certificateRule } from "../../server/services/certificates/config.ts";
import { certificateRuleStatus } from "../../server/services/certificates/rule.ts";
import { recordActivity, type Activity } from "../../server/services/progress/activity.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { CERTIFICATE_CODE_PATTERN } from "../../shared/schemas/certificates.ts";
import { describeEachDatabase, describeRealPostgres, useTestDatabase, type TestDatabase } from "../helpers/db.ts";
import { startTestApp, trpcError, TEST_APP_URL, type TestApp } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
const CTX = { appUrl: TEST_APP_URL };
let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;

type Spec =
  | { kind: "practice"; sessionType: "CHAT" | "CALL"; score: number; skills?: Record<string, number>; at?: Date }
  | { kind: "assessment"; type: string; score: number; passed: boolean; at?: Date };

/** Writes one activity's own row and records it through the progress service, in one transaction (as the real writers do). */
async function write(t: TestDatabase, userId: string, s: Spec) {
  const at = s.at ?? new Date();
  await t.prisma.$transaction(async (tx) => {
    let a: Activity;
    if (s.kind === "practice") {
      const data = { userId, topic: "t", difficulty: "beginner", status: "COMPLETED" as const, startedAt: new Date(at.getTime() - 600_000), endedAt: at, duration: 600 };
      const session = s.sessionType === "CHAT" ? await tx.chatSession.create({ data, select: { id: true } }) : await tx.callSession.create({ data: { ...data, scenario: "s", topic: undefined }, select: { id: true } });
      const skills = s.skills ?? { fluency: s.score, grammar: s.score };
      const scores = Object.fromEntries(Object.entries(skills).map(([k, v]) => [k, { score: v, summary: "", metrics: {} }]));
      await tx.evaluation.create({
        data: { userId, sessionType: s.sessionType, sessionId: session.id, ...(s.sessionType === "CHAT" ? { chatSessionId: session.id } : { callSessionId: session.id }), scores, feedback: {}, strengths: [], improvements: [], overallScore: s.score, createdAt: at },
      });
      a = { kind: "practice", sessionType: s.sessionType, sessionId: session.id, contentId: null, overallScore: s.score, durationSeconds: 600, at };
    } else {
      const row = await tx.assessment.create({ data: { userId, type: s.type, score: s.score, passed: s.passed, totalQuestions: 10, correctAnswers: Math.round(s.score / 10), timeTaken: 60, completedAt: at }, select: { id: true } });
      a = { kind: "assessment", assessmentId: row.id, contentId: null, assessmentType: s.type, score: s.score, passed: s.passed, timeTakenSeconds: 60, at };
    }
    await recordActivity(tx, userId, a, CTX);
  });
}

const PASSED_ALL: Spec[] = [
  { kind: "assessment", type: "grammar", score: 90, passed: true },
  { kind: "assessment", type: "vocabulary", score: 75, passed: true },
  { kind: "assessment", type: "reading", score: 82, passed: true },
];

describeEachDatabase("certificates", (t) => {
  let app: TestApp;
  let hash: string;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
  });
  afterAll(() => app?.close());

  async function user(role: "TRAINEE" | "ADMIN" = "TRAINEE", adminLevel?: number) {
    const email = `${role.toLowerCase()}-${uniq()}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role, name: `Ada ${role} ${seq}`, ...(adminLevel ? { adminAccessLevel: adminLevel } : {}) });
    const c = app.client();
    await c.signIn(email, PASSWORD);
    return { id: u.id, email, c };
  }
  const certificatesOf = (userId: string) => t.prisma.certificate.findMany({ where: { userId }, orderBy: { issuedAt: "asc" }, select: { certificateCode: true, issuedAt: true, validUntil: true, skills: true, overallScore: true, verificationUrl: true } });
  const mailsTo = (to: string, kind: string) => t.prisma.mailOutbox.findMany({ where: { to, kind }, select: { subject: true, text: true } });
  /** A certificate row written directly (for the verification states). */
  async function seeded(userId: string, extra: { validUntil?: Date; revokedAt?: Date } = {}) {
    const code = `HXP-${uniq().replace(/[^2-9]/g, "").padEnd(4, "7").slice(0, 4)}-ABCD-${String(seq).replace(/[01]/g, "9").padStart(4, "2").slice(-4)}`;
    await t.prisma.certificate.create({
      data: { userId, certificateCode: code, issuedAt: new Date("2026-01-10T10:00:00Z"), validUntil: extra.validUntil ?? new Date("2099-01-10T10:00:00Z"), revokedAt: extra.revokedAt ?? null, skills: { practice: { fluency: 81 }, assessments: { grammar: 90, vocabulary: 75, reading: 82 } }, overallScore: 78.4, verificationUrl: `${TEST_APP_URL}/verify/${code}` },
    });
    return code;
  }

  it("says what is missing in words, and issues nothing until the rule is met", async () => {
    const me = await user();
    expect(await t.prisma.$transaction((tx) => certificateRuleStatus(tx, me.id))).toEqual({
      met: false,
      progress: 0,
      missing: ["5 more practice sessions", "a call practice", "a passed grammar assessment", "a passed vocabulary assessment", "a passed reading assessment"],
    });
    await write(t, me.id, { kind: "practice", sessionType: "CHAT", score: 60 });
    await write(t, me.id, { kind: "practice", sessionType: "CHAT", score: 69 });
    await write(t, me.id, { kind: "assessment", type: "reading", score: 40, passed: false }); // a failed one does not count
    await write(t, me.id, { kind: "assessment", type: "grammar", score: 88, passed: true });
    const s = await t.prisma.$transaction((tx) => certificateRuleStatus(tx, me.id));
    expect(s.missing).toEqual(["3 more practice sessions", "a call practice", "average of your last 2 sessions is 64; 70 needed", "a passed vocabulary assessment", "a passed reading assessment"]);
    expect(s.met).toBe(false);
    // 2/5 of 30 + 0 + 64.5/70 of 30 + 1/3 of 30 = 12 + 27.64 + 10
    expect(s.progress).toBe(49);
    expect((await t.prisma.userProgress.findUniqueOrThrow({ where: { userId: me.id }, select: { certificateProgress: true } })).certificateProgress).toBe(49);
    expect(await certificatesOf(me.id)).toEqual([]);
  });

  it("issues a certificate in the activity that completes the rule (one activity short → none), with a mail; the same results issue no second one; a better overall issues a newer one", async () => {
    const me = await user();
    for (const a of PASSED_ALL) await write(t, me.id, a);
    await write(t, me.id, { kind: "practice", sessionType: "CALL", score: 80, skills: { fluency: 70, pace: 90 } });
    for (let i = 0; i < 3; i++) await write(t, me.id, { kind: "practice", sessionType: "CHAT", score: 80, skills: { fluency: 80, grammar: 76 } });
    // One session short.
    const short = await t.prisma.$transaction((tx) => certificateRuleStatus(tx, me.id));
    expect(short).toMatchObject({ met: false, missing: ["1 more practice session"] });
    expect(short.progress).toBeLessThan(100);
    expect(await certificatesOf(me.id)).toEqual([]);
    expect(await mailsTo(me.email, "certificate-issued")).toEqual([]);

    const before = Date.now();
    await write(t, me.id, { kind: "practice", sessionType: "CHAT", score: 80, skills: { fluency: 90, grammar: 76 } });
    const [cert, ...others] = await certificatesOf(me.id);
    expect(others).toEqual([]);
    expect(cert!.certificateCode).toMatch(CERTIFICATE_CODE_PATTERN);
    expect(cert!.issuedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const twoYears = new Date(cert!.issuedAt);
    twoYears.setUTCFullYear(twoYears.getUTCFullYear() + certificateRule.validityYears);
    expect(cert!.validUntil).toEqual(twoYears);
    expect(cert!.verificationUrl).toBe(`${TEST_APP_URL}/verify/${cert!.certificateCode}`);
    expect(cert!.overallScore).toBe(80);
    // Per-skill averages over the five evaluations used, and the passed assessment scores.
    expect(cert!.skills).toEqual({ practice: { fluency: 80, pace: 90, grammar: 76 }, assessments: { grammar: 90, vocabulary: 75, reading: 82 } });
    const mails = await mailsTo(me.email, "certificate-issued");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(cert!.verificationUrl);
    expect(await t.prisma.$transaction((tx) => certificateRuleStatus(tx, me.id))).toEqual({ met: true, progress: 100, missing: [] });
    expect((await t.prisma.userProgress.findUniqueOrThrow({ where: { userId: me.id }, select: { certificateProgress: true } })).certificateProgress).toBe(100);

    // Same overall (80) again: nothing new. A lower one: nothing new.
    await write(t, me.id, { kind: "practice", sessionType: "CHAT", score: 80 });
    await write(t, me.id, { kind: "assessment", type: "grammar", score: 95, passed: true });
    expect(await certificatesOf(me.id)).toHaveLength(1);
    // Better: the last five are 80, 80, 80, 80, 100 → 84, above 80: a newer certificate; the older one stays valid.
    await write(t, me.id, { kind: "practice", sessionType: "CHAT", score: 100 });
    const all = await certificatesOf(me.id);
    expect(all.map((c) => c.overallScore)).toEqual([80, 84]);
    expect(all[1]!.certificateCode).not.toBe(all[0]!.certificateCode);
    expect((all[1]!.skills as { assessments: Record<string, number> }).assessments.grammar).toBe(95);
    expect(await mailsTo(me.email, "certificate-issued")).toHaveLength(2);
    const mine = await me.c.trpc.certificates.mine.query();
    expect(mine.items.map((c) => [c.code, c.status])).toEqual([
      [all[1]!.certificateCode, "valid"],
      [all[0]!.certificateCode, "valid"],
    ]);
  });

  it("an average of exactly 70 over the last five is enough; 69.8 is not, even with everything else done", async () => {
    const me = await user();
    for (const a of PASSED_ALL) await write(t, me.id, a);
    await write(t, me.id, { kind: "practice", sessionType: "CALL", score: 90 });
    for (let i = 0; i < 4; i++) await write(t, me.id, { kind: "practice", sessionType: "CHAT", score: 65 });
    // (90 + 4 × 65) / 5 = 70 exactly: met; (89 + 4 × 65) / 5 = 69.8: not met (shown rounded down).
    expect(await certificatesOf(me.id)).toHaveLength(1);
    const other = await user();
    for (const a of PASSED_ALL) await write(t, other.id, a);
    await write(t, other.id, { kind: "practice", sessionType: "CALL", score: 89 });
    for (let i = 0; i < 4; i++) await write(t, other.id, { kind: "practice", sessionType: "CHAT", score: 65 });
    expect(await certificatesOf(other.id)).toEqual([]);
    expect((await t.prisma.$transaction((tx) => certificateRuleStatus(tx, other.id))).missing).toEqual(["average of your last 5 sessions is 69; 70 needed"]);
  });

  it("verify, signed out: valid, expired and revoked certificates with the holder's name only; unknown and malformed codes are NOT_FOUND alike; the code's case and spacing do not matter", async () => {
    const holder = await user();
    const valid = await seeded(holder.id);
    const expired = await seeded(holder.id, { validUntil: new Date("2025-01-01T00:00:00Z") });
    const revoked = await seeded(holder.id, { revokedAt: new Date("2026-02-01T00:00:00Z") });
    const anon = app.client();
    const v = await anon.trpc.certificates.verify.query({ code: valid });
    expect(v).toEqual({
      code: valid,
      status: "valid",
      holderName: expect.stringMatching(/^Ada TRAINEE/),
      issuedAt: new Date("2026-01-10T10:00:00Z"),
      validUntil: new Date("2099-01-10T10:00:00Z"),
      skills: { practice: { fluency: 81 }, assessments: { grammar: 90, vocabulary: 75, reading: 82 } },
      overallScore: 78.4,
      revokedAt: null,
    });
    expect((await anon.trpc.certificates.verify.query({ code: expired })).status).toBe("expired");
    expect((await anon.trpc.certificates.verify.query({ code: revoked })).status).toBe("revoked");
    expect((await anon.trpc.certificates.verify.query({ code: `  ${valid.toLowerCase().replace(/-/g, " ")} ` })).code).toBe(valid);

    const unknown = await trpcError(anon.trpc.certificates.verify.query({ code: "HXP-2345-6789-ABCD" }));
    const malformed = await trpcError(anon.trpc.certificates.verify.query({ code: "not a code at all" }));
    const injected = await trpcError(anon.trpc.certificates.verify.query({ code: "HXP-%%%%-' OR 1=1" }));
    for (const e of [unknown, malformed, injected]) {
      expect(e.data?.code).toBe("NOT_FOUND");
      expect(e.message).toBe(unknown.message);
    }
    // The raw HTTP bodies never hold the holder's email or user id.
    const raw = await anon.fetch(`/api/trpc/certificates.verify?input=${encodeURIComponent(JSON.stringify({ json: { code: valid } }))}`);
    expect(raw.status).toBe(200);
    const body = await raw.text();
    expect(body).toContain(valid);
    for (const b of [...anon.bodies, body]) {
      expect(b).not.toContain(holder.email);
      expect(b).not.toContain(holder.id);
      expect(b).not.toMatch(/@example\.com/);
    }
  });

  it("revoke: a level-2 admin revokes (status revoked everywhere, audited with the code and reason, the holder mailed); level 1 is refused; twice is a conflict; unknown is NOT_FOUND", async () => {
    const holder = await user();
    const code = await seeded(holder.id);
    const admin1 = await user("ADMIN", 1);
    expect((await trpcError(admin1.c.trpc.admin.certificates.revoke.mutate({ code, reason: "Shared account" }))).data?.code).toBe("FORBIDDEN");
    expect((await trpcError(holder.c.trpc.admin.certificates.revoke.mutate({ code, reason: "Shared account" }))).data?.code).toBe("FORBIDDEN");
    expect((await app.client().trpc.certificates.verify.query({ code })).status).toBe("valid");

    // The holder's PDF download (server/routes/certificates.ts) works until the certificate is revoked.
    const pdfUrl = `/api/certificates/${code}/certificate.pdf`;
    const before = await holder.c.fetch(pdfUrl);
    expect([before.status, before.headers.get("content-type")]).toEqual([200, "application/pdf"]);

    const admin2 = await user("ADMIN", 2);
    const bad = await trpcError(admin2.c.trpc.admin.certificates.revoke.mutate({ code, reason: " " }));
    expect(bad.data?.code).toBe("BAD_REQUEST");
    const r = await admin2.c.trpc.admin.certificates.revoke.mutate({ code: code.toLowerCase(), reason: "Results obtained with help" });
    expect(r).toMatchObject({ code, status: "revoked" });
    expect((await app.client().trpc.certificates.verify.query({ code })).status).toBe("revoked");
    const mine = await holder.c.trpc.certificates.mine.query();
    expect(mine.items).toEqual([expect.objectContaining({ code, status: "revoked", revocationReason: "Results obtained with help" })]);
    expect(await t.prisma.certificate.findUniqueOrThrow({ where: { certificateCode: code }, select: { revokedBy: true } })).toEqual({ revokedBy: admin2.id });
    const logs = await t.prisma.auditLog.findMany({ where: { action: "PERMISSION_REVOKED", targetUserId: holder.id }, select: { userId: true, details: true } });
    expect(logs).toEqual([{ userId: admin2.id, details: { certificateCode: code, reason: "Results obtained with help" } }]);
    const mails = await mailsTo(holder.email, "certificate-revoked");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain("Results obtained with help");
    expect(mails[0]!.subject).toContain(code);

    expect((await holder.c.fetch(pdfUrl)).status).toBe(410);

    const again = await trpcError(admin2.c.trpc.admin.certificates.revoke.mutate({ code, reason: "Again" }));
    expect([again.data?.code, again.data?.appCode]).toEqual(["CONFLICT", "ALREADY_REVOKED"]);
    expect((await trpcError(admin2.c.trpc.admin.certificates.revoke.mutate({ code: "HXP-2345-6789-ABCD", reason: "Nope" }))).data?.code).toBe("NOT_FOUND");
    expect(await t.prisma.auditLog.count({ where: { action: "PERMISSION_REVOKED", targetUserId: holder.id } })).toBe(1);
  });

  it("a revoked certificate is not reissued for the same results; a better result issues a new valid one", async () => {
    const me = await user();
    for (const a of PASSED_ALL) await write(t, me.id, a);
    await write(t, me.id, { kind: "practice", sessionType: "CALL", score: 75 });
    for (let i = 0; i < 4; i++) await write(t, me.id, { kind: "practice", sessionType: "CHAT", score: 75 });
    const [first] = await certificatesOf(me.id);
    const admin = await user("ADMIN", 2);
    await admin.c.trpc.admin.certificates.revoke.mutate({ code: first!.certificateCode, reason: "Checked by hand" });
    await write(t, me.id, { kind: "practice", sessionType: "CHAT", score: 75 });
    expect(await certificatesOf(me.id)).toHaveLength(1);
    await write(t, me.id, { kind: "practice", sessionType: "CHAT", score: 95 });
    const mine = await me.c.trpc.certificates.mine.query();
    expect(mine.items.map((c) => c.status)).toEqual(["valid", "revoked"]);
  });

  it("certificates.mine answers for the caller alone, and only for trainees", async () => {
    const a = await user();
    const b = await user();
    const code = await seeded(a.id);
    expect((await a.c.trpc.certificates.mine.query()).items.map((c) => c.code)).toEqual([code]);
    expect((await b.c.trpc.certificates.mine.query()).items).toEqual([]);
    const admin = await user("ADMIN", 3);
    expect((await trpcError(admin.c.trpc.certificates.mine.query())).data?.code).toBe("FORBIDDEN");
    expect((await trpcError(app.client().trpc.certificates.mine.query())).data?.code).toBe("UNAUTHORIZED");
  });

  it("rate-limits verify per IP address: past the limit TOO_MANY_REQUESTS with Retry-After; another address is not affected", async () => {
    const holder = await user();
    const code = await seeded(holder.id);
    const anon = app.client();
    for (let i = 0; i < RATE_RULES.certificateVerifyIp.limit; i++) {
      // Unknown codes count as much as known ones (guessing is what the limit is for).
      if (i % 2 === 0) expect((await anon.trpc.certificates.verify.query({ code })).status).toBe("valid");
      else expect((await trpcError(anon.trpc.certificates.verify.query({ code: "HXP-2345-6789-ABCD" }))).data?.code).toBe("NOT_FOUND");
    }
    const limited = await trpcError(anon.trpc.certificates.verify.query({ code }));
    expect([limited.data?.code, limited.data?.appCode]).toEqual(["TOO_MANY_REQUESTS", "RATE_LIMITED"]);
    const raw = await anon.fetch(`/api/trpc/certificates.verify?input=${encodeURIComponent(JSON.stringify({ json: { code } }))}`);
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await app.client().trpc.certificates.verify.query({ code })).status).toBe("valid");
  });
});

describeRealPostgres("certificates under concurrent completions", () => {
  const t = useTestDatabase("postgres");
  it("issues exactly one certificate (and one mail) when several activities complete the rule at once", async () => {
    const hash = await hashPassword(PASSWORD);
    for (let round = 0; round < 3; round++) {
      const email = `race-${uniq()}@example.com`;
      const u = await createUser(t.prisma, { email, passwordHash: hash, role: "TRAINEE", name: "Racer" });
      for (const a of PASSED_ALL) await write(t, u.id, a);
      await write(t, u.id, { kind: "practice", sessionType: "CALL", score: 80 });
      for (let i = 0; i < 3; i++) await write(t, u.id, { kind: "practice", sessionType: "CHAT", score: 80 });
      // Each of these completes the rule on its own; all commit, one certificate results.
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => write(t, u.id, { kind: "practice", sessionType: "CHAT", score: 80 })));
      expect(results.map((r) => r.status)).toEqual(Array(6).fill("fulfilled"));
      expect(await t.prisma.evaluation.count({ where: { userId: u.id } })).toBe(10);
      expect(await t.prisma.certificate.count({ where: { userId: u.id } })).toBe(1);
      expect(await t.prisma.mailOutbox.count({ where: { to: email, kind: "certificate-issued" } })).toBe(1);
    }
  });
});
