// npm run user:suspend -- EMAIL [--reason TEXT] [--until 2026-12-31]
// Suspends the account and signs it out everywhere; audited as USER_SUSPENDED (via cli).
import { parseArgs } from "node:util";
import { EmailSchema } from "../../shared/schemas/fields.ts";
import { suspendUser } from "../services/admin/users.ts";
import { fail, openOperatorDatabase } from "./open-db.ts";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { reason: { type: "string", default: "Suspended by an operator" }, until: { type: "string" } } });
const usage = "Usage: npm run user:suspend -- someone@example.com [--reason 'why'] [--until 2026-12-31]";
const email = EmailSchema.safeParse(positionals[0] ?? "");
if (!email.success) fail(`${email.error.issues[0]?.message}\n${usage}`);
const until = values.until ? new Date(values.until) : undefined;
if (until && Number.isNaN(until.getTime())) fail(`--until is not a date\n${usage}`);

const db = await openOperatorDatabase();
try {
  const user = await db.prisma.user.findUnique({ where: { email: email.data }, select: { id: true } });
  if (!user) fail(`No user ${email.data}.`);
  try {
    const r = await suspendUser(db.prisma, { userId: null, meta: { ipAddress: null, userAgent: "cli:user:suspend" } }, { userId: user.id, reason: values.reason!, until });
    console.log(`Suspended ${email.data}${until ? ` until ${until.toISOString()}` : ""}; ${r.sessionsEnded} session(s) ended.`);
  } catch (e) {
    fail(`Not suspended: ${(e as Error).message}`);
  }
} finally {
  await db.close();
}
