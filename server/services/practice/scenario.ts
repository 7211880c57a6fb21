// The scenario a practice session plays: always the content VERSION the session started
// with (content_versions), so an instructor publishing a new version never changes a
// conversation in progress. Also the coach call that never leaves a trainee without a reply.
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import type { CallScenarioData, ChatScenarioData } from "../../../shared/schemas/content.ts";
import type { Coach, CoachReplyEnd, CoachScenario, CoachTurn } from "../coach/types.ts";
import { embeddedCoach } from "../coach/index.ts";
import { AppError } from "../errors.ts";

export type Db = PrismaClient | Prisma.TransactionClient;

export const sessionNotFound = () => new AppError("not-found", "SESSION_NOT_FOUND", "This practice session does not exist or is not yours.");
export const sessionEnded = () =>
  new AppError("conflict", "SESSION_ENDED", "This practice session has ended. Start a new one from the scenario's page to practise again.");
const scenarioGone = () => new AppError("not-found", "SCENARIO_NOT_FOUND", "The scenario of this session is no longer available.");

/** The published scenario `contentId` (of the given type) at its current version, for a new session. */
export async function publishedScenario(db: Db, contentId: string, type: CoachScenario["type"]) {
  const row = await db.content.findFirst({
    where: { id: contentId, isPublished: true, type },
    select: { id: true, version: true, title: true, difficulty: true },
  });
  if (!row || row.version < 1) {
    throw new AppError("not-found", "CONTENT_NOT_FOUND", type === "CHAT_SCENARIO" ? "This chat scenario is not available." : "This call scenario is not available.");
  }
  const scenario = await scenarioAt(db, row.id, row.version);
  if (!scenario || scenario.type !== type) throw scenarioGone();
  return { contentId: row.id, version: row.version, difficulty: row.difficulty, scenario };
}

/**
 * Scenarios by "contentId:version". A published version never changes (studio.ts creates it,
 * the library's upsert leaves an existing one as it is), so every message of every session need
 * not read it again. Content that is deleted takes its sessions' contentId with it (SET NULL),
 * so a cached version of it is never asked for. Bounded; oldest out first.
 */
const scenarioCache = new Map<string, CoachScenario>();
const SCENARIO_CACHE_MAX = 1000;

/** The scenario as published in `version` (null when the content or the version is gone). */
export async function scenarioAt(db: Db, contentId: string | null, version: number | null): Promise<CoachScenario | null> {
  if (!contentId || version === null) return null;
  const key = `${contentId}:${version}`;
  const cached = scenarioCache.get(key);
  if (cached) return cached;
  const v = await db.contentVersion.findUnique({
    where: { contentId_version: { contentId, version } },
    select: { type: true, title: true, data: true },
  });
  if (!v) return null;
  let scenario: CoachScenario | null = null;
  if (v.type === "CHAT_SCENARIO") scenario = { type: "CHAT_SCENARIO", title: v.title, data: v.data as unknown as ChatScenarioData };
  if (v.type === "CALL_SCENARIO") scenario = { type: "CALL_SCENARIO", title: v.title, data: v.data as unknown as CallScenarioData };
  if (scenario) {
    if (scenarioCache.size >= SCENARIO_CACHE_MAX) scenarioCache.delete(scenarioCache.keys().next().value!);
    scenarioCache.set(key, scenario);
  }
  return scenario;
}

export async function requireScenarioAt(db: Db, contentId: string | null, version: number | null): Promise<CoachScenario> {
  const s = await scenarioAt(db, contentId, version);
  if (!s) throw scenarioGone();
  return s;
}

/** A message time strictly after `prev`, so a conversation sorts in the order it was said. */
export function after(prev: Date | null, now = new Date()): Date {
  return prev && now.getTime() <= prev.getTime() ? new Date(prev.getTime() + 1) : now;
}

export type ReplyStream = {
  /** The reply's text as it arrives. Stopping early does not stop the reply being stored. */
  chunks: AsyncIterable<string>;
  /** The complete reply once the coach finished. */
  end: Promise<CoachReplyEnd>;
};

const COACH_FAILED = "The coach had a problem answering, so the scripted coach answered this time.";

/**
 * Asks the coach for the next reply and consumes it in the background (buffered), so the reply
 * is complete and can be stored even when the client stops listening half-way. If the coach
 * throws anyway, the embedded coach answers instead, with a notice.
 */
export function coachReply(coach: Coach, scenario: CoachScenario, turns: readonly CoachTurn[]): ReplyStream {
  const buffered: string[] = [];
  let closed = false;
  let wake: (() => void) | null = null;
  const push = (c: string) => {
    buffered.push(c);
    wake?.();
  };
  const run = async (c: Coach, notice?: string): Promise<CoachReplyEnd> => {
    const r = c.reply(scenario, turns);
    for await (const chunk of r) push(chunk);
    const e = await r.end;
    return notice ? { ...e, notice } : e;
  };
  const end = run(coach)
    // Whatever was streamed of the failed reply stays in the stream; the stored reply (and the
    // stream's final event) is the fallback's alone.
    .catch(() => run(embeddedCoach, COACH_FAILED))
    .finally(() => {
      closed = true;
      wake?.();
    });
  end.catch(() => {});
  const chunks = {
    async *[Symbol.asyncIterator]() {
      let i = 0;
      for (;;) {
        if (i < buffered.length) {
          yield buffered[i++]!;
          continue;
        }
        if (closed) break;
        await new Promise<void>((r) => (wake = r));
        wake = null;
      }
    },
  };
  return { chunks, end };
}
