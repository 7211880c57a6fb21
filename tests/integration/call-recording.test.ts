// Call recordings over real HTTP, on PGlite and a real PostgreSQL: the owner uploads the raw
// audio once (PUT) and hears it back byte for byte (GET, with ranges); another trainee gets
// 404, an admin can listen, a signed-out caller gets 401; oversize → 413, not audio → 415,
// other origin → 403, a second upload → 409; the retention job removes an old recording and
// clears the URL; deleting the user removes the files; the orphan sweep removes a file whose
// session is gone.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { installLibrary } from "../../server/services/content/library.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { RECORDING_MAX_BYTES, recordingKey, recordingStorage, runRecordingRetention } from "../../server/services/practice/recording.ts";
import { parseRange } from "../../server/routes/call-recording.ts";
import { LocalDiskStorage } from "../../server/storage/local-disk.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { startTestApp, type TestApp, type TestClient } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
const DAY = 24 * 60 * 60_000;
let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;
const audio = (n = 4096) => crypto.randomBytes(n);

describeEachDatabase("call recordings", (t) => {
  let app: TestApp;
  let hash: string;
  let callId: string;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-rec-"));
    app = await startTestApp(t.db, { dataDir });
    hash = await hashPassword(PASSWORD);
    await installLibrary(t.prisma);
    callId = (await t.prisma.content.findFirstOrThrow({ where: { libraryKey: "recruiter-phone-screen" }, select: { id: true } })).id;
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const recordingsDir = () => path.join(dataDir, "recordings");

  async function signedIn(role: "TRAINEE" | "ADMIN" = "TRAINEE") {
    const email = `${role.toLowerCase()}-${uniq()}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role, name: `${role} ${seq}`, ...(role === "ADMIN" ? { adminAccessLevel: 3 } : {}) });
    const c = app.client();
    await c.signIn(email, PASSWORD);
    return { id: u.id, c };
  }

  /** A call with one utterance, marked ended now (the page uploads right after practice.call.end). */
  async function endedCall(c: TestClient) {
    const s = await c.trpc.practice.call.start.mutate({ contentId: callId });
    const now = Date.now();
    await c.trpc.practice.call.say.mutate({ sessionId: s.sessionId, text: "Yes, I am still interested in the role.", startedAt: now - 2000, endedAt: now - 500 });
    await t.prisma.callSession.update({ where: { id: s.sessionId }, data: { status: "COMPLETED", endedAt: new Date() } });
    return s.sessionId;
  }

  const url = (id: string) => `/api/practice/calls/${id}/recording`;
  const upload = (c: TestClient, id: string, body: Buffer, type = "audio/webm;codecs=opus") => c.fetch(url(id), { method: "PUT", body: new Uint8Array(body), headers: { "content-type": type } });

  it("stores the owner's upload and gives the same bytes back to the owner, with ranges; the session names its URL", async () => {
    const me = await signedIn();
    const id = await endedCall(me.c);
    expect((await me.c.trpc.practice.sessions.get.query({ sessionId: id })).recordingUrl).toBeNull();
    const bytes = audio(10_000);
    const put = await upload(me.c, id, bytes);
    expect(put.status).toBe(201);
    expect(await put.json()).toEqual({ recordingUrl: url(id) });
    expect((await me.c.trpc.practice.sessions.get.query({ sessionId: id })).recordingUrl).toBe(url(id));

    const got = await me.c.fetch(url(id));
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("audio/webm");
    expect(got.headers.get("accept-ranges")).toBe("bytes");
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);

    const part = await me.c.fetch(url(id), { headers: { range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
    const tail = await me.c.fetch(url(id), { headers: { range: "bytes=-10" } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).toBe(true);
    const beyond = await me.c.fetch(url(id), { headers: { range: `bytes=${bytes.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${bytes.length}`);

    // On disk: under DATA_DIR/recordings, named by a generated key, readable by the app only.
    const file = path.join(recordingsDir(), recordingKey(id));
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    // One recording per session: a second upload is refused and the first is kept.
    const again = await upload(me.c, id, audio(100));
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ appCode: "RECORDING_EXISTS" });
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it("serves a recording to its owner and to admins only: another trainee 404, signed out 401", async () => {
    const owner = await signedIn();
    const id = await endedCall(owner.c);
    const bytes = audio(2048);
    expect((await upload(owner.c, id, bytes, "audio/ogg")).status).toBe(201);

    const intruder = await signedIn();
    const stolen = await intruder.c.fetch(url(id));
    expect(stolen.status).toBe(404);
    expect(await stolen.text()).not.toContain(bytes.subarray(0, 16).toString("latin1"));
    // Nor can they upload to it, or see it through the session procedure.
    expect((await upload(intruder.c, id, audio(10))).status).toBe(404);
    expect((await intruder.c.fetch(url("nosuchsession"))).status).toBe(404);

    const admin = await signedIn("ADMIN");
    const heard = await admin.c.fetch(url(id));
    expect(heard.status).toBe(200);
    expect(heard.headers.get("content-type")).toBe("audio/ogg");
    expect(Buffer.from(await heard.arrayBuffer()).equals(bytes)).toBe(true);

    const anonymous = app.client();
    expect((await anonymous.fetch(url(id))).status).toBe(401);
    expect((await upload(anonymous, id, audio(10))).status).toBe(401);
  });

  it("refuses bad uploads with clear answers: too large 413, not audio 415, other origin 403; nothing is kept", async () => {
    const me = await signedIn();
    const id = await endedCall(me.c);

    const big = await upload(me.c, id, Buffer.alloc(RECORDING_MAX_BYTES + 1));
    expect(big.status).toBe(413);
    expect((await big.json()).error).toMatch(/at most 50 MB/);

    // Chunked, without a Content-Length: cut off while streaming, with the same answer.
    const chunks = async function* () {
      for (let sent = 0; sent <= RECORDING_MAX_BYTES; sent += 1024 * 1024) yield new Uint8Array(1024 * 1024);
    };
    const streamed = await me.c.fetch(url(id), { method: "PUT", body: ReadableStreamFrom(chunks()), headers: { "content-type": "audio/webm" }, duplex: "half" } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).appCode).toBe("RECORDING_TOO_LARGE");

    for (const type of ["text/plain", "application/octet-stream", "video/webm"]) {
      const r = await upload(me.c, id, audio(10), type);
      expect(r.status).toBe(415);
      expect((await r.json()).error).toMatch(/must be audio: audio\/webm, audio\/ogg, audio\/mp4, audio\/wav/);
    }
    const noType = await me.c.fetch(url(id), { method: "PUT", body: new Uint8Array(audio(10)) });
    expect(noType.status).toBe(415);

    const empty = await upload(me.c, id, Buffer.alloc(0));
    expect(empty.status).toBe(400);

    const elsewhere = new (me.c.constructor as typeof TestClient)(app.url, app.config.appOrigin, { origin: "https://evil.example" });
    for (const [k, v] of me.c.cookies) elsewhere.cookies.set(k, v);
    expect((await upload(elsewhere, id, audio(10))).status).toBe(403);

    expect(fs.existsSync(path.join(recordingsDir(), recordingKey(id)))).toBe(false);
    expect((await t.prisma.callSession.findUniqueOrThrow({ where: { id }, select: { recordingUrl: true } })).recordingUrl).toBeNull();
    // After all that, a proper upload still works.
    expect((await upload(me.c, id, audio(64), "audio/wav")).status).toBe(201);
  });

  it("refuses an upload for a call that ended more than an hour ago", async () => {
    const me = await signedIn();
    const id = await endedCall(me.c);
    await t.prisma.callSession.update({ where: { id }, data: { endedAt: new Date(Date.now() - 2 * 60 * 60_000) } });
    const r = await upload(me.c, id, audio(10));
    expect(r.status).toBe(409);
    expect((await r.json()).appCode).toBe("RECORDING_TOO_LATE");
  });

  it("the retention job deletes recordings older than RECORDING_RETENTION_DAYS and clears their URL; newer ones stay", async () => {
    expect(app.config.recordingRetentionDays).toBe(30);
    const me = await signedIn();
    const oldId = await endedCall(me.c);
    const newId = await endedCall(me.c);
    expect((await upload(me.c, oldId, audio(100))).status).toBe(201);
    expect((await upload(me.c, newId, audio(100))).status).toBe(201);
    // Backdate the old recording's file by 31 days (its age is when it was stored).
    const oldFile = path.join(recordingsDir(), recordingKey(oldId));
    const then = new Date(Date.now() - 31 * DAY);
    fs.utimesSync(oldFile, then, then);

    const store = recordingStorage(dataDir);
    const r = await runRecordingRetention(t.prisma, store, { retentionDays: app.config.recordingRetentionDays });
    expect(r.recordingsExpired).toBe(1);
    expect(fs.existsSync(oldFile)).toBe(false);
    expect(fs.existsSync(path.join(recordingsDir(), recordingKey(newId)))).toBe(true);
    const rows = await t.prisma.callSession.findMany({ where: { id: { in: [oldId, newId] } }, select: { id: true, recordingUrl: true } });
    expect(Object.fromEntries(rows.map((x) => [x.id, x.recordingUrl]))).toEqual({ [oldId]: null, [newId]: url(newId) });
    expect((await me.c.fetch(url(oldId))).status).toBe(404);
    expect((await me.c.fetch(url(newId))).status).toBe(200);

    // With a clock 30 days on, the newer one goes too.
    const later = await runRecordingRetention(t.prisma, store, { retentionDays: 30, now: new Date(Date.now() + 30 * DAY + 60_000) });
    expect(later.recordingsExpired).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(path.join(recordingsDir(), recordingKey(newId)))).toBe(false);
  });

  it("deleting the user deletes their recordings; a file whose session is gone is swept as an orphan", async () => {
    const admin = await signedIn("ADMIN");
    const me = await signedIn();
    const ids = [await endedCall(me.c), await endedCall(me.c)];
    for (const id of ids) expect((await upload(me.c, id, audio(100))).status).toBe(201);
    expect(await admin.c.trpc.admin.users.delete.mutate({ userId: me.id })).toEqual({ deleted: true });
    for (const id of ids) expect(fs.existsSync(path.join(recordingsDir(), recordingKey(id)))).toBe(false);
    expect(await t.prisma.callSession.count({ where: { id: { in: ids } } })).toBe(0);

    // A file left behind (e.g. written while the user was being deleted): removed once it is
    // past the grace period, never while it may still be an upload in progress.
    const other = await signedIn();
    const gone = await endedCall(other.c);
    expect((await upload(other.c, gone, audio(100))).status).toBe(201);
    await t.prisma.callSession.delete({ where: { id: gone } });
    const file = path.join(recordingsDir(), recordingKey(gone));
    const store = recordingStorage(dataDir);
    expect((await runRecordingRetention(t.prisma, store, { retentionDays: 30 })).orphansRemoved).toBe(0);
    expect(fs.existsSync(file)).toBe(true);
    const swept = await runRecordingRetention(t.prisma, store, { retentionDays: 30, now: new Date(Date.now() + 2 * 60 * 60_000) });
    expect(swept.orphansRemoved).toBeGreaterThanOrEqual(1);
    expect(fs.existsSync(file)).toBe(false);
  });
});

/** A web ReadableStream from an async iterable (fetch streams it chunked, with no Content-Length). */
function ReadableStreamFrom(it: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iter = it[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const next = await iter.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
}

describe("recordings: byte ranges and the local-disk store", () => {
  it("parses single byte ranges and refuses unsatisfiable ones", () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange("bytes=0-9", 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange("bytes=90-", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=90-500", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-5", 100)).toEqual({ start: 95, end: 99 });
    expect(parseRange("bytes=100-", 100)).toBe("unsatisfiable");
    expect(parseRange("bytes=9-3", 100)).toBe("unsatisfiable");
    expect(parseRange("bytes=0-1,5-6", 100)).toBeNull();
    expect(parseRange("items=0-1", 100)).toBeNull();
  });

  it("refuses keys that could name another path, and leaves nothing behind from a failed put", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-store-"));
    try {
      const store = new LocalDiskStorage(root);
      for (const bad of ["../etc/passwd", "a/b", "A", ".hidden", "x.meta.json", ""]) await expect(store.put(bad, Buffer.from("x"), "audio/wav")).rejects.toThrow(/invalid storage key/);
      const { Readable } = await import("node:stream");
      const failing = new Readable({ read() {} });
      const p = store.put("k1", failing, "audio/wav");
      failing.push(Buffer.from("partial"));
      // Fails before the store has started reading it, as an aborted upload can.
      failing.destroy(new Error("boom"));
      await expect(p).rejects.toThrow("boom");
      expect(fs.readdirSync(root)).toEqual([]);
      expect(await store.put("k2", Buffer.from("hello"), "audio/ogg")).toBe(5);
      const got = await store.get("k2", { start: 1, end: 3 });
      expect(got?.size).toBe(5);
      const chunks: Buffer[] = [];
      for await (const c of got!.stream) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).toString()).toBe("ell");
      const listed = [];
      for await (const o of store.list("k")) listed.push({ key: o.key, size: o.size, contentType: o.contentType });
      expect(listed).toEqual([{ key: "k2", size: 5, contentType: "audio/ogg" }]);
      expect(await store.delete("k2")).toBe(true);
      expect(await store.delete("k2")).toBe(false);
      expect(fs.readdirSync(root)).toEqual([]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
