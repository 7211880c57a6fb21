// catalog.complete over HTTP, on PGlite and a real PostgreSQL: lesson quizzes and exercises are
// scored on the server (rewrite checks say which check failed), a completion is written (then
// rating is allowed), answers appear only in the submission's answer (never in catalog.get),
// and content.stats shows the item analysis.
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { scoreExercise } from "../../server/services/content/exercise.ts";
import { readLibrary } from "../../server/services/content/library.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import type { ContentInput, ExerciseData, LessonData } from "../../shared/schemas/content.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { startTestApp, trpcError, type TestApp } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;

const quiz: LessonData["quiz"] = [
  { id: "q-single", kind: "single", prompt: "Pick B", options: ["A", "B", "C"], answer: 1, explanation: "B is the second letter." },
  { id: "q-multi", kind: "multiple", prompt: "Pick A and C", options: ["A", "B", "C"], answers: [0, 2], points: 2 },
  { id: "q-tf", kind: "true_false", prompt: "The sky is green", answer: false },
  { id: "q-text", kind: "text", prompt: "Capital of France?", acceptedAnswers: ["Paris"] },
  { id: "q-order", kind: "order", prompt: "Order them", items: ["first", "second", "third"], explanation: "Counting." },
];
const lesson: ContentInput = {
  type: "LESSON",
  title: "A lesson with a quiz",
  category: "general",
  difficulty: "beginner",
  data: { body: "# Read me\n\nSome text.", estimatedMinutes: 5, objectives: ["Know things"], quiz },
};
const plainLesson: ContentInput = { ...lesson, title: "A lesson to read", data: { body: "Just read.", estimatedMinutes: 2, objectives: [] } };
const exerciseData: ExerciseData = {
  instructions: "Do the items.",
  items: [
    { id: "f1", kind: "fill", prompt: "I look forward ___ hearing from you.", acceptedAnswers: ["to"], explanation: "Look forward to + -ing." },
    {
      id: "r1",
      kind: "rewrite",
      prompt: "Rewrite: Due to the fact that the system was down, we could not process the orders.",
      mustInclude: ["because"],
      avoid: ["due to the fact that"],
      maxWords: 12,
      hint: "One word replaces four.",
      explanation: "Because the system was down, we couldn't process the orders.",
    },
  ],
};
const exercise: ContentInput = { type: "EXERCISE", title: "An exercise", category: "writing", difficulty: "intermediate", data: exerciseData };

