// Practice sessions over HTTP, on PGlite and a real PostgreSQL: a scripted chat from start to
// evaluation (plain and streamed), a call with its utterances' timings, ending twice, ended
// sessions refusing messages, the per-session cap and the per-trainee rate limit under
// concurrency, ownership (another trainee's session is NOT_FOUND everywhere), version pinning,
// the history, and the idle job.
import { createTRPCClient, httpBatchStreamLink } from "@trpc/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { installLibrary, readLibrary } from "../../server/services/content/library.ts";
import { abandonIdleSessions } from "../../server/services/practice/idle.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import type { AppRouter } from "../../server/routers/app.ts";
import type { ContentInput } from "../../shared/schemas/content.ts";
import { transformer } from "../../shared/transformer.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { startTestApp, trpcError, type TestApp, type TestClient } from "../helpers/app.ts";
import { warmUp } from "../../server/services/evaluation/index.ts";

const PASSWORD = "correct horse battery staple";
let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;
const CHAT_SKILLS = ["fluency", "grammar", "vocabulary", "clarity", "professionalism", "taskCompletion"];

const library = readLibrary();
const chatSample = () => structuredClone(library.find((f) => f.key === "tell-me-about-yourself")!.item) as Extract<ContentInput, { type: "CHAT_SCENARIO" }>;

// Trainee messages for "Tell me about yourself" (goals: background, strengths, motivation, question).
const SCRIPT = [
  "Um, well, I worked in customer support for three years at a busy online shop.",
  "My main strength is patience, for example I calmed down angry customers every day, you know.",
  "I am really interested in this role because I want to grow into team leadership.",
  "Could you tell me what a typical day looks like for the team?",
];

// The grammar checker's one-time setup (seconds; far longer on a loaded machine) happens here,
// not inside the first test that ends a session.
beforeAll(() => warmUp(), 240_000);

