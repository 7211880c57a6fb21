// Content over HTTP, on PGlite and a real PostgreSQL: the studio's procedures (ownership in the
// query, publishing rules, versions), the catalogue's trainee-safe answers and daily views,
// exact ratings under concurrency, and the starter library.
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { installLibrary, LIBRARY_EMAIL, readLibrary } from "../../server/services/content/library.ts";
import { recordCompletion } from "../../server/services/content/catalog.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import type { ContentInput } from "../../shared/schemas/content.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { startTestApp, trpcError, type TestApp, type TestClient } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;

const library = readLibrary();
const sample = (type: ContentInput["type"]) => structuredClone(library.find((f) => f.item.type === type)!.item);

describeEachDatabase("content", (t) => {
  let app: TestApp;
  let hash: string;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
  });
  afterAll(() => app?.close());

  async function signedIn(role: "TRAINEE" | "INSTRUCTOR" | "COMPANY" | "ADMIN", opts: { verified?: boolean } = {}) {
    const email = `${role.toLowerCase()}-${uniq()}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role, name: `${role} ${seq}` });
    if (role === "INSTRUCTOR" && opts.verified) await t.prisma.instructorProfile.update({ where: { userId: u.id }, data: { isVerified: true } });
    const c = app.client();
    await c.signIn(email, PASSWORD);
    return { id: u.id, email, c };
  }

  it("round-trips every content type through create and get", async () => {
    const ins = await signedIn("INSTRUCTOR");
    for (const type of ["CHAT_SCENARIO", "CALL_SCENARIO", "ASSESSMENT", "LESSON", "EXERCISE"] as const) {
      const item = sample(type);
      const { id } = await ins.c.trpc.content.create.mutate(item);
      const got = await ins.c.trpc.content.get.query({ id });
      expect(got).toMatchObject({ type, title: item.title, category: item.category, difficulty: item.difficulty, isPublished: false, version: 0 });
      expect(got.data).toEqual(item.data);
    }
    const audit = await t.prisma.auditLog.count({ where: { userId: ins.id, action: "CONTENT_CREATED" } });
    expect(audit).toBe(5);
  });

  it("refuses invalid data with field errors keyed by the dotted path, on create and update", async () => {
    const ins = await signedIn("INSTRUCTOR");
    const bad = sample("CHAT_SCENARIO") as Extract<ContentInput, { type: "CHAT_SCENARIO" }>;
    (bad.data.steps[2] as { say?: string }).say = "";
    const e = await trpcError(ins.c.trpc.content.create.mutate(bad));
    expect(e.data?.code).toBe("BAD_REQUEST");
    expect(Object.keys(e.data?.fieldErrors ?? {})).toContain("data.steps.2.say");

    const { id } = await ins.c.trpc.content.create.mutate(sample("LESSON"));
    const e2 = await trpcError(ins.c.trpc.content.update.mutate({ id, data: { body: "", estimatedMinutes: 0, objectives: [] } }));
    expect(e2.data?.code).toBe("BAD_REQUEST");
    expect(e2.data?.appCode).toBe("INVALID_CONTENT");
    expect(Object.keys(e2.data?.fieldErrors ?? {})).toEqual(expect.arrayContaining(["data.body", "data.estimatedMinutes"]));
    // Nothing was lost: the stored lesson is unchanged.
    expect((await ins.c.trpc.content.get.query({ id })).data).toEqual(sample("LESSON").data);
  });

  it("an instructor cannot read, change, publish or delete another instructor's content", async () => {
    const owner = await signedIn("INSTRUCTOR", { verified: true });
    const other = await signedIn("INSTRUCTOR", { verified: true });
    const { id } = await owner.c.trpc.content.create.mutate(sample("ASSESSMENT"));
    // One call at a time (each is started only when the previous answer was checked).
    for (const call of [
      () => other.c.trpc.content.get.query({ id }),
      () => other.c.trpc.content.stats.query({ id }),
      () => other.c.trpc.content.update.mutate({ id, title: "Mine now" }),
      () => other.c.trpc.content.publish.mutate({ id }),
      () => other.c.trpc.content.unpublish.mutate({ id }),
      () => other.c.trpc.content.delete.mutate({ id }),
    ]) {
      expect((await trpcError(call())).data?.code).toBe("NOT_FOUND");
    }
    const row = await t.prisma.content.findUniqueOrThrow({ where: { id }, select: { title: true, isPublished: true } });
    expect(row).toEqual({ title: sample("ASSESSMENT").title, isPublished: false });
    expect((await other.c.trpc.content.mine.query({})).items).toEqual([]);
    // A trainee and a company cannot reach the studio at all.
    const trainee = await signedIn("TRAINEE");
    expect((await trpcError(trainee.c.trpc.content.get.query({ id }))).data?.code).toBe("FORBIDDEN");
    // An admin can.
    const admin = await signedIn("ADMIN");
    expect((await admin.c.trpc.content.get.query({ id })).id).toBe(id);
  });

  it("only a verified instructor (or an admin) publishes; an unverified one is told why", async () => {
    const unverified = await signedIn("INSTRUCTOR");
    const { id } = await unverified.c.trpc.content.create.mutate(sample("LESSON"));
    const e = await trpcError(unverified.c.trpc.content.publish.mutate({ id }));
    expect(e.data?.code).toBe("FORBIDDEN");
    expect(e.data?.appCode).toBe("INSTRUCTOR_NOT_VERIFIED");
    expect(e.message).toMatch(/verified/);
    expect((await t.prisma.content.findUniqueOrThrow({ where: { id } })).isPublished).toBe(false);
    const admin = await signedIn("ADMIN");
    expect(await admin.c.trpc.content.publish.mutate({ id })).toEqual({ id, version: 1 });
  });

  it("keeps the published version live while edits wait in a draft, and records each version", async () => {
    const ins = await signedIn("INSTRUCTOR", { verified: true });
    const trainee = await signedIn("TRAINEE");
    const item = sample("CHAT_SCENARIO") as Extract<ContentInput, { type: "CHAT_SCENARIO" }>;
    const { id } = await ins.c.trpc.content.create.mutate(item);
    await ins.c.trpc.content.publish.mutate({ id });
    // A trainee's session on version 1.
    const session = await t.prisma.chatSession.create({ data: { userId: trainee.id, topic: item.title, difficulty: item.difficulty, contentId: id, contentVersion: 1 }, select: { id: true } });

    const v2 = structuredClone(item.data);
    v2.opening = "Version two opening.";
    const r = await ins.c.trpc.content.update.mutate({ id, title: "Renamed", data: v2 });
    expect(r.hasUnpublishedChanges).toBe(true);
    const live = await trainee.c.trpc.catalog.get.query({ id });
    expect(live.title).toBe(item.title);
    const mine = await ins.c.trpc.content.mine.query({});
    expect(mine.items.find((i) => i.id === id)).toMatchObject({ title: "Renamed", status: "published", hasUnpublishedChanges: true, version: 1 });
    expect((await ins.c.trpc.content.get.query({ id })).data).toMatchObject({ opening: "Version two opening." });

    expect(await ins.c.trpc.content.publish.mutate({ id })).toEqual({ id, version: 2 });
    expect((await trainee.c.trpc.catalog.get.query({ id })).title).toBe("Renamed");
    // The session still finds the text of the version it used.
    const s = await t.prisma.chatSession.findUniqueOrThrow({ where: { id: session.id }, select: { contentId: true, contentVersion: true } });
    const used = await t.prisma.contentVersion.findUniqueOrThrow({ where: { contentId_version: { contentId: s.contentId!, version: s.contentVersion! } }, select: { title: true, data: true } });
    expect(used.title).toBe(item.title);
    expect((used.data as { opening: string }).opening).toBe(item.data.opening);
    const audits = await t.prisma.auditLog.findMany({ where: { userId: ins.id, action: "CONTENT_UPDATED" }, select: { details: true } });
    expect(audits.map((a) => (a.details as { operation: string }).operation).sort()).toEqual(["edit", "publish", "publish"]);

    // Unpublished content leaves the catalogue; deleting keeps the session (content id set to null).
    await ins.c.trpc.content.unpublish.mutate({ id });
    expect((await trpcError(trainee.c.trpc.catalog.get.query({ id }))).data?.code).toBe("NOT_FOUND");
    await ins.c.trpc.content.delete.mutate({ id });
    const after = await t.prisma.chatSession.findUniqueOrThrow({ where: { id: session.id }, select: { contentId: true, topic: true } });
    expect(after).toEqual({ contentId: null, topic: item.title });
  });

  it("never sends an assessment's or quiz's answers to the catalogue (raw HTTP body)", async () => {
    const ins = await signedIn("INSTRUCTOR", { verified: true });
    const trainee = await signedIn("TRAINEE");
    const ids = [];
    for (const type of ["ASSESSMENT", "LESSON", "EXERCISE", "CHAT_SCENARIO"] as const) {
      const { id } = await ins.c.trpc.content.create.mutate(sample(type));
      await ins.c.trpc.content.publish.mutate({ id });
      ids.push(id);
    }
    for (const id of ids) {
      const res = await trainee.c.fetch(`/api/trpc/catalog.get?input=${encodeURIComponent(JSON.stringify({ json: { id } }))}`);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).not.toMatch(/"answers?"|"acceptedAnswers"|"explanation"|"mustInclude"|"avoid"|"phrases"|"llmInstructions"|"followUp"/);
    }
    const list = await trainee.c.fetch(`/api/trpc/catalog.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
    const listed = JSON.parse(await list.text()) as { result: { data: { json: { items: Record<string, unknown>[] } } } };
    expect(listed.result.data.json.items.length).toBeGreaterThanOrEqual(4);
    for (const item of listed.result.data.json.items) expect(Object.keys(item)).not.toContain("data");
  });

  it("counts one view per user per item per day", async () => {
    const ins = await signedIn("INSTRUCTOR", { verified: true });
    const { id } = await ins.c.trpc.content.create.mutate(sample("LESSON"));
    await ins.c.trpc.content.publish.mutate({ id });
    const a = await signedIn("TRAINEE");
    const b = await signedIn("TRAINEE");
    await Promise.all([...Array(5)].map(() => a.c.trpc.catalog.get.query({ id })));
    await b.c.trpc.catalog.get.query({ id });
    await b.c.trpc.catalog.get.query({ id });
    expect((await t.prisma.content.findUniqueOrThrow({ where: { id } })).views).toBe(2);
    // Yesterday's view does not stop today's.
    await t.prisma.contentView.updateMany({ where: { contentId: id, userId: a.id }, data: { day: new Date(Date.now() - 86_400_000) } });
    await a.c.trpc.catalog.get.query({ id });
    expect((await t.prisma.content.findUniqueOrThrow({ where: { id } })).views).toBe(3);
  });

  it("keeps the rating an exact average under concurrent ratings; only trainees who completed rate", async () => {
    const ins = await signedIn("INSTRUCTOR", { verified: true });
    const { id } = await ins.c.trpc.content.create.mutate(sample("EXERCISE"));
    await ins.c.trpc.content.publish.mutate({ id });
    const stranger = await signedIn("TRAINEE");
    const e = await trpcError(stranger.c.trpc.content.rate.mutate({ id, stars: 5 }));
    expect(e.data?.appCode).toBe("NOT_COMPLETED");

    const raters = await Promise.all([...Array(8)].map(() => signedIn("TRAINEE")));
    for (const r of raters) await recordCompletion(t.prisma, { contentId: id, contentVersion: 1, userId: r.id, score: 80, details: { questions: { i1: true, i2: false } } });
    const stars = [5, 4, 3, 5, 1, 2, 5, 4];
    await Promise.all(raters.map((r, i) => r.c.trpc.content.rate.mutate({ id, stars: stars[i]! })));
    // Two re-rate at the same time.
    await Promise.all([raters[0]!.c.trpc.content.rate.mutate({ id, stars: 1 }), raters[4]!.c.trpc.content.rate.mutate({ id, stars: 5 })]);
    const final = [1, 4, 3, 5, 5, 2, 5, 4];
    const row = await t.prisma.content.findUniqueOrThrow({ where: { id }, select: { rating: true, ratingCount: true, ratingSum: true } });
    expect(row).toEqual({ rating: final.reduce((a, b) => a + b) / final.length, ratingCount: 8, ratingSum: 29 });

    const stats = await ins.c.trpc.content.stats.query({ id });
    expect(stats).toMatchObject({ completions: 8, averageScore: 80, ratingCount: 8 });
    expect(stats.ratingDistribution).toEqual([
      { stars: 1, count: 1 },
      { stars: 2, count: 1 },
      { stars: 3, count: 1 },
      { stars: 4, count: 2 },
      { stars: 5, count: 3 },
    ]);
    // The exercise's own items come first (no attempt reached them here); ids only completions know follow.
    expect(stats.questions.filter((q) => q.attempts > 0)).toEqual([
      { id: "i1", prompt: null, attempts: 8, correctShare: 1 },
      { id: "i2", prompt: null, attempts: 8, correctShare: 0 },
    ]);
  });

  it("lists the instructor's own content by status and searches titles literally", async () => {
    const ins = await signedIn("INSTRUCTOR", { verified: true });
    const a = await ins.c.trpc.content.create.mutate({ ...sample("LESSON"), title: "Discount 50% off" });
    await ins.c.trpc.content.create.mutate({ ...sample("LESSON"), title: "Discount 500 words" });
    await ins.c.trpc.content.publish.mutate({ id: a.id });
    expect((await ins.c.trpc.content.mine.query({ q: "50%" })).items.map((i) => i.title)).toEqual(["Discount 50% off"]);
    expect((await ins.c.trpc.content.mine.query({ status: "draft" })).items.map((i) => i.title)).toEqual(["Discount 500 words"]);
    expect((await ins.c.trpc.content.mine.query({ status: "published", type: "LESSON" })).items).toHaveLength(1);
    const e = await trpcError(ins.c.trpc.content.mine.query({ cursor: "not-a-cursor" }));
    expect(e.data?.code).toBe("BAD_REQUEST");
  });

  it("installs the starter library once, published, owned by an account that cannot sign in", async () => {
    // Two app servers starting together install it once.
    const [a, b] = await Promise.all([installLibrary(t.prisma), installLibrary(t.prisma)]);
    expect(a.created + b.created).toBe(library.length);
    expect(await t.prisma.content.count({ where: { libraryKey: { not: null } } })).toBe(library.length);
    expect(await installLibrary(t.prisma)).toEqual({ created: 0, updated: 0 });
    // A newer version of one file is published as a new version.
    const bumped = library.map((f, i) => (i === 0 ? { ...f, version: f.version + 1, item: { ...f.item, title: `${f.item.title} (2)` } } : f));
    expect(await installLibrary(t.prisma, bumped)).toEqual({ created: 0, updated: 1 });
    const row = await t.prisma.content.findUniqueOrThrow({ where: { libraryKey: library[0]!.key }, select: { title: true, version: true, isPublished: true } });
    expect(row).toEqual({ title: `${library[0]!.item.title} (2)`, version: 2, isPublished: true });

    const trainee = await signedIn("TRAINEE");
    const chats = await trainee.c.trpc.catalog.list.query({ type: "CHAT_SCENARIO" });
    expect(chats.items.filter((i) => i.author === "HireXp Library").length).toBeGreaterThanOrEqual(8);
    const lib = await t.prisma.user.findUniqueOrThrow({ where: { email: LIBRARY_EMAIL }, select: { password: true, role: true, instructorProfile: { select: { isVerified: true } }, accounts: { select: { id: true } } } });
    expect(lib).toEqual({ password: null, role: "INSTRUCTOR", instructorProfile: { isVerified: true }, accounts: [] });
    const e = await trpcError(app.client().trpc.auth.signIn.mutate({ email: LIBRARY_EMAIL, password: PASSWORD }));
    expect(e.data?.code).toBe("UNAUTHORIZED");
  });
});
