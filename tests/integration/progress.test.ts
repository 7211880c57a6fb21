// Progress (issue 10), on PGlite and a real PostgreSQL: points, level and modules after a real
// chat practice and lesson completions over HTTP; streaks in the trainee's own timezone across
// DST changes (fixed clocks); concurrent activities for one trainee keep the counts exact; a
// property test that recording activities one by one equals recomputing from the rows; the
// shape of progress.get and its access.
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { installLibrary } from "../../server/services/content/library.ts";
import { recomputeProgress, recordActivity, type Activity } from "../../server/services/progress/activity.ts";
import { getProgress } from "../../server/services/progress/dashboard.ts";
import { decodeBadges, LEVELS } from "../../server/services/progress/rules.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import type { ContentInput } from "../../shared/schemas/content.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { startTestApp, trpcError, TEST_APP_URL, type TestApp } from "../helpers/app.ts";
import { warmUp } from "../../server/services/evaluation/index.ts";

const PASSWORD = "correct horse battery staple";
let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;
const SCRIPT = [
  "Um, well, I worked in customer support for three years at a busy online shop.",
  "My main strength is patience, for example I calmed down angry customers every day, you know.",
  "I am really interested in this role because I want to grow into team leadership.",
  "Could you tell me what a typical day looks like for the team?",
];
const plainLesson: ContentInput = { type: "LESSON", title: "Progress: a lesson to read", category: "general", difficulty: "beginner", data: { body: "Just read.", estimatedMinutes: 2, objectives: [] } };
const CTX = { appUrl: TEST_APP_URL };
const PROGRESS_COLUMNS = { points: true, level: true, totalTimeSpent: true, modulesCompleted: true, currentStreak: true, longestStreak: true, lastActivityDate: true, badges: true, overallProgress: true } as const;

type Spec =
  | { kind: "practice"; sessionType: "CHAT" | "CALL"; score: number; skills: number[]; duration: number; at: Date }
  | { kind: "assessment"; score: number; passed: boolean; timeTaken: number; at: Date }
  | { kind: "lesson" | "exercise"; item: number; at: Date };

// The grammar checker's one-time setup (seconds; far longer on a loaded machine) happens here,
// not inside the first test that ends a session.
beforeAll(() => warmUp(), 240_000);

