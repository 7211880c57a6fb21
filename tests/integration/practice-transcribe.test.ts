// Server-side speech-to-text for call practice: POST /api/practice/calls/:sessionId/transcribe
// against a local server speaking the OpenAI audio-transcriptions protocol
// (tests/helpers/transcription-server.ts), with speech made by espeak-ng. The audio bytes reach
// the STT server as a multipart file with the configured model and key, and its text comes back
// and goes on through practice.call.say. Also: who may call it (owner, trainee, CSRF), ended
// sessions, sizes and types, every upstream failure as a clear 503 (never our 500), the rate
// limit, and the answer when STT_BASE_URL is unset.
import crypto from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import type { SttConfig } from "../../server/config.ts";
import { installLibrary } from "../../server/services/content/library.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { TRANSCRIBE_MAX_BYTES, transcribePath } from "../../shared/schemas/speech.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { startTestApp, type TestApp, type TestClient } from "../helpers/app.ts";
import { espeakRequired, espeakStatus, espeakWav, silentWav } from "../helpers/speech-audio.ts";
import { startTranscriptionServer, type TranscriptionTestServer } from "../helpers/transcription-server.ts";

const PASSWORD = "correct horse battery staple";
const STT_KEY = "sk-stt-test-secret-4711";
let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;
const sha = (b: Uint8Array) => crypto.createHash("sha256").update(b).digest("hex");

/** A test that needs espeak-ng: skipped with the reason when it is missing (failed under REQUIRE_ESPEAK). */
function itWithEspeak(name: string, fn: () => Promise<void>, timeout?: number) {
  const s = espeakStatus();
  if (s.available) return it(name, fn, timeout);
  if (espeakRequired()) {
    return it(name, () => {
      throw new Error(`${s.reason}; REQUIRE_ESPEAK=${process.env.REQUIRE_ESPEAK}, so this fails`);
    });
  }
  return it.skip(`${name} (skipped: ${s.reason})`, fn);
}

