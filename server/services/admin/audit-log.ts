// The audit log viewer: filters, newest first, keyset pages; and a streamed CSV export
// that reads the filtered rows in keyset batches, so a million rows never sit in memory.
import type { Prisma, PrismaClient } from "../../db/generated/client.ts";
import { AppError } from "../errors.ts";
import { AuditAction } from "../../db/generated/enums.ts";
import type { AuditActionName } from "../../../shared/schemas/admin.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";

// The shared list of actions (what the filter accepts) is exactly the database's enum.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _actionsMatch: Same<AuditActionName, AuditAction> = true;
void _actionsMatch;

export type AuditFilter = { action?: string | undefined; actorId?: string | undefined; targetId?: string | undefined; ip?: string | undefined; from?: Date | undefined; to?: Date | undefined };

const auditRowSelect = {
  id: true,
  action: true,
  createdAt: true,
  ipAddress: true,
  userAgent: true,
  details: true,
  userId: true,
  targetUserId: true,
  user: { select: { email: true } },
  targetUser: { select: { email: true } },
} satisfies Prisma.AuditLogSelect;

function whereOf(f: AuditFilter, cursor: { v: string; id: string } | null): Prisma.AuditLogWhereInput {
  const and: Prisma.AuditLogWhereInput[] = [];
  if (f.action) {
    // An own key of the enum object: "toString" or "__proto__" are not actions.
    if (!Object.hasOwn(AuditAction, f.action)) throw new AppError("invalid", "BAD_FILTER", `Unknown action ${f.action}.`, { field: "action" });
    and.push({ action: f.action as AuditAction });
  }
  if (f.actorId) and.push({ userId: f.actorId });
  if (f.targetId) and.push({ targetUserId: f.targetId });
  if (f.ip) and.push({ ipAddress: f.ip });
  if (f.from) and.push({ createdAt: { gte: f.from } });
  if (f.to) and.push({ createdAt: { lte: f.to } });
  if (cursor) {
    const at = new Date(cursor.v);
    // The redundant upper bound lets the (created_at, id) index start at the cursor.
    and.push({ createdAt: { lte: at } });
    and.push({ OR: [{ createdAt: { lt: at } }, { id: { lt: cursor.id } }] });
  }
  return { AND: and };
}

export async function listAudit(db: PrismaClient, input: AuditFilter & { limit: number; cursor?: string | undefined }) {
  const rows = await db.auditLog.findMany({
    where: whereOf(input, decodeCursor(input.cursor)),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: auditRowSelect,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    entries: page.map(({ user, targetUser, ...r }) => ({ ...r, actorEmail: user?.email ?? null, targetEmail: targetUser?.email ?? null })),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ v: last.createdAt.toISOString(), id: last.id }) : null,
  };
}

/**
 * A cell a spreadsheet would run as a formula: one that starts with a tab or carriage return,
 * or with = + - @ (or their full-width forms) after any leading whitespace, control or
 * invisible format characters (a non-breaking space, a zero-width space, a BOM…), which
 * spreadsheets skip before deciding what a cell is.
 */
const FORMULA_START = /^(?:[\t\r]|[\s\p{Cc}\p{Cf}]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/u;

/** One quoted CSV cell; a would-be formula is prefixed with ' so it stays text. */
export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : typeof v === "object" ? JSON.stringify(v) : String(v);
  const safe = FORMULA_START.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

export const AUDIT_CSV_HEADER = ["created_at", "action", "actor_id", "actor_email", "target_id", "target_email", "ip_address", "user_agent", "details"];

/** Yields CSV lines for every row matching the filter, newest first, in batches. */
export async function* auditCsv(db: PrismaClient, filter: AuditFilter, batchSize = 1000): AsyncGenerator<string> {
  yield `${AUDIT_CSV_HEADER.join(",")}\n`;
  let cursor: { v: string; id: string } | null = null;
  for (;;) {
    const rows: Prisma.AuditLogGetPayload<{ select: typeof auditRowSelect }>[] = await db.auditLog.findMany({
      where: whereOf(filter, cursor),
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: batchSize,
      select: auditRowSelect,
    });
    if (rows.length === 0) return;
    yield rows
      .map((r) => [r.createdAt, r.action, r.userId, r.user?.email, r.targetUserId, r.targetUser?.email, r.ipAddress, r.userAgent, r.details].map(csvCell).join(",") + "\n")
      .join("");
    const last = rows.at(-1)!;
    cursor = { v: last.createdAt.toISOString(), id: last.id };
    if (rows.length < batchSize) return;
  }
}