describeEachDatabase("progress", (t) => {
  let app: TestApp;
  let hash: string;
  let chatId: string;
  let lessonId: string;
  let instructorId: string;
  /** Unpublished LESSON and EXERCISE rows the direct-write tests complete (index = Spec.item). */
  const items: { id: string; type: "LESSON" | "EXERCISE" }[] = [];
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
    await installLibrary(t.prisma);
    chatId = (await t.prisma.content.findFirstOrThrow({ where: { libraryKey: "tell-me-about-yourself" }, select: { id: true } })).id;
    const ins = await signedIn("INSTRUCTOR");
    instructorId = ins.id;
    lessonId = (await ins.c.trpc.content.create.mutate(plainLesson)).id;
    await ins.c.trpc.content.publish.mutate({ id: lessonId });
    for (const type of ["LESSON", "LESSON", "EXERCISE"] as const) {
      const row = await t.prisma.content.create({ data: { creatorId: instructorId, title: `item ${uniq()}`, type, category: "general", difficulty: "beginner", data: {} }, select: { id: true } });
      items.push({ id: row.id, type });
    }
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
  async function trainee(timezone: string) {
    const u = await createUser(t.prisma, { email: `t-${uniq()}@example.com`, passwordHash: hash, role: "TRAINEE", name: "Trainee" });
    await t.prisma.profile.update({ where: { userId: u.id }, data: { timezone } });
    return u.id;
  }

  /** Writes one activity's own row and records it, in one transaction (as the real writers do). */
  async function write(userId: string, s: Spec) {
    await t.prisma.$transaction(async (tx) => {
      let a: Activity;
      if (s.kind === "practice") {
        const data = { userId, topic: "t", difficulty: "beginner", status: "COMPLETED" as const, startedAt: new Date(s.at.getTime() - s.duration * 1000), endedAt: s.at, duration: s.duration };
        const session = s.sessionType === "CHAT" ? await tx.chatSession.create({ data, select: { id: true } }) : await tx.callSession.create({ data: { ...data, scenario: "s", topic: undefined }, select: { id: true } });
        const scores = Object.fromEntries(s.skills.map((v, i) => [`skill${i}`, { score: v, summary: "", metrics: {} }]));
        await tx.evaluation.create({
          data: { userId, sessionType: s.sessionType, sessionId: session.id, ...(s.sessionType === "CHAT" ? { chatSessionId: session.id } : { callSessionId: session.id }), scores, feedback: {}, strengths: [], improvements: [], overallScore: s.score, createdAt: s.at },
        });
        a = { kind: "practice", sessionType: s.sessionType, sessionId: session.id, contentId: null, overallScore: s.score, durationSeconds: s.duration, at: s.at };
      } else if (s.kind === "assessment") {
        const row = await tx.assessment.create({ data: { userId, type: "grammar", score: s.score, passed: s.passed, totalQuestions: 10, correctAnswers: Math.round(s.score / 10), timeTaken: s.timeTaken, completedAt: s.at }, select: { id: true } });
        a = { kind: "assessment", assessmentId: row.id, contentId: null, assessmentType: "grammar", score: s.score, passed: s.passed, timeTakenSeconds: s.timeTaken, at: s.at };
      } else {
        const item = items[s.item % items.length]!;
        await tx.contentCompletion.create({ data: { userId, contentId: item.id, contentVersion: 1, completedAt: s.at } });
        a = item.type === "LESSON" ? { kind: "lesson", contentId: item.id, at: s.at } : { kind: "exercise", contentId: item.id, score: null, at: s.at };
      }
      await recordActivity(tx, userId, a, CTX);
    });
  }
  const stored = (userId: string) => t.prisma.userProgress.findUniqueOrThrow({ where: { userId }, select: PROGRESS_COLUMNS });
  const recomputed = async (userId: string) => {
    await t.prisma.$transaction((tx) => recomputeProgress(tx, userId, CTX));
    return stored(userId);
  };

  it("a real chat practice over the API gives 10 + score/10 points, the first-practice badge, a streak of 1 and shows in progress.get", async () => {
    const me = await signedIn();
    const empty = await me.c.trpc.progress.get.query();
    expect(empty).toMatchObject({ points: 0, level: "beginner", currentStreak: 0, modulesCompleted: 0, badges: [], recent: [], continue: null, nextLevel: { name: "elementary", pointsNeeded: 100 } });
    const { sessionId } = await me.c.trpc.practice.chat.start.mutate({ contentId: chatId });
    // An unfinished session is "continue where you left off".
    expect((await me.c.trpc.progress.get.query()).continue).toMatchObject({ kind: "chat", id: sessionId });
    for (const content of SCRIPT) await me.c.trpc.practice.chat.send.mutate({ sessionId, content });
    const { evaluation } = await me.c.trpc.practice.chat.end.mutate({ sessionId });
    const expected = 10 + Math.round(evaluation.overallScore / 10);
    const p = await me.c.trpc.progress.get.query();
    expect(p).toMatchObject({ points: expected, level: "beginner", currentStreak: 1, longestStreak: 1, modulesCompleted: 0, continue: null, nextLevel: { name: "elementary", pointsNeeded: 100 - expected } });
    expect(p.badges.map((b) => b.code)).toContain("first-practice");
    expect(p.recent[0]).toMatchObject({ kind: "practice", id: sessionId, sessionType: "CHAT", score: evaluation.overallScore });
    expect(p.skillTrend).toHaveLength(1);
    expect(Object.keys(p.skillTrend[0]!.scores).sort()).toEqual(Object.keys(evaluation.scores).sort());
    expect(p.skills.length).toBe(Object.keys(evaluation.scores).length);
    // The weakest skill is recommended a published content item that trains it.
    expect(p.recommended?.skill).toBe([...p.skills].sort((a, b) => a.score - b.score)[0]!.skill);
    expect(p.week.filter((d) => d.active && d.today)).toHaveLength(1);
    const row = await stored(me.id);
    expect(row.totalTimeSpent).toBe((await t.prisma.chatSession.findUniqueOrThrow({ where: { id: sessionId }, select: { duration: true } })).duration);
    // The incremental result equals the recomputation from the rows (the scenario's content completion does not count as a module).
    expect(await recomputed(me.id)).toEqual(row);
  });

  it("a lesson read to the end adds 5 points and a module once; reading it again adds neither", async () => {
    const me = await signedIn();
    await me.c.trpc.catalog.complete.mutate({ id: lessonId });
    expect(await me.c.trpc.progress.get.query()).toMatchObject({ points: 5, modulesCompleted: 1, currentStreak: 1 });
    await me.c.trpc.catalog.complete.mutate({ id: lessonId });
    const p = await me.c.trpc.progress.get.query();
    expect(p).toMatchObject({ points: 5, modulesCompleted: 1 });
    expect(p.recent.map((r) => r.kind)).toEqual(["lesson", "lesson"]);
    expect(p.badges.map((b) => b.code)).toEqual(["first-lesson"]);
  });

  it("counts streak days in the trainee's timezone: 23:30 in Tokyo is that Tokyo day, New York's DST change keeps the streak, a missed day resets it", async () => {
    const tokyo = await trainee("Asia/Tokyo");
    await write(tokyo, { kind: "assessment", score: 50, passed: false, timeTaken: 60, at: new Date("2026-03-01T14:30:00Z") }); // 23:30 Mar 1 in Tokyo
    await write(tokyo, { kind: "assessment", score: 50, passed: false, timeTaken: 60, at: new Date("2026-03-01T15:30:00Z") }); // 00:30 Mar 2 in Tokyo (still Mar 1 in UTC)
    expect(await stored(tokyo)).toMatchObject({ currentStreak: 2, lastActivityDate: new Date("2026-03-02T00:00:00Z") });

    const ny = await trainee("America/New_York"); // clocks go forward on 2026-03-08
    for (const at of ["2026-03-07T04:30:00Z", "2026-03-08T04:30:00Z", "2026-03-09T03:30:00Z", "2026-03-10T03:30:00Z"]) {
      // 23:30 local on Mar 6, 7, 8 (the short day) and 9
      await write(ny, { kind: "assessment", score: 80, passed: true, timeTaken: 30, at: new Date(at) });
    }
    expect(await stored(ny)).toMatchObject({ currentStreak: 4, longestStreak: 4, lastActivityDate: new Date("2026-03-09T00:00:00Z") });
    // Fixed clocks: the next local day keeps the streak; a day later it shows 0 honestly.
    expect((await getProgress(t.prisma, ny, new Date("2026-03-11T03:59:00Z"))).currentStreak).toBe(4); // 23:59 Mar 10 in New York
    expect((await getProgress(t.prisma, ny, new Date("2026-03-11T04:01:00Z"))).currentStreak).toBe(0); // 00:01 Mar 11
    await write(ny, { kind: "assessment", score: 80, passed: true, timeTaken: 30, at: new Date("2026-03-12T12:00:00Z") });
    expect(await stored(ny)).toMatchObject({ currentStreak: 1, longestStreak: 4 });

    // Autumn: clocks go back on 2026-11-01 (a 25-hour day) — still consecutive days.
    const fall = await trainee("America/New_York");
    for (const at of ["2026-10-31T12:00:00Z", "2026-11-02T04:30:00Z", "2026-11-03T04:30:00Z"]) await write(fall, { kind: "lesson", item: 0, at: new Date(at) });
    expect(await stored(fall)).toMatchObject({ currentStreak: 3, points: 5, modulesCompleted: 1 });
    expect(await recomputed(fall)).toEqual(await stored(fall));
  });

  it("awards a 7-day streak badge once, with the date it was earned", async () => {
    const u = await trainee("Europe/Berlin");
    for (let d = 0; d < 9; d++) await write(u, { kind: "assessment", score: 40, passed: false, timeTaken: 10, at: new Date(Date.UTC(2026, 2, 20 + d, 10)) });
    const badges = decodeBadges((await stored(u)).badges);
    expect(badges["streak-7"]).toBe(new Date(Date.UTC(2026, 2, 26, 10)).toISOString());
    expect(badges["streak-30"]).toBeUndefined();
  });

  it("keeps counts exact under concurrent activities for one trainee (parallel transactions)", async () => {
    const u = await trainee("UTC");
    const at = new Date("2026-05-01T10:00:00Z");
    await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => write(u, { kind: "assessment", score: 50 + i * 10, passed: i > 2, timeTaken: 100, at: new Date(at.getTime() + i) })),
      write(u, { kind: "lesson", item: 1, at }),
      write(u, { kind: "lesson", item: 1, at: new Date(at.getTime() + 7) }),
      write(u, { kind: "exercise", item: 2, at }),
    ]);
    const expected = [50, 60, 70, 80, 90, 100].reduce((sum, s, i) => sum + 10 + Math.round(s / 10) + (i > 2 ? 10 : 0), 0) + 5 + 5;
    const row = await stored(u);
    expect(row).toMatchObject({ points: expected, totalTimeSpent: 600, modulesCompleted: 2, currentStreak: 1 });
    expect(Object.keys(decodeBadges(row.badges)).sort()).toEqual(["first-lesson", "first-pass", "perfect-assessment"]);
    expect(await recomputed(u)).toEqual(row);
  });

  it("property: any sequence of activities (random times and timezones, DST included) gives the same progress incrementally as recomputed", async () => {
    const zones = ["UTC", "Asia/Tokyo", "America/New_York", "Europe/London", "Australia/Sydney", "Pacific/Chatham", "America/St_Johns"];
    const start = Date.UTC(2026, 2, 1); // spans the March/April and October/November DST changes
    const spec = fc.oneof(
      fc.record({ kind: fc.constant("practice" as const), sessionType: fc.constantFrom("CHAT" as const, "CALL" as const), score: fc.integer({ min: 0, max: 100 }), skills: fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 4 }), duration: fc.integer({ min: 0, max: 3600 }) }),
      fc.record({ kind: fc.constant("assessment" as const), score: fc.integer({ min: 0, max: 100 }), passed: fc.boolean(), timeTaken: fc.integer({ min: 0, max: 3600 }) }),
      fc.record({ kind: fc.constantFrom("lesson" as const, "exercise" as const), item: fc.integer({ min: 0, max: 2 }) }),
    );
    // Gaps between activities: mostly within a day or two (streaks), sometimes longer (resets).
    const gap = fc.oneof(fc.integer({ min: 1, max: 36 * 3600 }), fc.integer({ min: 1, max: 60 * 86_400 }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...zones), fc.array(fc.tuple(spec, gap), { minLength: 1, maxLength: 14 }), async (zone, steps) => {
        const u = await trainee(zone);
        let time = start;
        for (const [s, g] of steps) {
          time += g * 1000;
          await write(u, { ...s, at: new Date(time) } as Spec);
        }
        const incremental = await stored(u);
        expect(await recomputed(u)).toEqual(incremental);
      }),
      { numRuns: 12, seed: 20261205 },
    );
  });

  it("progress.get is for trainees only and answers for the caller alone", async () => {
    const ins = await signedIn("INSTRUCTOR");
    expect((await trpcError(ins.c.trpc.progress.get.query())).data?.code).toBe("FORBIDDEN");
    const a = await signedIn();
    const b = await signedIn();
    await a.c.trpc.catalog.complete.mutate({ id: lessonId });
    expect((await b.c.trpc.progress.get.query()).points).toBe(0);
    const p = await a.c.trpc.progress.get.query();
    expect(p.points).toBe(5);
    expect(Object.keys(p).sort()).toEqual(
      ["assessmentScores", "badges", "certificate", "certificateProgress", "continue", "currentStreak", "lastActivityDate", "level", "longestStreak", "modulesCompleted", "nextLevel", "overallProgress", "points", "recent", "recommended", "skillTrend", "skills", "timezone", "totalTimeSpent", "week"].sort(),
    );
    expect(p.week).toHaveLength(7);
    expect(LEVELS.map((l) => l.name)).toContain(p.level);
  });
});
