// A call's recording of the trainee's side (services/practice/recording.ts):
//
//   PUT /api/practice/calls/:sessionId/recording   the raw audio as the body (audio/webm, ogg,
//       mp4 or wav; at most 50 MB). Signed in, the session's owner (ownership in the query),
//       and, as for every tRPC mutation, an Origin header equal to APP_URL's origin (CSRF).
//       201 { recordingUrl } · 401 signed out · 403 other origin · 404 not yours · 409 already
//       recorded / too late · 413 too large · 415 not audio.
//   GET /api/practice/calls/:sessionId/recording   the audio, to its owner and to admins only
//       (anyone else: 404), with single byte ranges (Range: bytes=…) for seeking.
import type { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ACCESS, isAllowed } from "../../shared/access.ts";
import { sessionCookieName, validateSessionToken } from "../auth/session.ts";
import { runWithDataContext } from "../db/context.ts";
import type { Config } from "../config.ts";
import type { PrismaClient } from "../db/generated/client.ts";
import { AppError, httpStatusOf } from "../services/errors.ts";
import { ACCEPTED_AUDIO_TYPES, audioTypeOf, findRecording, RECORDING_MAX_BYTES, recordingStorage, recordingTooLarge, saveRecording } from "../services/practice/recording.ts";
import type { ByteRange } from "../storage/storage.ts";

const PATH = "/api/practice/calls/:sessionId/recording";
const ID = /^[a-z0-9]{1,64}$/;

/** The signed-in user who may use the app (ACTIVE, email verified), or null. */
async function caller(req: FastifyRequest, deps: { db: PrismaClient; config: Config }) {
  const token = req.cookies[sessionCookieName(deps.config.secureCookies)];
  const auth = token ? await validateSessionToken(deps.db, token) : null;
  if (!auth || auth.user.status !== "ACTIVE" || !auth.user.emailVerified) return null;
  return auth.user;
}

function sendError(reply: FastifyReply, e: unknown) {
  if (!(e instanceof AppError)) throw e;
  const status = e.appCode === "RECORDING_TOO_LARGE" ? 413 : httpStatusOf(e);
  return reply.code(status).send({ error: e.message, appCode: e.appCode });
}

/**
 * A single byte range of `size` bytes from a Range header: the range, "unsatisfiable", or
 * null (no header, or one we answer with the whole file: multiple ranges, other units).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | "unsatisfiable" | null {
  const m = header?.trim().match(/^bytes=(\d*)-(\d*)$/);
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}

export async function registerCallRecording(app: FastifyInstance, deps: { db: PrismaClient; config: Config }) {
  const store = recordingStorage(deps.config.dataDir);

  // Its own scope, so the raw-body parser below applies to this route only.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // Any body reaches the handler unread: the handler checks who is asking and the type
    // first, then streams the audio to storage, counting bytes.
    scope.addContentTypeParser("*", (_req, payload, done) => done(null, payload));

    scope.put<{ Params: { sessionId: string } }>(PATH, async (req, reply) => {
      if (req.headers.origin !== deps.config.appOrigin) {
        return reply.code(403).send({ error: "This request did not come from the HireXp site. Reload the page and try again.", appCode: "CSRF" });
      }
      const user = await caller(req, deps);
      if (!user) return reply.code(401).send({ error: "Please sign in.", appCode: "UNAUTHENTICATED" });
      // The same rule as ending the call (trainees); the owner check is in the query.
      if (!isAllowed(ACCESS["practice.call.end"], { role: user.role, adminLevel: user.adminLevel })) {
        return reply.code(403).send({ error: "Your account does not have access to this.", appCode: "FORBIDDEN" });
      }
      const contentType = audioTypeOf(req.headers["content-type"]);
      if (!contentType) {
        return reply.code(415).send({ error: `A recording must be audio: ${ACCEPTED_AUDIO_TYPES.join(", ")}.`, appCode: "RECORDING_TYPE" });
      }
      const declared = Number(req.headers["content-length"]);
      if (Number.isFinite(declared) && declared > RECORDING_MAX_BYTES) return sendError(reply, recordingTooLarge());
      const { sessionId } = req.params;
      if (!ID.test(sessionId)) return reply.code(404).send({ error: "This practice session does not exist or is not yours.", appCode: "SESSION_NOT_FOUND" });
      try {
        const saved = await saveRecording(deps.db, store, { userId: user.id, sessionId, contentType, body: req.body as Readable });
        return reply.code(201).send({ recordingUrl: saved.recordingUrl });
      } catch (e) {
        return sendError(reply, e);
      }
    });
  });

  app.get<{ Params: { sessionId: string } }>(PATH, async (req, reply) => {
    const user = await caller(req, deps);
    if (!user) return reply.code(401).send({ error: "Please sign in.", appCode: "UNAUTHENTICATED" });
    const { sessionId } = req.params;
    let key: string;
    try {
      if (!ID.test(sessionId)) throw new AppError("not-found", "RECORDING_NOT_FOUND", "There is no recording here, or it is not yours.");
      // Admins may hear any recording: their lookup crosses users (the admin path, row-level security).
      const find = () => findRecording(deps.db, { id: user.id, role: user.role }, sessionId);
      key = user.role === "ADMIN" ? await runWithDataContext({ userId: user.id, path: "admin" }, find) : await find();
    } catch (e) {
      return sendError(reply, e);
    }
    const info = await store.stat(key);
    if (!info) return reply.code(404).send({ error: "There is no recording here, or it is not yours.", appCode: "RECORDING_NOT_FOUND" });
    const range = parseRange(req.headers.range, info.size);
    if (range === "unsatisfiable") return reply.code(416).header("content-range", `bytes */${info.size}`).send({ error: "That byte range is not in the recording." });
    const file = await store.get(key, range ?? undefined);
    if (!file) return reply.code(404).send({ error: "There is no recording here, or it is not yours.", appCode: "RECORDING_NOT_FOUND" });
    reply
      .header("content-type", file.contentType)
      .header("accept-ranges", "bytes")
      .header("content-disposition", "inline")
      .header("cache-control", "private, no-store");
    if (range) {
      reply.code(206).header("content-range", `bytes ${range.start}-${range.end}/${file.size}`).header("content-length", String(range.end - range.start + 1));
    } else {
      reply.header("content-length", String(file.size));
    }
    return reply.send(file.stream);
  });
}
