// Optional recordings of the trainee's side of a call (off by default; the call page asks each
// time). The browser records the microphone for the whole call and uploads it once, right
// after practice.call.end (routes/call-recording.ts); the file goes to the recordings Storage
// (DATA_DIR/recordings on local disk) under the key `call-<session id>` — the id comes from
// the session row, never from the request — and CallSession.recordingUrl is set to the app URL
// that serves it to its owner and to admins.
//
// One recording per session: a second upload is refused (RECORDING_EXISTS), so what an admin
// hears is what was recorded in the call. The session row is claimed first (a conditional
// UPDATE that sets recordingUrl only while it is null), so two uploads at once cannot both
// write; a failed write gives the claim back. Uploads are accepted while the call is active
// and up to UPLOAD_WINDOW_MS after it ended.
//
// Deletion: recordings go when their session goes (the only path today is deleting the user,
// whose sessions cascade: see deleteRecordings), and after RECORDING_RETENTION_DAYS
// (runRecordingRetention, hourly). The same run removes orphans: files whose session no
// longer exists or no longer points at them (a crash between the two steps of a delete).
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import type { PrismaClient } from "../../db/generated/client.ts";
import { LocalDiskStorage } from "../../storage/local-disk.ts";
import type { Storage } from "../../storage/storage.ts";
import { AppError } from "../errors.ts";
import { sessionNotFound } from "./scenario.ts";

export const RECORDING_MAX_BYTES = 50 * 1024 * 1024;
/** How long after a call ended its recording may still be uploaded. */
export const UPLOAD_WINDOW_MS = 60 * 60_000;
/** A file younger than this is never an orphan (its upload may be claiming its row right now). */
export const ORPHAN_GRACE_MS = 60 * 60_000;
const DAY = 24 * 60 * 60_000;

/** The audio types MediaRecorder produces in current browsers, and WAV; aliases map to one name. */
const AUDIO_TYPES: Record<string, string> = {
  "audio/webm": "audio/webm",
  "audio/ogg": "audio/ogg",
  "audio/mp4": "audio/mp4",
  "audio/wav": "audio/wav",
  "audio/x-wav": "audio/wav",
  "audio/wave": "audio/wav",
};
export const ACCEPTED_AUDIO_TYPES = ["audio/webm", "audio/ogg", "audio/mp4", "audio/wav"] as const;

/** The stored content type for a request's Content-Type (parameters such as codecs dropped), or null. */
export function audioTypeOf(header: string | undefined): string | null {
  const base = header?.split(";")[0]?.trim().toLowerCase();
  return (base && AUDIO_TYPES[base]) || null;
}

const KEY_PREFIX = "call-";
export const recordingKey = (sessionId: string) => `${KEY_PREFIX}${sessionId}`;
export const recordingUrlOf = (sessionId: string) => `/api/practice/calls/${sessionId}/recording`;

const stores = new Map<string, Storage>();
/** The recordings store of an app whose data folder is `dataDir` (one instance per folder). */
export function recordingStorage(dataDir: string): Storage {
  let s = stores.get(dataDir);
  if (!s) {
    s = new LocalDiskStorage(path.join(dataDir, "recordings"));
    stores.set(dataDir, s);
  }
  return s;
}

export const recordingTooLarge = () =>
  new AppError("invalid", "RECORDING_TOO_LARGE", `A recording can be at most ${RECORDING_MAX_BYTES / (1024 * 1024)} MB. It was not saved.`);

/** Passes bytes through and fails the stream (with RECORDING_TOO_LARGE) past maxBytes. */
function limited(maxBytes: number) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(recordingTooLarge());
      else done(null, chunk);
    },
  });
}

