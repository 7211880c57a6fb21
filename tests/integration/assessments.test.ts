// Timed assessments over HTTP, on PGlite and a real PostgreSQL: scoring of every question kind
// (with the text normalisation) through the API on a shuffled attempt, no answer ever in a
// response before submission (raw bodies), the deadline enforced on the server (+ 30 s grace,
// then the job scores the saved answers), idempotent submit under parallel submits, maxAttempts
// with parallel starts, resume after a reload, ownership (NOT_FOUND), history, the starter items.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { closeExpiredAttempts } from "../../server/services/assessments/attempts.ts";
import { installLibrary, readLibrary } from "../../server/services/content/library.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import type { AssessmentData, ContentInput, Question, TraineeQuestion } from "../../shared/schemas/content.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { startTestApp, trpcError, TEST_APP_URL, type TestApp } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;

const QUESTIONS: Question[] = [
  { id: "q-single", kind: "single", prompt: "Pick the past tense of send.", options: ["sended", "sent", "sending", "sends"], answer: 1, explanation: "EXPLAIN-single-zq" },
  { id: "q-multi", kind: "multiple", prompt: "Which are polite openers?", options: ["Could you", "Give me", "Would you mind", "Now!"], answers: [0, 2], points: 2, explanation: "EXPLAIN-multi-zq" },
  { id: "q-tf", kind: "true_false", prompt: "\"Informations\" is correct English.", answer: false, explanation: "EXPLAIN-tf-zq" },
  { id: "q-text", kind: "text", prompt: "Complete: I look forward ___ hearing from you.", acceptedAnswers: ["to"], explanation: "EXPLAIN-text-zq" },
  { id: "q-text2", kind: "text", prompt: "Write the sentence: the report was sent.", acceptedAnswers: ["The report was sent"], explanation: "EXPLAIN-text2-zq" },
  { id: "q-case", kind: "text", prompt: "The abbreviation for as soon as possible, in capitals.", acceptedAnswers: ["ASAP"], caseSensitive: true, explanation: "EXPLAIN-case-zq" },
  { id: "q-order", kind: "order", prompt: "Order the email parts.", items: ["Greeting", "Purpose", "Details", "Closing"], explanation: "EXPLAIN-order-zq" },
];

function assessmentItem(over: Partial<AssessmentData> = {}): Extract<ContentInput, { type: "ASSESSMENT" }> {
  return {
    type: "ASSESSMENT",
    title: `Test assessment ${uniq()}`,
    description: "Every question kind.",
    category: "general",
    difficulty: "intermediate",
    data: {
      assessmentType: "grammar",
      timeLimitSeconds: 600,
      passingScore: 60,
      maxAttempts: null,
      shuffleQuestions: true,
      sections: [
        { title: "Part A", passage: "A short passage to read.", questions: QUESTIONS.slice(0, 4) },
        { title: "Part B", listeningScript: "Please send the report by Friday.", questions: QUESTIONS.slice(4) },
      ],
      ...over,
    },
  };
}

const byId = new Map(QUESTIONS.map((q) => [q.id, q]));
type Shown = TraineeQuestion;
/** The answer a trainee would give to the shown question `s`, right or wrong, in the attempt's terms. */
function answerFor(s: Shown, right: boolean): unknown {
  const q = byId.get(s.id)!;
  if (q.kind === "single") {
    const want = q.options[q.answer]!;
    const opts = (s as { options: string[] }).options;
    return right ? opts.indexOf(want) : opts.findIndex((o) => o !== want);
  }
  if (q.kind === "multiple") {
    const opts = (s as { options: string[] }).options;
    const idx = q.answers.map((a) => opts.indexOf(q.options[a]!));
    return right ? idx.reverse() : idx.slice(0, 1);
  }
  if (q.kind === "true_false") return right ? q.answer : !q.answer;
  if (q.kind === "text") {
    if (q.id === "q-text") return right ? "  To.  " : "for";
    if (q.id === "q-text2") return right ? "the   REPORT was sent!" : "the report sent";
    return right ? "ASAP" : "asap";
  }
  return right ? [...q.items] : [...q.items].reverse();
}

const ANSWER_KEYS = /"(answer|answers|acceptedAnswers|explanation|correctAnswer|caseSensitive)"\s*:/;

