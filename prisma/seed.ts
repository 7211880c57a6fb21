// npm run seed — demo data for all four roles, for development and demos. Idempotent:
// accounts that exist are left as they are. Never run automatically; refused in
// production unless --allow-production is given.
import { hashPassword } from "../server/auth/password.ts";
import { loadConfig } from "../server/config.ts";
import { openOperatorDatabase } from "../server/cli/open-db.ts";
import { DEMO_PASSWORD, seedDemo } from "./seed-data.ts";

export { DEMO_PASSWORD, DEMO_USERS } from "./seed-data.ts";

/** A plain-text table: a header, a rule, one line per row, columns padded to their widest cell. */
function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join("  ")}`.trimEnd();
  return ["Demo accounts:", "", line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

if (process.env.NODE_ENV === "production" && !process.argv.includes("--allow-production")) {
  console.error("Refusing to seed demo accounts in production (pass --allow-production if you really mean it).");
  process.exit(1);
}

const db = await openOperatorDatabase();
try {
  const rows = (await seedDemo(db.prisma, await hashPassword(DEMO_PASSWORD))).map((r) => {
    const role = r.role === "ADMIN" ? `ADMIN (level ${r.adminAccessLevel ?? 1})` : r.role;
    const notes = [r.verified ? "" : "email not verified", r.existed ? "already there: password left as it was" : ""].filter(Boolean).join("; ");
    return [role, r.email, DEMO_PASSWORD, notes];
  });
  console.log(formatTable(["Role", "Email", "Password", "Note"], rows));
  console.log(`\nSign in at ${loadConfig().appUrl}/sign-in`);
} finally {
  await db.close();
}
