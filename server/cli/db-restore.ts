// npm run db:restore -- FILE [--force]
// Restores a backup made by db:backup into an EMPTY database: DATABASE_ADMIN_URL / DATABASE_URL
// for a PostgreSQL backup (custom format), DATA_DIR for an embedded one (SQL). A database that
// holds tables is refused unless --force, which replaces everything in it. Then start the app
// as usual: it applies any migrations newer than the backup. Everyone signs in again (the
// backup holds no sessions).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { DataDirBusyError } from "../db/client.ts";
import { BackupError, backupKindOf, restorePglite, restorePostgres } from "../ops/backup.ts";
import { fail } from "./open-db.ts";

if (fs.existsSync(".env")) process.loadEnvFile(".env");
const { values, positionals } = parseArgs({ options: { force: { type: "boolean", default: false } }, allowPositionals: true });
const file = positionals[0];
if (!file || positionals.length > 1) fail("Usage: npm run db:restore -- FILE [--force]");
if (!fs.existsSync(file)) fail(`No such file: ${file}`);
const config = loadConfig();
const kind = backupKindOf(file);

try {
  if (config.databaseAdminUrl) {
    if (kind !== "postgres") fail(`${file} is a backup of the embedded database; unset DATABASE_URL and set DATA_DIR to a new folder to restore it.`);
    const { tables } = await restorePostgres(path.resolve(file), config.databaseAdminUrl, { force: values.force });
    console.log(`Restored ${file} into PostgreSQL (${tables} tables). Start the app: it applies newer migrations, if any.`);
  } else {
    if (kind !== "pglite") fail(`${file} is a PostgreSQL backup (custom format); set DATABASE_URL to an empty database to restore it.`);
    const { tables } = await restorePglite(path.resolve(file), config.dataDir, { force: values.force });
    console.log(`Restored ${file} into the embedded database in ${config.dataDir} (${tables} tables). Start the app: it applies newer migrations, if any.`);
  }
} catch (e) {
  if (e instanceof BackupError || e instanceof DataDirBusyError) fail(e.message);
  throw e;
}
