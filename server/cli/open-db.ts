// Opens the configured database for an operator command (embedded PGlite or DATABASE_URL)
// and applies pending migrations. Says plainly what to do when the app holds the folder.
import fs from "node:fs";
import { loadConfig } from "../config.ts";
import { DataDirBusyError, openDatabase, type Database } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";

export async function openOperatorDatabase(): Promise<Database> {
  if (fs.existsSync(".env")) process.loadEnvFile(".env");
  const config = loadConfig();
  try {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
    await migrate(db.sql);
    return db;
  } catch (e) {
    if (e instanceof DataDirBusyError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
}

export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
