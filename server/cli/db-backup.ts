// npm run db:backup [-- --out FILE]
// A backup of HireXp's database, sessions' and audit logs' data left out (their tables kept):
// pg_dump (custom format) of DATABASE_ADMIN_URL / DATABASE_URL, or PGlite's pg_dump (SQL) of
// the embedded database in DATA_DIR. Default file: BACKUP_DIR (else DATA_DIR/backups)/hirexp-<time>.dump|sql.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { DataDirBusyError, dataDirHolder, openDatabase } from "../db/client.ts";
import { BackupError, backupFileName, backupPglite, backupPostgres } from "../ops/backup.ts";
import { fail } from "./open-db.ts";

if (fs.existsSync(".env")) process.loadEnvFile(".env");
const { values } = parseArgs({ options: { out: { type: "string" } } });
const config = loadConfig();
const kind = config.databaseAdminUrl ? "postgres" : "pglite";
const out = path.resolve(values.out ?? path.join(config.backupDir ?? path.join(config.dataDir, "backups"), backupFileName(kind)));

try {
  if (config.databaseAdminUrl) {
    const { bytes } = await backupPostgres(config.databaseAdminUrl, out);
    console.log(`Backed up PostgreSQL to ${out} (${bytes} bytes; sessions and audit logs: structure only).`);
  } else {
    const holder = dataDirHolder(config.dataDir);
    if (holder !== null) {
      fail(
        `The app (pid ${holder}) holds the embedded database in ${config.dataDir}, and PGlite's pg_dump runs inside the process that holds it. ` +
          `Set BACKUP_DIR so the running app makes the daily backup itself, or stop the app and run this again.`,
        2,
      );
    }
    const db = await openDatabase({ dataDir: config.dataDir });
    try {
      const { bytes } = await backupPglite(db.pglite!, out);
      console.log(`Backed up the embedded database in ${config.dataDir} to ${out} (${bytes} bytes; sessions and audit logs: structure only).`);
    } finally {
      await db.close();
    }
  }
} catch (e) {
  if (e instanceof BackupError || e instanceof DataDirBusyError) fail(e.message);
  throw e;
}
