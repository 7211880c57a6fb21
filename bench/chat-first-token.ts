// How soon a trainee sees the coach's first words in a chat (issue 9: "first text on screen in
// well under a second with the embedded coach"): time from sending a message to the first
// chunk of the streamed reply (practice.chat.sendStream over httpBatchStreamLink, as the SPA
// does), next to baselines measured in the same run through the same server: a signed-in
// `auth.me` round trip (the floor for any signed-in call) and the whole non-streamed
// exchange (practice.chat.send). Real HTTP on 127.0.0.1, real PostgreSQL, embedded coach.
// Run: npx tsx bench/chat-first-token.ts   (BENCH_N: timed messages per measurement, default 60)
import { createTRPCClient, httpBatchStreamLink } from "@trpc/client";
import type { AppRouter } from "../server/routers/app.ts";
import { hashPassword } from "../server/auth/password.ts";
import { openDatabase } from "../server/db/client.ts";
import { migrate } from "../server/db/migrate.ts";
import { installLibrary } from "../server/services/content/library.ts";
import { createUser } from "../server/services/users/create-user.ts";
import { transformer } from "../shared/transformer.ts";
import { startTestApp, type TestClient } from "../tests/helpers/app.ts";
import { withPostgres } from "./postgres.ts";

const N = Number(process.env.BENCH_N ?? 60);
/** Messages per trainee: below the 30-a-minute limit per trainee. */
const PER_TRAINEE = 20;
const PASSWORD = "correct horse battery staple";
const ANSWERS = [
  "I have worked in customer support for three years and I enjoy solving problems for people.",
  "In my last role I handled about forty tickets a day and trained two new colleagues.",
  "I am looking for a team where I can grow and take on more responsibility.",
  "My strength is staying calm with upset customers and finding a practical fix quickly.",
];

function stats(label: string, ms: number[]): number {
  const s = [...ms].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)]!;
  const p90 = s[Math.min(s.length - 1, Math.floor(s.length * 0.9))]!;
  console.log(`${label.padEnd(52)} median ${median.toFixed(1).padStart(7)} ms   p90 ${p90.toFixed(1).padStart(7)} ms`);
  return median;
}

await withPostgres(async (url) => {
  const db = await openDatabase({ databaseUrl: url });
  await migrate(db.sql);
  await installLibrary(db.prisma);
  const app = await startTestApp(db);
  const hash = await hashPassword(PASSWORD);
  const chat = await db.prisma.content.findFirstOrThrow({ where: { type: "CHAT_SCENARIO", isPublished: true }, orderBy: { title: "asc" }, select: { id: true, title: true } });
  let seq = 0;

  /** A fresh signed-in trainee in a new chat session (the per-trainee message limit is 30 a minute). */
  async function trainee() {
    const email = `bench-${++seq}@example.com`;
    await createUser(db.prisma, { email, passwordHash: hash, role: "TRAINEE", name: `Bench ${seq}` });
    const c = app.client();
    await c.signIn(email, PASSWORD);
    const { sessionId } = await c.trpc.practice.chat.start.mutate({ contentId: chat.id });
    return { c, sessionId };
  }
  const streaming = (c: TestClient) =>
    createTRPCClient<AppRouter>({
      links: [httpBatchStreamLink({ url: `${app.url}/api/trpc`, transformer, fetch: (u, init) => fetch(u, { ...(init as RequestInit), headers: { ...(init?.headers as Record<string, string>), ...c.headers() } }) })],
    });

  /** Runs `fn` for `n` messages (a new trainee every PER_TRAINEE), after 5 untimed warm-up messages. */
  async function measure(n: number, fn: (c: TestClient, sessionId: string, text: string) => Promise<void>) {
    let t = await trainee();
    for (let i = 0; i < 5; i++) await fn(t.c, t.sessionId, ANSWERS[i % ANSWERS.length]!);
    t = await trainee();
    for (let i = 0; i < n; i++) {
      if (i > 0 && i % PER_TRAINEE === 0) t = await trainee();
      await fn(t.c, t.sessionId, ANSWERS[i % ANSWERS.length]!);
    }
  }

  console.log(`chat with the embedded coach on "${chat.title}", PostgreSQL 15, ${N} timed messages each`);
  const me: number[] = [];
  await measure(N, async (c) => {
    const t0 = performance.now();
    await c.trpc.auth.me.query();
    me.push(performance.now() - t0);
  });
  const first: number[] = [];
  const whole: number[] = [];
  await measure(N, async (c, sessionId, text) => {
    const t0 = performance.now();
    let firstAt: number | null = null;
    for await (const e of await streaming(c).practice.chat.sendStream.mutate({ sessionId, content: text })) {
      if (e.type === "chunk" && firstAt === null) firstAt = performance.now();
    }
    const end = performance.now();
    first.push((firstAt ?? end) - t0);
    whole.push(end - t0);
  });
  const plain: number[] = [];
  await measure(N, async (c, sessionId, text) => {
    const t0 = performance.now();
    await c.trpc.practice.chat.send.mutate({ sessionId, content: text });
    plain.push(performance.now() - t0);
  });

  const base = stats("baseline: signed-in auth.me round trip", me);
  const firstMs = stats("first chunk of the streamed reply (sendStream)", first);
  stats("whole streamed exchange (sendStream, last event)", whole);
  const plainMs = stats("baseline: whole exchange, not streamed (send)", plain);
  console.log(`ratio: first chunk / auth.me ${(firstMs / base).toFixed(2)}×, first chunk / plain send ${(firstMs / plainMs).toFixed(2)}×; target "well under a second": ${firstMs < 500 ? "met" : "NOT met"}`);
  await app.close();
  await db.close();
});
