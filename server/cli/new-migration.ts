// npm run db:new-migration -- <name>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the
// schema as of the last commit (git HEAD) to the working prisma/schema.prisma, using
// `prisma migrate diff` on the two datamodels (offline, no shadow database: `prisma
// migrate dev` cannot replay our migrations on PGlite, see docs/decisions/002).
// Hand-written SQL (RLS, views, functions) can be appended to the file before committing.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:new-migration -- snake_case_name");
  process.exit(1);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-migration-"));
const before = path.join(tmp, "before.prisma");
fs.writeFileSync(before, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { encoding: "utf8" }));
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", "--from-schema-datamodel", before, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8" },
)
  .replace(/Loaded Prisma config from [^\n]*?\.ts\.?/g, "")
  .trim();
fs.rmSync(tmp, { recursive: true, force: true });
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), `${sql || "-- (no schema change: add hand-written SQL here)"}\n`);
console.log(`Wrote ${dir}/migration.sql`);
