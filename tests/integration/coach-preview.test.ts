// content.previewReply over HTTP: the embedded coach on an unsaved scenario draft, for
// instructors and admins only, with the draft checked by the scenario schema (400 with field
// errors) and a per-author rate limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { RATE_RULES } from "../../server/auth/rate-limit.ts";
import { readLibrary } from "../../server/services/content/library.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import type { ChatScenarioData } from "../../shared/schemas/content.ts";
import { startTestApp, trpcError, type TestApp } from "../helpers/app.ts";
import { useTestDatabase } from "../helpers/db.ts";

const PASSWORD = "correct horse battery staple";
const draft = readLibrary().find((f) => f.key === "salary-negotiation-offer")!.item as { type: "CHAT_SCENARIO"; title: string; data: ChatScenarioData };

describe("content.previewReply", () => {
  const t = useTestDatabase("pglite");
  let app: TestApp;
  let hash: string;
  let n = 0;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
  });
  afterAll(() => app?.close());

  async function signedIn(role: "TRAINEE" | "INSTRUCTOR" | "ADMIN") {
    const email = `${role.toLowerCase()}-${++n}-${Math.random().toString(36).slice(2, 6)}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role, ...(role === "ADMIN" ? { adminAccessLevel: 1 } : {}) });
    const c = app.client();
    await c.signIn(email, PASSWORD);
    return { id: u.id, c };
  }

  it("plays an unsaved draft for an instructor: the next line, the goals covered so far, finished at the closing", async () => {
    const { c } = await signedIn("INSTRUCTOR");
    const data = structuredClone(draft.data);
    data.steps[0]!.say = "Draft line: what do you make of our offer?";

    const opening = await c.trpc.content.previewReply.mutate({ type: "CHAT_SCENARIO", title: "Draft", data, turns: [] });
    expect(opening).toEqual({ reply: data.opening, finished: false, coveredGoals: [] });

    const turns = [
      { role: "coach" as const, text: data.opening },
      { role: "trainee" as const, text: "Hi Rachel." },
    ];
    const first = await c.trpc.content.previewReply.mutate({ type: "CHAT_SCENARIO", title: "Draft", data, turns });
    expect(first.reply).toMatch(/Draft line: what do you make of our offer\?$/);
    expect(first.finished).toBe(false);

    turns.push({ role: "coach", text: first.reply }, { role: "trainee", text: "Thanks, I'm excited. Could you send me the offer in writing?" });
    const second = await c.trpc.content.previewReply.mutate({ type: "CHAT_SCENARIO", title: "Draft", data, turns });
    expect(second.coveredGoals).toEqual(["appreciation", "confirm"]);
    expect(second.reply).toMatch(/What figure did you have in mind, and why\?$/);

    // A one-step draft: the answer to its step gets the closing, finished.
    const tiny = { ...data, steps: [data.steps[0]!], closing: "Draft closing line." };
    const end = await c.trpc.content.previewReply.mutate({
      type: "CHAT_SCENARIO",
      title: "Draft",
      data: tiny,
      turns: [...turns.slice(0, 2), { role: "coach", text: first.reply }, { role: "trainee", text: "Thank you, I'm really pleased." }],
    });
    expect(end).toMatchObject({ finished: true, coveredGoals: ["appreciation"] });
    expect(end.reply).toMatch(/Draft closing line\.$/);

    // Nothing was stored.
    expect(await t.prisma.content.count({ where: { title: "Draft" } })).toBe(0);
  });

  it("works for an admin and for call scenarios", async () => {
    const { c } = await signedIn("ADMIN");
    const call = readLibrary().find((f) => f.item.type === "CALL_SCENARIO")!.item as { type: "CALL_SCENARIO"; title: string; data: unknown };
    const r = await c.trpc.content.previewReply.mutate({ type: "CALL_SCENARIO", title: call.title, data: call.data, turns: [{ role: "trainee", text: "Hello!" }] });
    expect(r.reply.length).toBeGreaterThan(0);
    expect(r.finished).toBe(false);
  });

  it("is forbidden to trainees", async () => {
    const { c } = await signedIn("TRAINEE");
    const e = await trpcError(c.trpc.content.previewReply.mutate({ type: "CHAT_SCENARIO", title: "Draft", data: draft.data, turns: [] }));
    expect(e.data?.code).toBe("FORBIDDEN");
    expect(e.data?.httpStatus).toBe(403);
  });

  it("refuses a bad draft with 400 and field errors by dotted path, and bad turns with 400", async () => {
    const { c } = await signedIn("INSTRUCTOR");
    const data = structuredClone(draft.data) as ChatScenarioData;
    data.steps[1]!.say = "";
    data.steps[2]!.expects = ["no-such-goal"];
    const e = await trpcError(c.trpc.content.previewReply.mutate({ type: "CHAT_SCENARIO", title: "Draft", data, turns: [] }));
    expect(e.data?.httpStatus).toBe(400);
    expect(e.data?.appCode).toBe("INVALID_CONTENT");
    expect(Object.keys(e.data?.fieldErrors ?? {})).toEqual(expect.arrayContaining(["data.steps.1.say", "data.steps.2.expects.0"]));

    const tooMany = Array.from({ length: 61 }, (_, i) => ({ role: i % 2 ? ("trainee" as const) : ("coach" as const), text: "Hi" }));
    const e2 = await trpcError(c.trpc.content.previewReply.mutate({ type: "CHAT_SCENARIO", title: "Draft", data: draft.data, turns: tooMany }));
    expect(e2.data?.httpStatus).toBe(400);
    expect(e2.message).toMatch(/at most 60/);

    const e3 = await trpcError(c.trpc.content.previewReply.mutate({ type: "CHAT_SCENARIO", title: "Draft", data: draft.data, turns: [{ role: "trainee", text: "x".repeat(2001) }] }));
    expect(e3.data?.httpStatus).toBe(400);
    expect(Object.keys(e3.data?.fieldErrors ?? {})).toContain("turns.0.text");

    const e4 = await trpcError(c.trpc.content.previewReply.mutate({ type: "LESSON" as "CHAT_SCENARIO", title: "Draft", data: draft.data, turns: [] }));
    expect(e4.data?.httpStatus).toBe(400);
  });

  it("is rate limited per author (429 with Retry-After)", async () => {
    const { c } = await signedIn("INSTRUCTOR");
    const input = { type: "CHAT_SCENARIO" as const, title: "Draft", data: draft.data, turns: [] };
    for (let i = 0; i < RATE_RULES.coachPreviewUser.limit; i++) await c.trpc.content.previewReply.mutate(input);
    const e = await trpcError(c.trpc.content.previewReply.mutate(input));
    expect(e.data?.code).toBe("TOO_MANY_REQUESTS");
    expect(e.data?.retryAfterSeconds).toBeGreaterThan(0);
    // Another author is not affected.
    const other = await signedIn("INSTRUCTOR");
    await expect(other.c.trpc.content.previewReply.mutate(input)).resolves.toMatchObject({ finished: false });
  });
});
