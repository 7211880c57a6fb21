// POST /api/practice/calls/:sessionId/transcribe — server-side speech-to-text for call practice.
// The body is one recorded utterance as raw audio (Content-Type audio/webm, audio/ogg, audio/wav,
// audio/mpeg or audio/mp4, codec parameters allowed; at most TRANSCRIBE_MAX_BYTES); the answer
// is `{text}`. The call page then sends that text through practice.call.say with the recording's
// times, so what is stored and evaluated is the same whichever way the trainee spoke. Nothing
// here stores the audio.
//
// Binary bodies do not suit tRPC, so this is a plain route with the same rules as the call's
// procedures: the same CSRF rule as every tRPC mutation (the Origin header must be APP_URL's
// origin), the session cookie checked the same way and the access rule of practice.call.say
// (trainees), the owner in the query (another trainee's session answers 404 like a missing one),
// ACTIVE sessions only (409 SESSION_ENDED), and its own per-trainee limit
// (RATE_RULES.practiceTranscribeUser, 429 with Retry-After). These checks run before the body is
// read. When STT_BASE_URL is unset the route answers 404 STT_NOT_CONFIGURED (the call page knows
// from practice.sessions.get's `serverSpeechToText` and never calls it).
//
// Answers are JSON: `{text}`, or `{error, appCode}` with a clear message.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ACCESS, isAllowed } from "../../shared/access.ts";
import { MESSAGE_MAX } from "../../shared/schemas/practice.ts";
import { TRANSCRIBE_MAX_BYTES } from "../../shared/schemas/speech.ts";
import { hit, RATE_RULES } from "../auth/rate-limit.ts";
import { sessionCookieName, validateSessionToken } from "../auth/session.ts";
import type { Config } from "../config.ts";
import type { PrismaClient } from "../db/generated/client.ts";
import { AppError, httpStatusOf } from "../services/errors.ts";
import { sessionEnded, sessionNotFound } from "../services/practice/scenario.ts";
import { looksLikeAudio, STT_AUDIO_TYPES, sttAudioType, transcribe } from "../services/speech/transcribe.ts";

const MAX_MB = TRANSCRIBE_MAX_BYTES / (1024 * 1024);
const ACCEPTED = [...new Set(Object.keys(STT_AUDIO_TYPES))].join(", ");

function send(reply: FastifyReply, status: number, appCode: string, error: string) {
  return reply.code(status).send({ error, appCode });
}

function sendAppError(reply: FastifyReply, e: AppError) {
  if (e.retryAfterSeconds) reply.header("retry-after", String(e.retryAfterSeconds));
  return send(reply, httpStatusOf(e), e.appCode, e.message);
}

const tooLarge = (reply: FastifyReply) =>
  send(reply, 413, "RECORDING_TOO_LARGE", `This recording is larger than ${MAX_MB} MB. Speak in shorter turns (up to a minute each), or type what you would say.`);

declare module "fastify" {
  interface FastifyRequest {
    transcribeFor?: { userId: string };
  }
}

