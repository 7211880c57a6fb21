// npm run db:setup-roles [-- --role NAME] [--password PW]
// Creates (or updates) the app's database role on a real PostgreSQL, connected as the owner
// (DATABASE_ADMIN_URL): a role that logs in with a password, neither owns the tables nor has
// BYPASSRLS, with exactly the grants the app needs (server/db/roles.ts). Then point
// DATABASE_URL at it and keep DATABASE_ADMIN_URL for migrations and operator commands.
//   role:     --role, else DATABASE_URL's user when it differs from the owner's, else hirexp_app
//   password: --password, else HIREXP_APP_DB_PASSWORD, else DATABASE_URL's password when DATABASE_URL names the role
import fs from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";
import { loadConfig } from "../config.ts";
import { migrate } from "../db/migrate.ts";
import { openDatabase } from "../db/client.ts";
import { setupAppRole } from "../db/roles.ts";
import { fail } from "./open-db.ts";

if (fs.existsSync(".env")) process.loadEnvFile(".env");
const { values } = parseArgs({ options: { role: { type: "string" }, password: { type: "string" } } });
const config = loadConfig();
if (!config.databaseAdminUrl) fail("db:setup-roles is for a real PostgreSQL: set DATABASE_ADMIN_URL (the owner) and DATABASE_URL (the app role). The embedded database has no roles.", 2);

const adminUrl = new URL(config.databaseAdminUrl);
const appUrl = config.databaseUrl ? new URL(config.databaseUrl) : null;
const appUser = appUrl && decodeURIComponent(appUrl.username);
const role = values.role ?? (appUser && appUser !== decodeURIComponent(adminUrl.username) ? appUser : "hirexp_app");
const password = values.password ?? process.env.HIREXP_APP_DB_PASSWORD ?? (appUser === role && appUrl?.password ? decodeURIComponent(appUrl.password) : undefined);

// The schema first (as the owner), so the grants cover every table.
const owner = await openDatabase({ databaseUrl: config.databaseAdminUrl, poolSize: 1 });
try {
  await migrate(owner.sql);
} finally {
  await owner.close();
}
const client = new pg.Client({ connectionString: config.databaseAdminUrl });
await client.connect();
try {
  const { created } = await setupAppRole(client, { role, password });
  console.log(
    `${created ? "Created" : "Updated"} role ${role}: ${password === undefined ? "NOLOGIN (no password given: --password or HIREXP_APP_DB_PASSWORD)" : "LOGIN"}, ` +
      "no BYPASSRLS, not the owner; grants on every table, sequence and function, and on those later migrations create.",
  );
  if (appUser !== role) console.log(`Now set DATABASE_URL to connect as ${role}, and keep DATABASE_ADMIN_URL for migrations and operator commands.`);
} catch (e) {
  fail(`db:setup-roles failed: ${(e as Error).message}`);
} finally {
  await client.end();
}