describeEachDatabase("practice: server speech-to-text", (t) => {
  let stt: TranscriptionTestServer;
  let app: TestApp;
  let plain: TestApp;
  let hash: string;
  let callId: string;
  let chatId: string;
  /** What the fake STT server "hears": the text each registered audio file was made from. */
  const spoken = new Map<string, string>();

  const sttConfig = (over: Partial<SttConfig> = {}): SttConfig => ({ baseURL: stt.baseURL, apiKey: STT_KEY, model: "test-whisper", timeoutMs: 1500, ...over });

  beforeAll(async () => {
    stt = await startTranscriptionServer();
    stt.transcriber = (file) => spoken.get(sha(file.bytes)) ?? "(unrecognised audio)";
    app = await startTestApp(t.db, { stt: sttConfig() });
    plain = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
    await installLibrary(t.prisma);
    const ids = await t.prisma.content.findMany({ where: { libraryKey: { in: ["tell-me-about-yourself", "recruiter-phone-screen"] } }, select: { id: true, libraryKey: true } });
    chatId = ids.find((r) => r.libraryKey === "tell-me-about-yourself")!.id;
    callId = ids.find((r) => r.libraryKey === "recruiter-phone-screen")!.id;
  });
  afterAll(async () => {
    await app?.close();
    await plain?.close();
    await stt?.close();
  });

  async function signedIn(on: TestApp = app, role: "TRAINEE" | "INSTRUCTOR" = "TRAINEE") {
    const email = `${role.toLowerCase()}-${uniq()}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role, name: `${role} ${seq}` });
    const c = on.client();
    await c.signIn(email, PASSWORD);
    return { id: u.id, c };
  }

  async function callOf(c: TestClient) {
    return (await c.trpc.practice.call.start.mutate({ contentId: callId })).sessionId;
  }

  function upload(c: TestClient, sessionId: string, body: BodyInit | Buffer, type = "audio/wav", headers: Record<string, string> = {}) {
    return c.fetch(transcribePath(sessionId), { method: "POST", headers: { "content-type": type, ...headers }, body: body as BodyInit });
  }

  itWithEspeak(
    "forwards the recorded speech to the STT server (file, model, key) and answers its text, which then goes through practice.call.say",
    async () => {
      const said = "Yes, I am still interested in the receptionist role.";
      const wav = espeakWav(said);
      expect(wav.subarray(0, 4).toString("ascii")).toBe("RIFF");
      spoken.set(sha(wav), said);
      const me = await signedIn();
      const sessionId = await callOf(me.c);
      expect((await me.c.trpc.practice.sessions.get.query({ sessionId })).serverSpeechToText).toBe(true);

      const before = stt.requests.length;
      const startedAt = Date.now() - 4000;
      const res = await upload(me.c, sessionId, wav, "audio/wav");
      const endedAt = Date.now();
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ text: said });

      // What the STT server received: the very bytes, as a multipart file, with the model and the key.
      expect(stt.requests.length).toBe(before + 1);
      const got = stt.requests.at(-1)!;
      expect(got.path).toBe("/v1/audio/transcriptions");
      expect(got.headers.authorization).toBe(`Bearer ${STT_KEY}`);
      expect(got.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
      expect(got.fields).toMatchObject({ model: "test-whisper", response_format: "json" });
      expect(got.file!.name).toBe("utterance.wav");
      expect(got.file!.type).toBe("audio/wav");
      expect(got.file!.bytes.subarray(0, 4).toString("ascii")).toBe("RIFF");
      expect(got.file!.bytes.subarray(8, 12).toString("ascii")).toBe("WAVE");
      expect(got.file!.bytes.equals(wav)).toBe(true);

      // The SPA sends the text as the utterance, with the recording's times: stored like any other.
      const r = await me.c.trpc.practice.call.say.mutate({ sessionId, text: said, startedAt, endedAt });
      expect(r.utterance.text).toBe(said);
      const line = await t.prisma.callTranscript.findFirstOrThrow({ where: { sessionId, speaker: "user" }, select: { text: true, durationMs: true } });
      expect(line).toEqual({ text: said, durationMs: endedAt - startedAt });
      // The key never reaches the trainee.
      expect(me.c.bodies.some((b) => b.includes(STT_KEY))).toBe(false);
    },
    30_000,
  );

  it("accepts the browser's recording types with codec parameters, and sends no Authorization header without a key", async () => {
    const keyless = await startTestApp(t.db, { stt: sttConfig({ apiKey: undefined }) });
    try {
      const me = await signedIn(keyless);
      const sessionId = await callOf(me.c);
      // A WebM file starts with the EBML magic number.
      const webm = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(60, 1)]);
      const res = await upload(me.c, sessionId, webm, "audio/webm;codecs=opus");
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ text: "(unrecognised audio)" });
      const got = stt.requests.at(-1)!;
      expect(got.headers.authorization).toBeUndefined();
      expect(got.file).toMatchObject({ name: "utterance.webm", type: "audio/webm" });
      expect(got.file!.bytes.equals(webm)).toBe(true);
    } finally {
      await keyless.close();
    }
  });

  it("answers only the session's owner: another trainee's call, a chat and an unknown id are 404, and nothing reaches the STT server", async () => {
    const owner = await signedIn();
    const intruder = await signedIn();
    const sessionId = await callOf(owner.c);
    const chat = await owner.c.trpc.practice.chat.start.mutate({ contentId: chatId });
    const before = stt.requests.length;
    for (const id of [sessionId, chat.sessionId, "no-such-session"]) {
      const res = await upload(intruder.c, id, silentWav());
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ appCode: "SESSION_NOT_FOUND" });
    }
    const ownChat = await upload(owner.c, chat.sessionId, silentWav());
    expect(ownChat.status).toBe(404);
    expect(stt.requests.length).toBe(before);
  });

  it("refuses an ended call (409 SESSION_ENDED)", async () => {
    const me = await signedIn();
    const sessionId = await callOf(me.c);
    const now = Date.now();
    await me.c.trpc.practice.call.say.mutate({ sessionId, text: "Yes, I am still interested.", startedAt: now - 2000, endedAt: now - 500 });
    await me.c.trpc.practice.call.end.mutate({ sessionId });
    const res = await upload(me.c, sessionId, silentWav());
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ appCode: "SESSION_ENDED" });
    // (Ending evaluates the call: the grammar checker's one-time start-up can take a while on a busy machine.)
  }, 120_000);

  it("checks who is calling: signed out 401, an instructor 403, another origin or none 403 (CSRF)", async () => {
    const me = await signedIn();
    const sessionId = await callOf(me.c);
    const anonymous = app.client();
    expect((await upload(anonymous, sessionId, silentWav())).status).toBe(401);
    const instructor = await signedIn(app, "INSTRUCTOR");
    expect((await upload(instructor.c, sessionId, silentWav())).status).toBe(403);
    for (const origin of ["https://evil.example", ""]) {
      const res = await upload(me.c, sessionId, silentWav(), "audio/wav", { origin });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ appCode: "CSRF" });
    }
  });

  it("refuses a recording over 5 MB with 413 and a clear message (declared length and chunked), and bad bodies with 400/415", async () => {
    const me = await signedIn();
    const sessionId = await callOf(me.c);
    const before = stt.requests.length;
    const big = Buffer.concat([silentWav(), Buffer.alloc(TRANSCRIBE_MAX_BYTES)]);
    const declared = await upload(me.c, sessionId, big);
    expect(declared.status).toBe(413);
    const body = (await declared.json()) as { error: string; appCode: string };
    expect(body.appCode).toBe("RECORDING_TOO_LARGE");
    expect(body.error).toMatch(/larger than 5 MB/);
    // Without a Content-Length (a streamed body), the limit holds while reading.
    const chunks = [silentWav(), Buffer.alloc(TRANSCRIBE_MAX_BYTES)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const chunked = await me.c.fetch(transcribePath(sessionId), { method: "POST", headers: { "content-type": "audio/wav" }, body: stream, duplex: "half" } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await chunked.json()).toMatchObject({ appCode: "RECORDING_TOO_LARGE" });

    const video = await upload(me.c, sessionId, silentWav(), "video/mp4");
    expect(video.status).toBe(415);
    expect(await video.json()).toMatchObject({ appCode: "UNSUPPORTED_AUDIO" });
    const json = await upload(me.c, sessionId, JSON.stringify({ text: "hi" }), "application/json");
    expect(json.status).toBe(415);
    const notWav = await upload(me.c, sessionId, Buffer.from("this is plain text, not a wave file"), "audio/wav");
    expect(notWav.status).toBe(400);
    expect(await notWav.json()).toMatchObject({ appCode: "NOT_AUDIO" });
    const empty = await upload(me.c, sessionId, Buffer.alloc(0), "audio/wav");
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ appCode: "EMPTY_RECORDING" });
    expect(stt.requests.length).toBe(before);
  });

  it("turns every STT failure into a clear 503 with its own code (500, 429, not a transcription, a 400 about the audio, no answer in time)", async () => {
    const me = await signedIn();
    const sessionId = await callOf(me.c);
    const cases = [
      { script: { kind: "status", status: 500 }, status: 503, appCode: "STT_FAILED" },
      { script: { kind: "status", status: 429 }, status: 503, appCode: "STT_BUSY" },
      { script: { kind: "garbage" }, status: 503, appCode: "STT_FAILED" },
      { script: { kind: "status", status: 400, message: `bad file ${STT_KEY}` }, status: 400, appCode: "STT_AUDIO_REJECTED" },
      { script: { kind: "hang" }, status: 503, appCode: "STT_TIMEOUT" },
    ] as const;
    for (const c of cases) {
      stt.respond(c.script);
      const res = await upload(me.c, sessionId, silentWav());
      const body = (await res.json()) as { error: string; appCode: string };
      expect({ status: res.status, appCode: body.appCode }).toEqual({ status: c.status, appCode: c.appCode });
      expect(body.error).toMatch(/transcription server/);
      expect(body.error).toMatch(/type what you would say/i);
      expect(JSON.stringify(body)).not.toContain(STT_KEY);
    }
  });

  it("answers 503 STT_UNAVAILABLE when the STT server cannot be reached", async () => {
    const gone = await startTranscriptionServer();
    await gone.close();
    const down = await startTestApp(t.db, { stt: sttConfig({ baseURL: gone.baseURL }) });
    try {
      const me = await signedIn(down);
      const res = await upload(me.c, await callOf(me.c), silentWav());
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ appCode: "STT_UNAVAILABLE" });
    } finally {
      await down.close();
    }
  });

  it("limits each trainee to 30 transcriptions a minute (429 with Retry-After), without touching other trainees", async () => {
    const me = await signedIn();
    const other = await signedIn();
    const sessionId = await callOf(me.c);
    for (let i = 0; i < 30; i++) expect((await upload(me.c, sessionId, silentWav(20))).status).toBe(200);
    const limited = await upload(me.c, sessionId, silentWav(20));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ appCode: "RATE_LIMITED" });
    expect((await upload(other.c, await callOf(other.c), silentWav(20))).status).toBe(200);
  });

  it("without STT_BASE_URL: practice.sessions.get says so, and the route answers 404 STT_NOT_CONFIGURED", async () => {
    const me = await signedIn(plain);
    const sessionId = await callOf(me.c);
    expect((await me.c.trpc.practice.sessions.get.query({ sessionId })).serverSpeechToText).toBe(false);
    const res = await upload(me.c, sessionId, silentWav());
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: string; appCode: string };
    expect(body.appCode).toBe("STT_NOT_CONFIGURED");
    expect(body.error).toMatch(/STT_BASE_URL/);
  });
});