describeEachDatabase("practice", (t) => {
  let app: TestApp;
  let hash: string;
  let chatId: string;
  let callId: string;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
    await installLibrary(t.prisma);
    const ids = await t.prisma.content.findMany({ where: { libraryKey: { in: ["tell-me-about-yourself", "recruiter-phone-screen"] } }, select: { id: true, libraryKey: true } });
    chatId = ids.find((r) => r.libraryKey === "tell-me-about-yourself")!.id;
    callId = ids.find((r) => r.libraryKey === "recruiter-phone-screen")!.id;
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

  /** A client on the streaming link (the SPA's link for practice.chat.sendStream), with c's cookies. */
  const streamingClient = (c: TestClient) =>
    createTRPCClient<AppRouter>({
      links: [httpBatchStreamLink({ url: `${app.url}/api/trpc`, transformer, fetch: (u, init) => fetch(u, { ...(init as RequestInit), headers: { ...(init?.headers as Record<string, string>), ...c.headers() } }) })],
    });

  it("runs a scripted chat end to end: start, several sends, end, and an evaluation with every skill", async () => {
    const me = await signedIn();
    const started = await me.c.trpc.practice.chat.start.mutate({ contentId: chatId });
    // The opening is the only bubble; the brief is stored as a SYSTEM message, never returned.
    expect(started.messages.map((m) => m.role)).toEqual(["ASSISTANT"]);
    expect(started.messages[0]!.content).toBe(chatSample().data.opening);
    const stored = await t.prisma.chatMessage.findMany({ where: { sessionId: started.sessionId }, orderBy: [{ timestamp: "asc" }, { id: "asc" }], select: { role: true, content: true } });
    expect(stored).toEqual([
      { role: "SYSTEM", content: chatSample().data.brief },
      { role: "ASSISTANT", content: chatSample().data.opening },
    ]);
    const session = await t.prisma.chatSession.findUniqueOrThrow({ where: { id: started.sessionId }, select: { topic: true, difficulty: true, contentId: true, contentVersion: true, status: true } });
    expect(session).toEqual({ topic: chatSample().title, difficulty: chatSample().difficulty, contentId: chatId, contentVersion: 1, status: "ACTIVE" });

    let covered: string[] = [];
    for (const text of SCRIPT) {
      const r = await me.c.trpc.practice.chat.send.mutate({ sessionId: started.sessionId, content: text });
      expect(r.message).toMatchObject({ role: "USER", content: text });
      expect(r.reply.role).toBe("ASSISTANT");
      expect(r.reply.content.length).toBeGreaterThan(0);
      expect(r.reply.notice).toBeNull();
      // The live checklist only grows.
      expect(r.reply.coveredGoalIds).toEqual(expect.arrayContaining(covered));
      covered = r.reply.coveredGoalIds;
    }
    expect(covered).toEqual(["background", "strengths", "motivation", "question"]);
    const roles = (await t.prisma.chatMessage.findMany({ where: { sessionId: started.sessionId }, orderBy: [{ timestamp: "asc" }, { id: "asc" }], select: { role: true } })).map((m) => m.role);
    expect(roles).toEqual(["SYSTEM", "ASSISTANT", ...SCRIPT.flatMap(() => ["USER", "ASSISTANT"])]);

    const { evaluation } = await me.c.trpc.practice.chat.end.mutate({ sessionId: started.sessionId });
    expect(Object.keys(evaluation.scores).sort()).toEqual([...CHAT_SKILLS].sort());
    for (const s of Object.values(evaluation.scores)) expect(s!.score).toBeGreaterThanOrEqual(0);
    expect(evaluation.strengths.length).toBeGreaterThan(0);
    expect(evaluation.improvements.length).toBeGreaterThan(0);
    expect(evaluation.feedback.annotations.length).toBeGreaterThan(0);
    expect(evaluation.feedback.goals.map((g) => [g.id, g.covered])).toEqual([["background", true], ["strengths", true], ["motivation", true], ["question", true]]);

    const row = await t.prisma.evaluation.findUniqueOrThrow({ where: { sessionId: started.sessionId }, select: { userId: true, sessionType: true, chatSessionId: true, overallScore: true, scores: true, strengths: true, improvements: true } });
    expect(row).toMatchObject({ userId: me.id, sessionType: "CHAT", chatSessionId: started.sessionId, overallScore: evaluation.overallScore });
    expect(Object.keys(row.scores as object).sort()).toEqual([...CHAT_SKILLS].sort());
    expect(row.strengths.length).toBe(evaluation.strengths.length);
    const ended = await t.prisma.chatSession.findUniqueOrThrow({ where: { id: started.sessionId }, select: { status: true, endedAt: true, duration: true } });
    expect(ended.status).toBe("COMPLETED");
    expect(ended.endedAt).toBeInstanceOf(Date);
    expect(ended.duration).toBeGreaterThanOrEqual(0);
    // A completion of the content item was recorded (so the trainee may rate it).
    expect(await t.prisma.contentCompletion.count({ where: { userId: me.id, contentId: chatId } })).toBe(1);
  });

  it("streams the reply through the streaming link: the stored message, chunks, then the stored reply", async () => {
    const me = await signedIn();
    const { sessionId } = await me.c.trpc.practice.chat.start.mutate({ contentId: chatId });
    const events = [];
    for await (const e of await streamingClient(me.c).practice.chat.sendStream.mutate({ sessionId, content: SCRIPT[0]! })) events.push(e);
    expect(events[0]).toMatchObject({ type: "message", message: { role: "USER", content: SCRIPT[0] } });
    const last = events.at(-1)!;
    expect(last.type).toBe("reply");
    const chunks = events.filter((e) => e.type === "chunk").map((e) => (e as { text: string }).text);
    expect(chunks.length).toBeGreaterThan(1);
    if (last.type !== "reply") throw new Error("no reply");
    expect(chunks.join("")).toBe(last.reply.content);
    const inDb = await t.prisma.chatMessage.findMany({ where: { sessionId, role: "ASSISTANT" }, orderBy: [{ timestamp: "asc" }, { id: "asc" }], select: { id: true, content: true } });
    expect(inDb.at(-1)).toEqual({ id: last.reply.id, content: last.reply.content });
    // Bad input on the streaming procedure is a 400, as on the plain one.
    const e = await trpcError(me.c.trpc.practice.chat.send.mutate({ sessionId, content: "x".repeat(2001) }));
    expect(e.data?.code).toBe("BAD_REQUEST");
    expect((await trpcError(me.c.trpc.practice.chat.send.mutate({ sessionId, content: "   " }))).data?.code).toBe("BAD_REQUEST");
  });

  it("ends idempotently, and an ended or abandoned session refuses messages with SESSION_ENDED", async () => {
    const me = await signedIn();
    const { sessionId } = await me.c.trpc.practice.chat.start.mutate({ contentId: chatId });
    // Nothing said yet: nothing to evaluate, and the session stays open.
    expect((await trpcError(me.c.trpc.practice.chat.end.mutate({ sessionId }))).data?.appCode).toBe("NOTHING_TO_EVALUATE");
    await me.c.trpc.practice.chat.send.mutate({ sessionId, content: SCRIPT[0]! });
    const [a, b] = await Promise.all([me.c.trpc.practice.chat.end.mutate({ sessionId }), me.c.trpc.practice.chat.end.mutate({ sessionId })]);
    const c = await me.c.trpc.practice.chat.end.mutate({ sessionId });
    expect(b.evaluation.id).toBe(a.evaluation.id);
    expect(c.evaluation).toEqual(a.evaluation);
    expect(await t.prisma.evaluation.count({ where: { sessionId } })).toBe(1);
    expect(await t.prisma.contentCompletion.count({ where: { userId: me.id } })).toBe(1);
    const e = await trpcError(me.c.trpc.practice.chat.send.mutate({ sessionId, content: "One more thing." }));
    expect([e.data?.code, e.data?.appCode]).toEqual(["CONFLICT", "SESSION_ENDED"]);
    // Abandoning an ended session changes nothing.
    expect(await me.c.trpc.practice.chat.abandon.mutate({ sessionId })).toEqual({ status: "COMPLETED" });

    const other = await me.c.trpc.practice.chat.start.mutate({ contentId: chatId });
    expect(await me.c.trpc.practice.chat.abandon.mutate({ sessionId: other.sessionId })).toEqual({ status: "ABANDONED" });
    expect((await trpcError(me.c.trpc.practice.chat.send.mutate({ sessionId: other.sessionId, content: "Hello?" }))).data?.appCode).toBe("SESSION_ENDED");
    expect((await trpcError(me.c.trpc.practice.chat.end.mutate({ sessionId: other.sessionId }))).data?.appCode).toBe("SESSION_ENDED");
    expect(await t.prisma.chatMessage.count({ where: { sessionId: other.sessionId, role: "USER" } })).toBe(0);
  });

  it("holds at most 200 trainee messages per session, even under concurrent sends", async () => {
    const me = await signedIn();
    const { sessionId } = await me.c.trpc.practice.chat.start.mutate({ contentId: chatId });
    await t.prisma.chatSession.update({ where: { id: sessionId }, data: { messageCount: 195 } });
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => me.c.trpc.practice.chat.send.mutate({ sessionId, content: `Message ${i}` })));
    const ok = results.filter((r) => r.status === "fulfilled").length;
    expect(ok).toBe(5);
    for (const r of results) if (r.status === "rejected") expect((r.reason as { data?: { appCode?: string } }).data?.appCode).toBe("MESSAGE_LIMIT");
    expect(await t.prisma.chatMessage.count({ where: { sessionId, role: "USER" } })).toBe(5);
    expect((await t.prisma.chatSession.findUniqueOrThrow({ where: { id: sessionId } })).messageCount).toBe(200);
    // The session's clock (last_activity_at) times every message: racing sends never share a
    // time, and each reply comes after its message.
    const times = (await t.prisma.chatMessage.findMany({ where: { sessionId }, select: { timestamp: true } })).map((m) => m.timestamp.getTime());
    expect(times).toHaveLength(2 + 5 * 2);
    expect(new Set(times).size).toBe(times.length);
    for (const r of results) if (r.status === "fulfilled") expect(r.value.reply.timestamp.getTime()).toBeGreaterThan(r.value.message.timestamp.getTime());
    const session = await t.prisma.chatSession.findUniqueOrThrow({ where: { id: sessionId }, select: { lastActivityAt: true } });
    expect(session.lastActivityAt.getTime()).toBe(Math.max(...times));
  });

  it("limits a trainee to 30 messages a minute across sessions, with Retry-After; parallel sends cannot exceed it", async () => {
    const me = await signedIn();
    const s1 = await me.c.trpc.practice.chat.start.mutate({ contentId: chatId });
    const s2 = await me.c.trpc.practice.call.start.mutate({ contentId: callId });
    const now = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 36 }, (_, i) =>
        i % 2 === 0
          ? me.c.trpc.practice.chat.send.mutate({ sessionId: s1.sessionId, content: `Message ${i}` })
          : me.c.trpc.practice.call.say.mutate({ sessionId: s2.sessionId, text: `Utterance ${i}`, startedAt: now - 2000, endedAt: now - 1000 }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled").length).toBe(30);
    for (const r of results) if (r.status === "rejected") expect((r.reason as { data?: { code?: string; retryAfterSeconds?: number } }).data).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    const stored = (await t.prisma.chatMessage.count({ where: { sessionId: s1.sessionId, role: "USER" } })) + (await t.prisma.callTranscript.count({ where: { sessionId: s2.sessionId, speaker: "user" } }));
    expect(stored).toBe(30);
    // Over plain HTTP: 429 with a Retry-After header.
    const res = await me.c.fetch("/api/trpc/practice.chat.send", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: { sessionId: s1.sessionId, content: "Again" } }) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    // The streaming procedure counts against the same limit, and says so as an error.
    const streamed = await trpcError(
      (async () => {
        for await (const _ of await streamingClient(me.c).practice.chat.sendStream.mutate({ sessionId: s1.sessionId, content: "Again" })) void _;
      })(),
    );
    expect(streamed.data?.code).toBe("TOO_MANY_REQUESTS");
    expect(await me.c.trpc.practice.sessions.get.query({ sessionId: s1.sessionId })).toMatchObject({ status: "ACTIVE" });
    // Another trainee is not affected.
    const other = await signedIn();
    const s3 = await other.c.trpc.practice.chat.start.mutate({ contentId: chatId });
    expect((await other.c.trpc.practice.chat.send.mutate({ sessionId: s3.sessionId, content: "Hello" })).message.content).toBe("Hello");
  });

  it("answers NOT_FOUND to another trainee for every procedure on a session, and changes nothing", async () => {
    const owner = await signedIn();
    const chat = await owner.c.trpc.practice.chat.start.mutate({ contentId: chatId });
    await owner.c.trpc.practice.chat.send.mutate({ sessionId: chat.sessionId, content: SCRIPT[0]! });
    const call = await owner.c.trpc.practice.call.start.mutate({ contentId: callId });
    const now = Date.now();
    await owner.c.trpc.practice.call.say.mutate({ sessionId: call.sessionId, text: "Yes, I am still interested.", startedAt: now - 2000, endedAt: now - 500 });
    const intruder = await signedIn();
    const stream = streamingClient(intruder.c);
    for (const attempt of [
      () => intruder.c.trpc.practice.chat.send.mutate({ sessionId: chat.sessionId, content: "Hi" }),
      async () => {
        for await (const _ of await stream.practice.chat.sendStream.mutate({ sessionId: chat.sessionId, content: "Hi" })) void _;
      },
      () => intruder.c.trpc.practice.chat.end.mutate({ sessionId: chat.sessionId }),
      () => intruder.c.trpc.practice.chat.abandon.mutate({ sessionId: chat.sessionId }),
      () => intruder.c.trpc.practice.sessions.get.query({ sessionId: chat.sessionId }),
      () => intruder.c.trpc.practice.call.say.mutate({ sessionId: call.sessionId, text: "Hi", startedAt: now - 1000, endedAt: now }),
      () => intruder.c.trpc.practice.call.end.mutate({ sessionId: call.sessionId }),
      () => intruder.c.trpc.practice.sessions.get.query({ sessionId: call.sessionId }),
    ]) {
      expect((await trpcError(attempt())).data?.code).toBe("NOT_FOUND");
    }
    expect((await intruder.c.trpc.practice.sessions.list.query({})).items).toEqual([]);
    expect(await t.prisma.chatMessage.count({ where: { sessionId: chat.sessionId } })).toBe(4);
    expect(await t.prisma.callTranscript.count({ where: { sessionId: call.sessionId } })).toBe(3);
    const states = await Promise.all([
      t.prisma.chatSession.findUniqueOrThrow({ where: { id: chat.sessionId }, select: { status: true } }),
      t.prisma.callSession.findUniqueOrThrow({ where: { id: call.sessionId }, select: { status: true } }),
    ]);
    expect(states).toEqual([{ status: "ACTIVE" }, { status: "ACTIVE" }]);
  });

  it("runs a call: utterances stored with their timings, the coach's lines as 'ai', clocks checked, pace evaluated", async () => {
    const me = await signedIn();
    // Each procedure plays its own kind of scenario only.
    expect((await trpcError(me.c.trpc.practice.call.start.mutate({ contentId: chatId }))).data?.code).toBe("NOT_FOUND");
    expect((await trpcError(me.c.trpc.practice.chat.start.mutate({ contentId: callId }))).data?.code).toBe("NOT_FOUND");
    const { sessionId, transcript } = await me.c.trpc.practice.call.start.mutate({ contentId: callId });
    expect(transcript.map((l) => l.speaker)).toEqual(["ai"]);
    const now = Date.now();
    const r = await me.c.trpc.practice.call.say.mutate({ sessionId, text: "Yes, I am still very interested in the role.", startedAt: now - 3000, endedAt: now - 500 });
    expect(r.reply.speaker).toBe("ai");
    expect(r.reply.text.length).toBeGreaterThan(0);
    expect(r.reply.coveredGoalIds).toContain("interest");
    const line = await t.prisma.callTranscript.findUniqueOrThrow({ where: { id: r.utterance.id }, select: { speaker: true, startedAt: true, durationMs: true } });
    expect(line).toEqual({ speaker: "user", startedAt: new Date(now - 3000), durationMs: 2500 });
    await me.c.trpc.practice.call.say.mutate({ sessionId, text: "I worked in reception for two years and I can start next month.", startedAt: now - 400, endedAt: now + 2000 });

    for (const [times, field] of [
      [{ startedAt: now, endedAt: now + 10 * 60_000 }, "endedAt"], // in the future
      [{ startedAt: now - 1000, endedAt: now - 2000 }, "endedAt"], // ends before it starts
      [{ startedAt: now - 6 * 60_000, endedAt: now }, "startedAt"], // longer than 5 minutes
    ] as const) {
      const e = await trpcError(me.c.trpc.practice.call.say.mutate({ sessionId, text: "Hello", ...times }));
      expect([e.data?.code, e.data?.appCode, e.data?.field]).toEqual(["BAD_REQUEST", "BAD_TIMES", field]);
    }
    expect(await t.prisma.callTranscript.count({ where: { sessionId } })).toBe(5);

    const { evaluation } = await me.c.trpc.practice.call.end.mutate({ sessionId });
    expect(Object.keys(evaluation.scores).sort()).toEqual([...CHAT_SKILLS, "pace"].sort());
    expect((await me.c.trpc.practice.call.end.mutate({ sessionId })).evaluation.id).toBe(evaluation.id);
    const e = await trpcError(me.c.trpc.practice.call.say.mutate({ sessionId, text: "Hello?", startedAt: now, endedAt: now + 100 }));
    expect(e.data?.appCode).toBe("SESSION_ENDED");
    const got = await me.c.trpc.practice.sessions.get.query({ sessionId });
    expect(got).toMatchObject({ type: "CALL", status: "COMPLETED", messages: null });
    expect(got.transcript!.map((l) => l.speaker)).toEqual(["ai", "user", "ai", "user", "ai"]);
    expect(got.transcript![1]).toMatchObject({ durationMs: 2500 });
    // The call's clock (last_activity_at) times every line: distinct and in the order said, the
    // answer returned as stored.
    const times = got.transcript!.map((l) => new Date(l.timestamp).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
    expect(got.transcript![1]).toMatchObject({ id: r.utterance.id, text: r.utterance.text, startedAt: r.utterance.startedAt });
    expect(got.transcript![2]).toMatchObject({ id: r.reply.id, speaker: "ai", text: r.reply.text, durationMs: null, startedAt: null });
  });

  it("keeps a running session on the version it started with when a new version is published", async () => {
    const ins = await signedIn("INSTRUCTOR");
    const item = chatSample();
    const { id } = await ins.c.trpc.content.create.mutate(item);
    await ins.c.trpc.content.publish.mutate({ id });
    const me = await signedIn();
    const { sessionId } = await me.c.trpc.practice.chat.start.mutate({ contentId: id });

    const v2 = structuredClone(item.data);
    v2.opening = "VERSION-TWO opening.";
    v2.closing = "VERSION-TWO closing.";
    v2.steps = v2.steps.map((s) => ({ ...s, say: `VERSION-TWO ${s.say}`, ...(s.followUp ? { followUp: `VERSION-TWO ${s.followUp}` } : {}) }));
    await ins.c.trpc.content.update.mutate({ id, data: v2 });
    expect(await ins.c.trpc.content.publish.mutate({ id })).toEqual({ id, version: 2 });

    const v1Lines = [...item.data.steps.flatMap((s) => [s.say, s.followUp ?? ""]), item.data.closing].filter(Boolean);
    for (const text of SCRIPT) {
      const r = await me.c.trpc.practice.chat.send.mutate({ sessionId, content: text });
      expect(r.reply.content).not.toContain("VERSION-TWO");
      expect(v1Lines.some((l) => r.reply.content.includes(l))).toBe(true);
    }
    expect((await me.c.trpc.practice.sessions.get.query({ sessionId })).contentVersion).toBe(1);
    // A new session plays version 2.
    const fresh = await me.c.trpc.practice.chat.start.mutate({ contentId: id });
    expect(fresh.messages[0]!.content).toBe("VERSION-TWO opening.");
    expect((await me.c.trpc.practice.chat.end.mutate({ sessionId })).evaluation.feedback.goals).toHaveLength(item.data.goals.length);
  });

  it("lists the history newest first in keyset pages, filters it, and shows one session with its evaluation and the previous score", async () => {
    const me = await signedIn();
    const first = await me.c.trpc.practice.chat.start.mutate({ contentId: chatId });
    await me.c.trpc.practice.chat.send.mutate({ sessionId: first.sessionId, content: SCRIPT[0]! });
    const e1 = (await me.c.trpc.practice.chat.end.mutate({ sessionId: first.sessionId })).evaluation;
    const second = await me.c.trpc.practice.chat.start.mutate({ contentId: chatId });
    await me.c.trpc.practice.chat.send.mutate({ sessionId: second.sessionId, content: SCRIPT[1]! });
    await me.c.trpc.practice.chat.end.mutate({ sessionId: second.sessionId });
    const call = await me.c.trpc.practice.call.start.mutate({ contentId: callId });
    for (let i = 0; i < 20; i++) await me.c.trpc.practice.chat.start.mutate({ contentId: chatId });

    const page1 = await me.c.trpc.practice.sessions.list.query({});
    expect(page1.items).toHaveLength(20);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await me.c.trpc.practice.sessions.list.query({ cursor: page1.nextCursor! });
    const all = [...page1.items, ...page2.items];
    expect(page2.nextCursor).toBeNull();
    expect(all).toHaveLength(23);
    expect(new Set(all.map((s) => s.id)).size).toBe(23);
    const times = all.map((s) => s.startedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.at(-1)).toMatchObject({ id: first.sessionId, type: "CHAT", status: "COMPLETED", overallScore: e1.overallScore });
    expect((await me.c.trpc.practice.sessions.list.query({ type: "CALL" })).items.map((s) => s.id)).toEqual([call.sessionId]);
    expect((await me.c.trpc.practice.sessions.list.query({ contentId: callId })).items.map((s) => s.id)).toEqual([call.sessionId]);
    expect((await trpcError(me.c.trpc.practice.sessions.list.query({ cursor: "not-a-cursor" }))).data?.code).toBe("BAD_REQUEST");

    const got = await me.c.trpc.practice.sessions.get.query({ sessionId: second.sessionId });
    expect(got.messages!.map((m) => m.role)).toEqual(["ASSISTANT", "USER", "ASSISTANT"]);
    expect(got.evaluation).not.toBeNull();
    expect(got.previous).toEqual({ sessionId: first.sessionId, startedAt: expect.any(Date), overallScore: e1.overallScore });
    expect(got.scenario!.data).not.toHaveProperty("steps");
    expect(JSON.stringify(got.scenario)).not.toContain("phrases");
    expect((await me.c.trpc.practice.sessions.get.query({ sessionId: first.sessionId })).previous).toBeNull();
  });

  it("abandons ACTIVE sessions idle for 30 minutes (the periodic job), and only those", async () => {
    const me = await signedIn();
    const idle = await me.c.trpc.practice.chat.start.mutate({ contentId: chatId });
    const recent = await me.c.trpc.practice.chat.start.mutate({ contentId: chatId });
    const idleCall = await me.c.trpc.practice.call.start.mutate({ contentId: callId });
    const now = new Date();
    const ago = (min: number) => new Date(now.getTime() - min * 60_000);
    await t.prisma.chatSession.update({ where: { id: idle.sessionId }, data: { startedAt: ago(40), lastActivityAt: ago(31) } });
    await t.prisma.chatSession.update({ where: { id: recent.sessionId }, data: { startedAt: ago(40), lastActivityAt: ago(29) } });
    await t.prisma.callSession.update({ where: { id: idleCall.sessionId }, data: { startedAt: ago(40), lastActivityAt: ago(31) } });
    const r = await abandonIdleSessions(t.prisma, now);
    expect(r.chatSessions).toBeGreaterThanOrEqual(1);
    expect(r.callSessions).toBeGreaterThanOrEqual(1);
    const rows = await t.prisma.chatSession.findMany({ where: { id: { in: [idle.sessionId, recent.sessionId] } }, select: { id: true, status: true, endedAt: true, duration: true } });
    expect(rows.find((s) => s.id === idle.sessionId)).toEqual({ id: idle.sessionId, status: "ABANDONED", endedAt: ago(31), duration: 9 * 60 });
    expect(rows.find((s) => s.id === recent.sessionId)).toMatchObject({ status: "ACTIVE", endedAt: null });
    expect((await t.prisma.callSession.findUniqueOrThrow({ where: { id: idleCall.sessionId } })).status).toBe("ABANDONED");
    expect((await trpcError(me.c.trpc.practice.chat.send.mutate({ sessionId: idle.sessionId, content: "Still there?" }))).data?.appCode).toBe("SESSION_ENDED");
    // A message keeps a session alive: it moves the last activity.
    await me.c.trpc.practice.chat.send.mutate({ sessionId: recent.sessionId, content: "Sorry, I am back." });
    await abandonIdleSessions(t.prisma, new Date(now.getTime() + 2 * 60_000));
    expect((await t.prisma.chatSession.findUniqueOrThrow({ where: { id: recent.sessionId } })).status).toBe("ACTIVE");
  });
});
