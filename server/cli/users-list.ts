// npm run users:list -- [--role ROLE] [--status STATUS] [--search TEXT] [--limit N]
import { parseArgs } from "node:util";
import { AdminUsersListInput } from "../../shared/schemas/admin.ts";
import { listUsers } from "../services/admin/users.ts";
import { fail, openOperatorDatabase } from "./open-db.ts";

const { values } = parseArgs({
  options: { role: { type: "string" }, status: { type: "string" }, search: { type: "string" }, limit: { type: "string", default: "50" } },
});
const input = AdminUsersListInput.safeParse({
  role: values.role?.toUpperCase(),
  status: values.status?.toUpperCase(),
  search: values.search,
  limit: Number(values.limit),
});
if (!input.success) fail(`${input.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n")}\nUsage: npm run users:list -- [--role TRAINEE|INSTRUCTOR|COMPANY|ADMIN] [--status ACTIVE|SUSPENDED|DEACTIVATED|PENDING_VERIFICATION] [--search text] [--limit 1-100]`);

const db = await openOperatorDatabase();
try {
  const { users, nextCursor } = await listUsers(db.prisma, input.data);
  if (users.length === 0) console.log("No users match.");
  for (const u of users) {
    console.log(
      [u.email.padEnd(36), u.role.padEnd(10), u.status.padEnd(20), u.emailVerified ? "verified  " : "unverified", u.createdAt.toISOString().slice(0, 10), u.name ?? ""].join("  "),
    );
  }
  if (nextCursor) console.log(`… more users: raise --limit or narrow the filter.`);
} finally {
  await db.close();
}