describeEachDatabase("assessments", (t) => {
  let app: TestApp;
  let hash: string;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
    await installLibrary(t.prisma);
  });
  afterAll(() => app?.close());

  async function signedIn(role: "TRAINEE" | "INSTRUCTOR" = "TRAINEE") {
    const email = `${role.toLowerCase()}-${uniq()}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role, name: `${role} ${seq}` });
    if (role === "INSTRUCTOR") await t.prisma.instructorProfile.update({ where: { userId: u.id }, data: { isVerified: true } });
    const c = app.client();
    await c.signIn(email, PASSWORD);
    return { id: u.id, c };
  }

  async function published(over: Partial<AssessmentData> = {}) {
    const ins = await signedIn("INSTRUCTOR");
    const { id } = await ins.c.trpc.content.create.mutate(assessmentItem(over));
    await ins.c.trpc.content.publish.mutate({ id });
    return id;
  }

  const shownQuestions = (sections: { questions: Shown[] }[]) => sections.flatMap((s) => s.questions);
  const answersOf = (sections: { questions: Shown[] }[], right: (id: string) => boolean) =>
    Object.fromEntries(shownQuestions(sections).map((s) => [s.id, answerFor(s, right(s.id))])) as Record<string, never>;

  it("offers an open attempt as 'continue where you left off' on the dashboard until it is submitted", async () => {
    const contentId = await published();
    const me = await signedIn();
    expect((await me.c.trpc.progress.get.query()).continue).toBeNull();
    const a = await me.c.trpc.assessments.start.mutate({ contentId });
    expect((await me.c.trpc.progress.get.query()).continue).toMatchObject({ kind: "assessment", id: a.attemptId });
    const r = await me.c.trpc.assessments.submit.mutate({ attemptId: a.attemptId, answers: {} });
    const after = await me.c.trpc.progress.get.query();
    expect(after.continue).toBeNull();
    expect(after.recent[0]).toMatchObject({ kind: "assessment", id: r.assessmentId });
  });

  it("scores every question kind on the server, with the text normalisation, and answers only after submission", async () => {
    const contentId = await published();
    const me = await signedIn();
    const a = await me.c.trpc.assessments.start.mutate({ contentId });
    expect(a.resumed).toBe(false);
    expect(a.deadline!.getTime() - a.startedAt.getTime()).toBe(600_000);
    expect(a.sections.map((s) => s.title)).toEqual(["Part A", "Part B"]);
    expect(a.sections[0]!.passage).toBe("A short passage to read.");
    expect(a.sections[1]!.listeningScript).toBe("Please send the report by Friday.");
    const shown = shownQuestions(a.sections);
    expect(shown.map((q) => q.id).sort()).toEqual(QUESTIONS.map((q) => q.id).sort());
    const order = shown.find((q) => q.id === "q-order") as { items: string[] };
    expect(order.items).not.toEqual(["Greeting", "Purpose", "Details", "Closing"]);

    // all right (text answers need trimming, collapsing, dropping punctuation, case)
    const right = answersOf(a.sections, () => true);
    await me.c.trpc.assessments.save.mutate({ attemptId: a.attemptId, answers: right });
    for (const body of me.c.bodies) {
      expect(body).not.toMatch(ANSWER_KEYS);
      expect(body).not.toMatch(/EXPLAIN-|"to"|The report was sent/);
    }
    const r = await me.c.trpc.assessments.submit.mutate({ attemptId: a.attemptId, answers: right });
    expect(r).toMatchObject({ score: 100, correctAnswers: 7, totalQuestions: 7, passed: true });
    expect(r.timeTaken).toBeGreaterThanOrEqual(0);
    expect(r.review.every((q) => q.correct)).toBe(true);
    const multi = r.review.find((q) => q.id === "q-multi")!;
    expect((multi.correctAnswer as number[]).map((i) => multi.options![i])).toEqual(expect.arrayContaining(["Could you", "Would you mind"]));
    expect(r.review.find((q) => q.id === "q-single")!.explanation).toBe("EXPLAIN-single-zq");
    expect(r.review.find((q) => q.id === "q-text")!.answer).toBe("  To.  ");

    const row = await t.prisma.assessment.findUniqueOrThrow({ where: { id: r.assessmentId }, select: { type: true, contentId: true, contentVersion: true, passed: true, score: true, userId: true } });
    expect(row).toEqual({ type: "grammar", contentId, contentVersion: 1, passed: true, score: 100, userId: me.id });
    // the activity was recorded in the same transaction (the progress row exists)
    expect(await t.prisma.userProgress.count({ where: { userId: me.id } })).toBe(1);

    // a second attempt, all wrong except single and the case-sensitive text given wrong: 0
    const b = await me.c.trpc.assessments.start.mutate({ contentId });
    expect(b.attemptId).not.toBe(a.attemptId);
    const wrong = await me.c.trpc.assessments.submit.mutate({ attemptId: b.attemptId, answers: answersOf(b.sections, () => false) });
    expect(wrong).toMatchObject({ score: 0, correctAnswers: 0, passed: false });
    expect(wrong.review.find((q) => q.id === "q-case")).toMatchObject({ correct: false, answer: "asap", correctAnswer: "ASAP" });

    // a third: single + multiple (2 points) + text2 right → 4 of 8 points = 50 %, below 60
    const c = await me.c.trpc.assessments.start.mutate({ contentId });
    const some = await me.c.trpc.assessments.submit.mutate({ attemptId: c.attemptId, answers: answersOf(c.sections, (id) => ["q-single", "q-multi", "q-text2"].includes(id)) });
    expect(some).toMatchObject({ score: 50, correctAnswers: 3, passed: false });
    // a partial multiple answer earns nothing; an out-of-range option is just wrong
    const d = await me.c.trpc.assessments.start.mutate({ contentId });
    const part = await me.c.trpc.assessments.submit.mutate({ attemptId: d.attemptId, answers: { "q-multi": answerFor(shownQuestions(d.sections).find((q) => q.id === "q-multi")!, false) as never, "q-single": 42 } });
    expect(part).toMatchObject({ score: 0, correctAnswers: 0 });
  });

  it("keeps an attempt's order and saved answers across a reload (start again resumes)", async () => {
    const contentId = await published();
    const me = await signedIn();
    const a = await me.c.trpc.assessments.start.mutate({ contentId });
    const partial = { [shownQuestions(a.sections)[0]!.id]: answerFor(shownQuestions(a.sections)[0]!, true) } as Record<string, never>;
    await me.c.trpc.assessments.save.mutate({ attemptId: a.attemptId, answers: { ...partial, "not-a-question": "x" } });
    const again = await me.c.trpc.assessments.start.mutate({ contentId });
    expect(again).toMatchObject({ attemptId: a.attemptId, resumed: true, savedAnswers: partial });
    expect(again.sections).toEqual(a.sections);
    expect(again.startedAt).toEqual(a.startedAt);
    const got = await me.c.trpc.assessments.attempt.query({ attemptId: a.attemptId });
    expect(got.sections).toEqual(a.sections);
    expect(got.savedAnswers).toEqual(partial);
    expect(got.assessmentId).toBeNull();
  });

  it("enforces the deadline on the server: grace, then refused, and the job scores the saved answers", async () => {
    const contentId = await published({ timeLimitSeconds: 60 });
    const me = await signedIn();
    // within the 30 s grace: accepted
    const g = await me.c.trpc.assessments.start.mutate({ contentId });
    await t.prisma.assessmentAttempt.update({ where: { id: g.attemptId }, data: { startedAt: new Date(Date.now() - 80_000), deadline: new Date(Date.now() - 20_000) } });
    const inGrace = await me.c.trpc.assessments.submit.mutate({ attemptId: g.attemptId, answers: answersOf(g.sections, () => true) });
    expect(inGrace).toMatchObject({ score: 100, timeTaken: 60 });

    const a = await me.c.trpc.assessments.start.mutate({ contentId });
    const right = answersOf(a.sections, () => true);
    const saved = Object.fromEntries(["q-single", "q-tf"].map((id) => [id, right[id]])) as Record<string, never>;
    await me.c.trpc.assessments.save.mutate({ attemptId: a.attemptId, answers: saved });
    await t.prisma.assessmentAttempt.update({ where: { id: a.attemptId }, data: { startedAt: new Date(Date.now() - 100_000), deadline: new Date(Date.now() - 40_000) } });
    const late = await trpcError(me.c.trpc.assessments.submit.mutate({ attemptId: a.attemptId, answers: right }));
    expect([late.data?.code, late.data?.appCode]).toEqual(["CONFLICT", "ATTEMPT_CLOSED"]);
    expect((await trpcError(me.c.trpc.assessments.save.mutate({ attemptId: a.attemptId, answers: right }))).data?.appCode).toBe("ATTEMPT_CLOSED");
    expect(await t.prisma.assessment.count({ where: { userId: me.id, contentId } })).toBe(1);

    const job = await closeExpiredAttempts(t.prisma, { appUrl: TEST_APP_URL });
    expect(job.closed).toBeGreaterThanOrEqual(1);
    const closed = await t.prisma.assessmentAttempt.findUniqueOrThrow({ where: { id: a.attemptId }, select: { assessmentId: true } });
    expect(closed.assessmentId).not.toBeNull();
    const r = await me.c.trpc.assessments.get.query({ assessmentId: closed.assessmentId! });
    // single (1) + true/false (1) of 8 points
    expect(r).toMatchObject({ score: 25, correctAnswers: 2, totalQuestions: 7, timeTaken: 60, passed: false });
    expect(r.review.filter((q) => q.correct).map((q) => q.id).sort()).toEqual(["q-single", "q-tf"]);
    // running the job again changes nothing; a late submit now returns the closed result
    await closeExpiredAttempts(t.prisma, { appUrl: TEST_APP_URL });
    expect(await t.prisma.assessment.count({ where: { userId: me.id, contentId } })).toBe(2);
    expect((await me.c.trpc.assessments.submit.mutate({ attemptId: a.attemptId, answers: right })).assessmentId).toBe(r.assessmentId);
  });

  it("writes one Assessment row under two parallel submits, and both get the same result", async () => {
    const contentId = await published();
    const me = await signedIn();
    const a = await me.c.trpc.assessments.start.mutate({ contentId });
    const answers = answersOf(a.sections, (id) => id !== "q-order");
    const [x, y] = await Promise.all([
      me.c.trpc.assessments.submit.mutate({ attemptId: a.attemptId, answers }),
      me.c.trpc.assessments.submit.mutate({ attemptId: a.attemptId, answers }),
    ]);
    expect(x).toEqual(y);
    expect(x.score).toBe(87.5);
    const third = await me.c.trpc.assessments.submit.mutate({ attemptId: a.attemptId, answers: answersOf(a.sections, () => false) });
    expect(third).toEqual(x);
    expect(await t.prisma.assessment.count({ where: { userId: me.id, contentId } })).toBe(1);
  });

  it("refuses a start past maxAttempts, also when two starts race at the limit", async () => {
    const contentId = await published({ maxAttempts: 2 });
    const me = await signedIn();
    const first = await me.c.trpc.assessments.start.mutate({ contentId });
    await me.c.trpc.assessments.submit.mutate({ attemptId: first.attemptId, answers: {} });
    const [p, q] = await Promise.all([me.c.trpc.assessments.start.mutate({ contentId }), me.c.trpc.assessments.start.mutate({ contentId })]);
    expect(p.attemptId).toBe(q.attemptId);
    expect([p.resumed, q.resumed].sort()).toEqual([false, true]);
    expect(await t.prisma.assessmentAttempt.count({ where: { userId: me.id, contentId } })).toBe(2);
    await me.c.trpc.assessments.submit.mutate({ attemptId: p.attemptId, answers: {} });
    const results = await Promise.allSettled([me.c.trpc.assessments.start.mutate({ contentId }), me.c.trpc.assessments.start.mutate({ contentId })]);
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect((r as PromiseRejectedResult).reason.data?.appCode).toBe("NO_ATTEMPTS_LEFT");
    }
    expect(await t.prisma.assessmentAttempt.count({ where: { userId: me.id, contentId } })).toBe(2);
  });

  it("answers NOT_FOUND for another trainee's attempt and result, and lists only the caller's history", async () => {
    const contentId = await published({ assessmentType: "vocabulary" });
    const me = await signedIn();
    const other = await signedIn();
    const a = await me.c.trpc.assessments.start.mutate({ contentId });
    const code = async (p: Promise<unknown>) => (await trpcError(p)).data?.code;
    expect(await code(other.c.trpc.assessments.attempt.query({ attemptId: a.attemptId }))).toBe("NOT_FOUND");
    expect(await code(other.c.trpc.assessments.save.mutate({ attemptId: a.attemptId, answers: {} }))).toBe("NOT_FOUND");
    expect(await code(other.c.trpc.assessments.submit.mutate({ attemptId: a.attemptId, answers: {} }))).toBe("NOT_FOUND");
    const r = await me.c.trpc.assessments.submit.mutate({ attemptId: a.attemptId, answers: {} });
    expect(await code(other.c.trpc.assessments.get.query({ assessmentId: r.assessmentId }))).toBe("NOT_FOUND");
    expect((await other.c.trpc.assessments.history.query({})).items).toEqual([]);
    const mine = await me.c.trpc.assessments.history.query({});
    expect(mine.items.map((i) => [i.id, i.type, i.title?.startsWith("Test assessment")])).toEqual([[r.assessmentId, "vocabulary", true]]);
    expect((await me.c.trpc.assessments.history.query({ type: "grammar" })).items).toEqual([]);
    // an unpublished or non-assessment item cannot be started
    const ins = await signedIn("INSTRUCTOR");
    const { id: draft } = await ins.c.trpc.content.create.mutate(assessmentItem());
    expect((await trpcError(me.c.trpc.assessments.start.mutate({ contentId: draft }))).data?.appCode).toBe("CONTENT_NOT_FOUND");
  });

  it("pages the history with a keyset cursor (ties on completed_at included)", async () => {
    const me = await signedIn();
    const base = Date.now() - 3_600_000;
    const ids: string[] = [];
    for (let i = 0; i < 22; i++) {
      const row = await t.prisma.assessment.create({
        data: { userId: me.id, type: i % 2 ? "grammar" : "reading", score: i, totalQuestions: 10, correctAnswers: 1, timeTaken: 60, completedAt: new Date(base + Math.floor(i / 3) * 1000) },
        select: { id: true },
      });
      ids.push(row.id);
    }
    const one = await me.c.trpc.assessments.history.query({});
    expect(one.items).toHaveLength(20);
    const two = await me.c.trpc.assessments.history.query({ cursor: one.nextCursor! });
    expect(two.nextCursor).toBeNull();
    const all = [...one.items, ...two.items];
    expect(all.map((i) => i.id).sort()).toEqual([...ids].sort());
    expect(all.map((i) => i.completedAt.getTime())).toEqual(all.map((i) => i.completedAt.getTime()).sort((a, b) => b - a));
    expect((await me.c.trpc.assessments.history.query({ type: "reading" })).items).toHaveLength(11);
    expect((await trpcError(me.c.trpc.assessments.history.query({ cursor: "not-a-cursor" }))).data?.appCode).toBe("BAD_CURSOR");
  });

  it("rate-limits starts per trainee", async () => {
    const contentId = await published();
    const me = await signedIn();
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 21; i++) {
      const r = await me.c.trpc.assessments.start.mutate({ contentId }).then(
        () => "ok",
        (e: { data?: { appCode?: string } }) => e.data?.appCode,
      );
      codes.push(r);
    }
    expect(codes.slice(0, 20).every((c) => c === "ok")).toBe(true);
    expect(codes[20]).toBe("RATE_LIMITED");
  });

  describe("starter library", () => {
    it("every starter assessment starts, shows no answers, and scores 100 with its own answers", async () => {
      const me = await signedIn();
      const files = readLibrary().filter((f) => f.item.type === "ASSESSMENT");
      expect(files.length).toBeGreaterThanOrEqual(4);
      for (const f of files) {
        const c = await t.prisma.content.findFirstOrThrow({ where: { libraryKey: f.key }, select: { id: true } });
        const data = f.item.data as AssessmentData;
        const a = await me.c.trpc.assessments.start.mutate({ contentId: c.id });
        expect(me.c.bodies.at(-1)).not.toMatch(ANSWER_KEYS);
        const qs = new Map(data.sections.flatMap((s) => s.questions.map((q) => [q.id, q])));
        const answers: Record<string, unknown> = {};
        for (const s of shownQuestions(a.sections)) {
          const q = qs.get(s.id)!;
          const opts = (s as { options?: string[] }).options ?? [];
          answers[s.id] =
            q.kind === "single" ? opts.indexOf(q.options[q.answer]!) : q.kind === "multiple" ? q.answers.map((i) => opts.indexOf(q.options[i]!)) : q.kind === "true_false" ? q.answer : q.kind === "text" ? q.acceptedAnswers[0] : q.items;
        }
        const r = await me.c.trpc.assessments.submit.mutate({ attemptId: a.attemptId, answers: answers as Record<string, never> });
        expect([f.key, r.score, r.passed, r.type]).toEqual([f.key, 100, true, data.assessmentType]);
      }
    });
  });
});