describeEachDatabase("content completion", (t) => {
  let app: TestApp;
  let hash: string;
  let lessonId: string;
  let plainId: string;
  let exerciseId: string;
  let ins: Awaited<ReturnType<typeof signedIn>>;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
    ins = await signedIn("INSTRUCTOR", { verified: true });
    lessonId = (await ins.c.trpc.content.create.mutate(lesson)).id;
    plainId = (await ins.c.trpc.content.create.mutate(plainLesson)).id;
    exerciseId = (await ins.c.trpc.content.create.mutate(exercise)).id;
    for (const id of [lessonId, plainId, exerciseId]) await ins.c.trpc.content.publish.mutate({ id });
  });
  afterAll(() => app?.close());

  async function signedIn(role: "TRAINEE" | "INSTRUCTOR", opts: { verified?: boolean } = {}) {
    const email = `${role.toLowerCase()}-${uniq()}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role, name: `${role} ${seq}` });
    if (role === "INSTRUCTOR" && opts.verified) await t.prisma.instructorProfile.update({ where: { userId: u.id }, data: { isVerified: true } });
    const c = app.client();
    await c.signIn(email, PASSWORD);
    return { id: u.id, email, c };
  }

  it("never sends a lesson quiz's answers or explanations in catalog.get (raw HTTP body)", async () => {
    const trainee = await signedIn("TRAINEE");
    const res = await trainee.c.fetch(`/api/trpc/catalog.get?input=${encodeURIComponent(JSON.stringify({ json: { id: lessonId } }))}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain("q-order");
    expect(body).not.toMatch(/"answers?"|"acceptedAnswers"|"explanation"|Paris|B is the second letter/);
    // The order question's items are not sent in the right order.
    expect(body).not.toContain('["first","second","third"]');
  });

  it("scores a lesson quiz on the server, reveals answers only then, records the completion, then allows rating", async () => {
    const trainee = await signedIn("TRAINEE");
    expect((await trpcError(trainee.c.trpc.content.rate.mutate({ id: lessonId, stars: 4 }))).data?.appCode).toBe("NOT_COMPLETED");
    const r = await trainee.c.trpc.catalog.complete.mutate({
      id: lessonId,
      answers: { "q-single": 1, "q-multi": [2, 0], "q-tf": true, "q-text": "  paris. ", "q-order": ["first", "third", "second"] },
    });
    // Points: single 1 + multiple 2 + text 1 of 6 possible.
    expect(r.score).toBe(66.67);
    expect(r.items.map((i) => [i.id, i.correct])).toEqual([
      ["q-single", true],
      ["q-multi", true],
      ["q-tf", false],
      ["q-text", true],
      ["q-order", false],
    ]);
    expect(r.items[0]).toMatchObject({ correctAnswer: "B", explanation: "B is the second letter." });
    expect(r.items[1]!.correctAnswer).toEqual(["A", "C"]);
    expect(r.items[2]!.correctAnswer).toBe("False");
    expect(r.items[4]).toMatchObject({ correctAnswer: ["first", "second", "third"], explanation: "Counting." });
    const row = await t.prisma.contentCompletion.findFirstOrThrow({ where: { contentId: lessonId, userId: trainee.id }, select: { score: true, contentVersion: true, details: true } });
    expect(row).toEqual({ score: 66.67, contentVersion: 1, details: { questions: { "q-single": true, "q-multi": true, "q-tf": false, "q-text": true, "q-order": false } } });
    expect(await trainee.c.trpc.content.rate.mutate({ id: lessonId, stars: 4, comment: "Clear" })).toMatchObject({ stars: 4, ratingCount: 1 });
    const item = await trainee.c.trpc.catalog.get.query({ id: lessonId });
    expect(item.completedCount).toBe(1);
    expect(item.myRating).toEqual({ stars: 4, comment: "Clear" });
  });

  it("marks a lesson without a quiz as read (score null); a quiz lesson needs answers", async () => {
    const trainee = await signedIn("TRAINEE");
    expect(await trainee.c.trpc.catalog.complete.mutate({ id: plainId })).toMatchObject({ score: null, items: [] });
    expect(await t.prisma.contentCompletion.findFirst({ where: { contentId: plainId, userId: trainee.id }, select: { score: true, details: true } })).toEqual({ score: null, details: { read: true } });
    const e = await trpcError(trainee.c.trpc.catalog.complete.mutate({ id: lessonId }));
    expect(e.data?.code).toBe("BAD_REQUEST");
    expect(e.data?.appCode).toBe("ANSWERS_REQUIRED");
    const e2 = await trpcError(trainee.c.trpc.catalog.complete.mutate({ id: lessonId, answers: { "q-nope": 1 } }));
    expect(e2.data?.code).toBe("BAD_REQUEST");
    expect(e2.data?.fieldErrors).toHaveProperty(["answers.q-nope"]);
    // a blank submission (nothing answered) is refused for a quiz and an exercise alike: no completion, no points
    for (const [id, answers] of [[lessonId, { "q-single": null, "q-text": "   ", "q-multi": [] }], [exerciseId, {}], [exerciseId, { f1: "", r1: "  " }]] as const) {
      const blank = await trpcError(trainee.c.trpc.catalog.complete.mutate({ id, answers: answers as Record<string, never> }));
      expect(blank.data?.appCode).toBe("ANSWERS_REQUIRED");
      expect(blank.data?.fieldErrors).toHaveProperty(["answers"]);
    }
    expect(await t.prisma.contentCompletion.count({ where: { userId: trainee.id, contentId: { in: [lessonId, exerciseId] } } })).toBe(0);
    // only the plain lesson read above earned points
    expect((await t.prisma.userProgress.findUniqueOrThrow({ where: { userId: trainee.id }, select: { points: true } })).points).toBe(5);
  });

  it("scores an exercise: fill like a text question, rewrite by its checks, telling which check failed and why", async () => {
    const trainee = await signedIn("TRAINEE");
    const bad = await trainee.c.trpc.catalog.complete.mutate({
      id: exerciseId,
      answers: { f1: "for", r1: "Due to the fact that our big ordering system was completely down we really could not process any of the orders" },
    });
    expect(bad.score).toBe(0);
    expect(bad.items[0]).toMatchObject({ id: "f1", correct: false, correctAnswer: "to", explanation: "Look forward to + -ing." });
    const r1 = bad.items[1]!;
    expect(r1.correct).toBe(false);
    expect(r1.feedback.map((f) => [f.check, f.passed])).toEqual([
      ["mustInclude", false],
      ["avoid", false],
      ["maxWords", false],
      // The evaluation engine's clarity measure (the default rewrite check) flags the wordy phrase too.
      ["clarity", false],
    ]);
    expect(r1.feedback.slice(0, 3).map((f) => f.message)).toEqual(["Use “because” in your answer.", "Leave out “due to the fact that”.", "21 words: cut it to 12 or fewer."]);
    expect(r1.feedback[3]!.message.toLowerCase()).toContain("due to the fact that");
    expect(r1.explanation).toBe("Because the system was down, we couldn't process the orders.");

    const good = await trainee.c.trpc.catalog.complete.mutate({ id: exerciseId, answers: { f1: "To", r1: "Because the system was DOWN, we couldn't process the orders." } });
    expect(good.score).toBe(100);
    expect(good.items.every((i) => i.correct)).toBe(true);
    const rows = await t.prisma.contentCompletion.findMany({ where: { contentId: exerciseId, userId: trainee.id }, orderBy: { completedAt: "asc" }, select: { score: true, details: true } });
    expect(rows).toEqual([
      { score: 0, details: { items: { f1: false, r1: false } } },
      { score: 100, details: { items: { f1: true, r1: true } } },
    ]);
    // Item analysis for the instructor: each item right in one of two attempts.
    const stats = await ins.c.trpc.content.stats.query({ id: exerciseId });
    expect(stats.questions).toEqual([
      { id: "f1", prompt: exerciseData.items[0]!.prompt, attempts: 2, correctShare: 0.5 },
      { id: "r1", prompt: exerciseData.items[1]!.prompt, attempts: 2, correctShare: 0.5 },
    ]);
    expect(stats.scoreDistribution.find((b) => b.range === "0–19")!.count).toBeGreaterThanOrEqual(1);
  });

  it("refuses what cannot be completed here: scenarios, drafts, bad answer shapes; never a 500", async () => {
    const trainee = await signedIn("TRAINEE");
    const scenario = await ins.c.trpc.content.create.mutate(readLibrary().find((f) => f.item.type === "CHAT_SCENARIO")!.item);
    await ins.c.trpc.content.publish.mutate({ id: scenario.id });
    expect((await trpcError(trainee.c.trpc.catalog.complete.mutate({ id: scenario.id, answers: {} }))).data?.appCode).toBe("NOT_COMPLETABLE");
    const draft = await ins.c.trpc.content.create.mutate(exercise);
    expect((await trpcError(trainee.c.trpc.catalog.complete.mutate({ id: draft.id, answers: { f1: "to" } }))).data?.code).toBe("NOT_FOUND");
    const res = await trainee.c.fetch("/api/trpc/catalog.complete", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { id: exerciseId, answers: { f1: { $gt: 1 } } } }),
    });
    expect(res.status).toBe(400);
    const e = await trpcError(trainee.c.trpc.catalog.complete.mutate({ id: exerciseId, answers: { f1: "x".repeat(6000) } }));
    expect(e.data?.code).toBe("BAD_REQUEST");
    // An instructor cannot complete (trainees only).
    expect((await trpcError(ins.c.trpc.catalog.complete.mutate({ id: exerciseId, answers: {} }))).data?.code).toBe("FORBIDDEN");
  });

  it("limits submissions per trainee", async () => {
    const trainee = await signedIn("TRAINEE");
    for (let i = 0; i < 30; i++) await trainee.c.trpc.catalog.complete.mutate({ id: plainId });
    const e = await trpcError(trainee.c.trpc.catalog.complete.mutate({ id: plainId }));
    expect(e.data?.code).toBe("TOO_MANY_REQUESTS");
  });
});

it("lets the lead plug an extra async rewrite check in (e.g. the evaluation engine's grammar)", async () => {
  const grammar = async (text: string) => (/\bwe was\b/i.test(text) ? [{ check: "grammar", passed: false, message: "“we was” should be “we were”." }] : []);
  const r = await scoreExercise(exerciseData, { f1: "to", r1: "Because the system was down we was not able to process orders." }, [grammar]);
  expect(r.items[1]!.correct).toBe(false);
  expect(r.items[1]!.feedback.at(-1)).toEqual({ check: "grammar", passed: false, message: "“we was” should be “we were”." });
  expect(r.score).toBe(50);
});
