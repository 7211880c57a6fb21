// Practice with the AI coach: chat and call sessions, and the trainee's history. Trainees only;
// every service query names the caller as the owner. Messages count against a per-trainee
// rate limit (RATE_RULES.practiceMessageUser: 30 a minute) before anything is stored.
import { RATE_RULES } from "../auth/rate-limit.ts";
import type { Config } from "../config.ts";
import { coachFor } from "../services/coach/index.ts";
import type { Coach } from "../services/coach/types.ts";
import { abandonChat, endChat, sendChat, startChat, streamChat, type PracticeDeps } from "../services/practice/chat.ts";
import { endCall, sayInCall, startCall } from "../services/practice/call.ts";
import { getSession, listSessions } from "../services/practice/sessions.ts";
import { CallSayInput, ChatSendInput, SessionIdInput, SessionsListInput, StartSessionInput } from "../../shared/schemas/practice.ts";
import type { Context } from "../trpc/context.ts";
import { createRouter, procedure } from "../trpc/init.ts";
import { limit } from "../trpc/rate-limit.ts";

// The coach is chosen once per app from its config (COACH_BASE_URL etc., server/config.ts).
const coaches = new WeakMap<Config, Coach>();
function deps(ctx: Context): PracticeDeps {
  let coach = coaches.get(ctx.config);
  if (!coach) {
    coach = coachFor(ctx.config.coach, { log: ctx.log });
    coaches.set(ctx.config, coach);
  }
  return { coach, prepared: ctx.prepared };
}

const countMessage = (ctx: Context) => limit(ctx, RATE_RULES.practiceMessageUser, ctx.user!.id);

// A plain record, not createRouter(): tRPC reserves `call` as a key of a router() call, and the
// issue fixes the name `practice.call.*`; a nested record gives the same procedure paths.
export const practiceRouter = {
  chat: createRouter({
    start: procedure("practice.chat.start").input(StartSessionInput).mutation(({ ctx, input }) => startChat(ctx.db, deps(ctx), ctx.user.id, input.contentId)),
    send: procedure("practice.chat.send")
      .input(ChatSendInput)
      .mutation(async ({ ctx, input }) => {
        await countMessage(ctx);
        return sendChat(ctx.db, deps(ctx), ctx.user.id, input);
      }),
    /** The same exchange as `send`, streamed (httpBatchStreamLink): the message, the reply's chunks, the stored reply. */
    sendStream: procedure("practice.chat.sendStream")
      .input(ChatSendInput)
      .mutation(async ({ ctx, input }) => {
        await countMessage(ctx);
        return streamChat(ctx.db, deps(ctx), ctx.user.id, input);
      }),
    end: procedure("practice.chat.end").input(SessionIdInput).mutation(({ ctx, input }) => endChat(ctx.db, ctx.user.id, input.sessionId, { appUrl: ctx.config.appUrl })),
    abandon: procedure("practice.chat.abandon").input(SessionIdInput).mutation(({ ctx, input }) => abandonChat(ctx.db, ctx.user.id, input.sessionId)),
  }),
  call: {
    start: procedure("practice.call.start").input(StartSessionInput).mutation(({ ctx, input }) => startCall(ctx.db, deps(ctx), ctx.user.id, input.contentId)),
    say: procedure("practice.call.say")
      .input(CallSayInput)
      .mutation(async ({ ctx, input }) => {
        await countMessage(ctx);
        return sayInCall(ctx.db, deps(ctx), ctx.user.id, input);
      }),
    end: procedure("practice.call.end").input(SessionIdInput).mutation(({ ctx, input }) => endCall(ctx.db, ctx.user.id, input.sessionId, { appUrl: ctx.config.appUrl })),
  },
  sessions: createRouter({
    list: procedure("practice.sessions.list").input(SessionsListInput).query(({ ctx, input }) => listSessions(ctx.db, ctx.user.id, input)),
    get: procedure("practice.sessions.get")
      .input(SessionIdInput)
      // serverSpeechToText: whether calls may use POST /api/practice/calls/:id/transcribe (STT_BASE_URL is set).
      .query(async ({ ctx, input }) => ({ ...(await getSession(ctx.db, ctx.user.id, input.sessionId)), serverSpeechToText: ctx.config.stt !== null })),
  }),
};