export function registerPracticeTranscribe(app: FastifyInstance, deps: { db: PrismaClient; config: Config }) {
  const { db, config } = deps;
  // An encapsulated scope: the raw-audio body parser and the error answers apply to this route only.
  return app.register(async (scope) => {
    scope.addContentTypeParser(/^audio\//i, { parseAs: "buffer", bodyLimit: TRANSCRIBE_MAX_BYTES }, (_req, body, done) => done(null, body));

    scope.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, req, reply) => {
      if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return tooLarge(reply);
      if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return send(reply, 415, "UNSUPPORTED_AUDIO", `Send the recording as one of: ${ACCEPTED}.`);
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return send(reply, error.statusCode, "BAD_REQUEST", error.message);
      req.log.error({ err: error }, "unhandled error");
      return reply.code(500).send({ error: "Something went wrong on our side. Please try again later.", requestId: String(req.id) });
    });

    /** Everything that can be decided before reading the body; answers and returns false when the request is refused. */
    async function admit(req: FastifyRequest<{ Params: { sessionId: string } }>, reply: FastifyReply): Promise<boolean> {
      if (req.headers.origin !== config.appOrigin) {
        await send(reply, 403, "CSRF", "This request did not come from the HireXp site. Reload the page and try again.");
        return false;
      }
      const token = req.cookies[sessionCookieName(config.secureCookies)];
      const auth = token ? await validateSessionToken(db, token) : null;
      if (!auth || auth.user.status === "SUSPENDED" || auth.user.status === "DEACTIVATED") {
        await send(reply, 401, "UNAUTHENTICATED", "Please sign in.");
        return false;
      }
      const caller = auth.user.status === "ACTIVE" && auth.user.emailVerified ? { role: auth.user.role, adminLevel: auth.user.adminLevel } : null;
      if (!isAllowed(ACCESS["practice.call.say"], caller)) {
        await send(reply, 403, "FORBIDDEN", "Your account does not have access to this.");
        return false;
      }
      if (!config.stt) {
        await send(reply, 404, "STT_NOT_CONFIGURED", "Speech-to-text on the server is not set up here (STT_BASE_URL). Use your browser's speech recognition or type what you would say.");
        return false;
      }
      if (!sttAudioType(req.headers["content-type"])) {
        await send(reply, 415, "UNSUPPORTED_AUDIO", `Send the recording as one of: ${ACCEPTED}.`);
        return false;
      }
      const length = Number(req.headers["content-length"]);
      if (Number.isFinite(length) && length > TRANSCRIBE_MAX_BYTES) {
        await tooLarge(reply);
        return false;
      }
      const session = await db.callSession.findFirst({ where: { id: req.params.sessionId, userId: auth.user.id }, select: { status: true } });
      if (!session) {
        await sendAppError(reply, sessionNotFound());
        return false;
      }
      if (session.status !== "ACTIVE") {
        await sendAppError(reply, sessionEnded());
        return false;
      }
      const rate = await hit(db, RATE_RULES.practiceTranscribeUser, auth.user.id);
      if (!rate.ok) {
        reply.header("retry-after", String(rate.retryAfterSeconds));
        await send(reply, 429, "RATE_LIMITED", `Too many recordings in a short time. Try again in ${rate.retryAfterSeconds} seconds, or type what you would say.`);
        return false;
      }
      req.transcribeFor = { userId: auth.user.id };
      return true;
    }

    scope.post<{ Params: { sessionId: string } }>(
      "/api/practice/calls/:sessionId/transcribe",
      {
        bodyLimit: TRANSCRIBE_MAX_BYTES,
        onRequest: async (req, reply) => {
          if (!(await admit(req, reply))) return reply;
        },
      },
      async (req, reply) => {
        const type = sttAudioType(req.headers["content-type"])!;
        const bytes = req.body;
        if (!(bytes instanceof Buffer) || bytes.length === 0) return send(reply, 400, "EMPTY_RECORDING", "The recording is empty. Check your microphone and record again, or type what you would say.");
        if (!looksLikeAudio(type, bytes)) return send(reply, 400, "NOT_AUDIO", `This is not a ${STT_AUDIO_TYPES[type].toUpperCase()} recording. Record again, or type what you would say.`);
        // The trainee went away (closed the page, cancelled): stop waiting for the transcription.
        const gone = new AbortController();
        reply.raw.once("close", () => {
          if (!reply.raw.writableFinished) gone.abort();
        });
        try {
          const { text } = await transcribe(config.stt!, { bytes, type }, { log: req.log, signal: gone.signal });
          return reply.send({ text: text.slice(0, MESSAGE_MAX) });
        } catch (e) {
          if (e instanceof AppError) return sendAppError(reply, e);
          throw e;
        }
      },
    );
  });
}