/** Stores the caller's recording of one of their calls; returns its app URL. */
export async function saveRecording(
  db: PrismaClient,
  store: Storage,
  input: { userId: string; sessionId: string; contentType: string; body: Readable; maxBytes?: number; now?: Date },
): Promise<{ recordingUrl: string; size: number }> {
  const now = input.now ?? new Date();
  const url = recordingUrlOf(input.sessionId);
  // The upload may fail (abort) while we query: seen later by the pipeline, never uncaught.
  input.body.on("error", () => {});
  const claimed = await db.callSession.updateMany({
    where: { id: input.sessionId, userId: input.userId, recordingUrl: null, OR: [{ endedAt: null }, { endedAt: { gte: new Date(now.getTime() - UPLOAD_WINDOW_MS) } }] },
    data: { recordingUrl: url },
  });
  if (claimed.count !== 1) {
    const s = await db.callSession.findFirst({ where: { id: input.sessionId, userId: input.userId }, select: { recordingUrl: true } });
    if (!s) throw sessionNotFound();
    if (s.recordingUrl) throw new AppError("conflict", "RECORDING_EXISTS", "This call already has a recording; it cannot be replaced.");
    throw new AppError("conflict", "RECORDING_TOO_LATE", "This call ended too long ago to add a recording.");
  }
  // The key comes from the row we just claimed (the id is the session's own), not from the URL.
  const key = recordingKey(input.sessionId);
  try {
    // An aborted upload fails the limited stream, and so the put. Not stream.pipeline: on
    // "too large" that would destroy the request, and with it the socket our 413 goes out on.
    const body = limited(input.maxBytes ?? RECORDING_MAX_BYTES);
    const src = input.body;
    if (src.errored) body.destroy(src.errored);
    src.on("error", (e) => body.destroy(e));
    src.on("close", () => {
      if (!src.readableEnded) body.destroy(new Error("the upload was aborted"));
    });
    src.pipe(body);
    const size = await store.put(key, body, input.contentType);
    if (size === 0) {
      await store.delete(key);
      throw new AppError("invalid", "RECORDING_EMPTY", "The recording is empty. It was not saved.");
    }
    return { recordingUrl: url, size };
  } catch (e) {
    // Read the rest of a refused upload and drop it, so the client can finish sending and
    // read our answer (413) on a connection that stays usable.
    input.body.unpipe();
    input.body.resume();
    await db.callSession.updateMany({ where: { id: input.sessionId, userId: input.userId, recordingUrl: url }, data: { recordingUrl: null } });
    throw e;
  }
}

export type RecordingViewer = { id: string; role: string };

/** The storage key of a session's recording, for its owner or an admin; NOT_FOUND otherwise. */
export async function findRecording(db: PrismaClient, viewer: RecordingViewer, sessionId: string): Promise<string> {
  const s = await db.callSession.findFirst({
    where: { id: sessionId, recordingUrl: { not: null }, ...(viewer.role === "ADMIN" ? {} : { userId: viewer.id }) },
    select: { id: true },
  });
  if (!s) throw new AppError("not-found", "RECORDING_NOT_FOUND", "There is no recording here, or it is not yours.");
  return recordingKey(s.id);
}

/** The recording keys of a user's calls (read before the user is deleted; see deleteRecordings). */
export async function recordingKeysOfUser(db: PrismaClient, userId: string): Promise<string[]> {
  const rows = await db.callSession.findMany({ where: { userId, recordingUrl: { not: null } }, select: { id: true } });
  return rows.map((r) => recordingKey(r.id));
}

/** Deletes these recordings' files (their sessions are gone); a missing file is fine. */
export async function deleteRecordings(store: Storage, keys: readonly string[]): Promise<number> {
  let n = 0;
  for (const key of keys) if (await store.delete(key)) n++;
  return n;
}

export type RetentionResult = { recordingsExpired: number; orphansRemoved: number };

/**
 * Deletes recordings made more than `retentionDays` ago (clearing their session's
 * recordingUrl first, so no page links to a missing file) and orphan files.
 */
export async function runRecordingRetention(db: PrismaClient, store: Storage, opts: { retentionDays: number; now?: Date }): Promise<RetentionResult> {
  const now = (opts.now ?? new Date()).getTime();
  const expiredBefore = now - opts.retentionDays * DAY;
  const result: RetentionResult = { recordingsExpired: 0, orphansRemoved: 0 };
  for await (const item of store.list(KEY_PREFIX)) {
    const sessionId = item.key.slice(KEY_PREFIX.length);
    const url = recordingUrlOf(sessionId);
    const age = item.createdAt.getTime();
    if (age < expiredBefore) {
      await db.callSession.updateMany({ where: { id: sessionId, recordingUrl: url }, data: { recordingUrl: null } });
      if (await store.delete(item.key)) result.recordingsExpired++;
      continue;
    }
    if (age > now - ORPHAN_GRACE_MS) continue;
    const owner = await db.callSession.findFirst({ where: { id: sessionId, recordingUrl: url }, select: { id: true } });
    if (!owner && (await store.delete(item.key))) result.orphansRemoved++;
  }
  return result;
}
