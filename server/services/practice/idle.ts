// Practice sessions left open: an ACTIVE session with no message for SESSION_IDLE_MS becomes
// ABANDONED, ended at its last activity. A conditional UPDATE per table, so a message sent at
// the same moment either lands first (and the session stays active) or finds it ended.
import type { PrismaClient } from "../../db/generated/client.ts";
import { SESSION_IDLE_MS } from "../../../shared/schemas/practice.ts";

export async function abandonIdleSessions(db: PrismaClient, now = new Date()): Promise<{ chatSessions: number; callSessions: number }> {
  const cutoff = new Date(now.getTime() - SESSION_IDLE_MS);
  const [chatSessions, callSessions] = await Promise.all([
    db.$executeRaw`
      UPDATE chat_sessions SET status = 'ABANDONED', ended_at = last_activity_at,
        duration = GREATEST(0, EXTRACT(EPOCH FROM (last_activity_at - started_at))::int)
      WHERE status = 'ACTIVE' AND last_activity_at < ${cutoff}`,
    db.$executeRaw`
      UPDATE call_sessions SET status = 'ABANDONED', ended_at = last_activity_at,
        duration = GREATEST(0, EXTRACT(EPOCH FROM (last_activity_at - started_at))::int)
      WHERE status = 'ACTIVE' AND last_activity_at < ${cutoff}`,
  ]);
  return { chatSessions, callSessions };
}
