// Opens the configured database for an operator command: DATABASE_ADMIN_URL (default DATABASE_URL); the embedded PGlite
// folder when the app is stopped (applying pending migrations); or, while the app runs and
// holds that folder, the app's own database through its Unix socket (server/db/socket.ts).
import fs from "node:fs";
import { loadConfig } from "../config.ts";
import { DataDirBusyError, dataDirHolder, openDatabase, type Database } from "../db/client.ts";
import { migrate, readMigrations } from "../db/migrate.ts";
import { socketDir, socketPath } from "../db/socket.ts";

/** How long to wait for a starting app to open its socket. */
const SOCKET_WAIT_MS = 15_000;

async function waitForSocket(dataDir: string): Promise<boolean> {
  const until = Date.now() + SOCKET_WAIT_MS;
  for (;;) {
    if (fs.existsSync(socketPath(dataDir))) return true;
    if (dataDirHolder(dataDir) === null || Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 200)); // the app is starting (migrating) — poll for its socket
  }
}

/** Through the running app: it applied its migrations at start; refuse if this checkout has newer ones. */
async function openThroughApp(dataDir: string, holder: number): Promise<Database> {
  const db = await openDatabase({ socketDir: socketDir(dataDir), poolSize: 2 });
  try {
    const rows = await db.sql.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    const missing = readMigrations().filter((m) => !applied.has(m.name)).map((m) => m.name);
    if (missing.length > 0) {
      fail(`The running app (pid ${holder}) has not applied ${missing.join(", ")}. Restart the app (it migrates at start), then run this again.`);
    }
  } catch (e) {
    await db.close();
    throw e;
  }
  console.error(`(through the running app's database socket, pid ${holder})`);
  return db;
}

export async function openOperatorDatabase(): Promise<Database> {
  if (fs.existsSync(".env")) process.loadEnvFile(".env");
  const config = loadConfig();
  if (!config.databaseUrl) {
    const holder = dataDirHolder(config.dataDir);
    if (holder !== null) {
      if (await waitForSocket(config.dataDir)) return openThroughApp(config.dataDir, holder);
      fail(new DataDirBusyError(config.dataDir).message, 2);
    }
  }
  try {
    // Operator commands act as the owner (DATABASE_ADMIN_URL, default DATABASE_URL): they
    // migrate, and row-level security does not apply to them (docs/decisions/017).
    const db = await openDatabase({ databaseUrl: config.databaseAdminUrl, dataDir: config.dataDir, poolSize: 2 });
    await migrate(db.sql);
    return db;
  } catch (e) {
    if (e instanceof DataDirBusyError) {
      // The app started between the check and the open: go through its socket.
      const holder = dataDirHolder(config.dataDir);
      if (holder !== null && (await waitForSocket(config.dataDir))) return openThroughApp(config.dataDir, holder);
      fail(e.message, 2);
    }
    throw e;
  }
}

export function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}
