// The app's database on a PostgreSQL cluster of the test's own (tests/helpers/pg-cluster.ts),
// for the fault tests that stop, start or starve that server (fault-pg-restart,
// fault-pool-exhaustion): a database migrated by its owner, and the app connecting as a role
// that neither owns the tables nor bypasses row-level security (DATABASE_URL), with the
// owner's URL as DATABASE_ADMIN_URL — the production set-up of docs/operations.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "../../server/db/client.ts";
import { migrate } from "../../server/db/migrate.ts";
import { setupAppRole } from "../../server/db/roles.ts";
import type { AppProcess, PreparedDatabase } from "./fault-app.ts";
import type { PgCluster } from "./pg-cluster.ts";

const APP_ROLE = "hirexp_fault_app";
const APP_PASSWORD = "hirexp_fault_app";

export type ClusterDatabase = PreparedDatabase & {
  /** The owner's URL (superuser here): DATABASE_ADMIN_URL, and the test's own view of the data. */
  ownerUrl: string;
  /** The app role's URL: DATABASE_URL. */
  appUrl: string;
  /** The app role's name (to count its connections in pg_stat_activity). */
  appRole: string;
};

function urlFor(adminUrl: string, database: string, user?: { name: string; password: string }): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  if (user) {
    url.username = user.name;
    url.password = user.password;
  }
  return url.toString();
}

/** A new database `name` on `cluster`, migrated, with the app role and its grants. */
export async function prepareClusterDatabase(cluster: PgCluster, name = "hirexp"): Promise<ClusterDatabase> {
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const ownerUrl = urlFor(cluster.adminUrl, name);
  const appUrl = urlFor(cluster.adminUrl, name, { name: APP_ROLE, password: APP_PASSWORD });
  const owner = await openDatabase({ databaseUrl: ownerUrl, poolSize: 2 });
  try {
    await migrate(owner.sql);
  } finally {
    await owner.close();
  }
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await setupAppRole(client, { role: APP_ROLE, password: APP_PASSWORD });
  } finally {
    await client.end();
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-fault-"));
  return {
    kind: "postgres",
    env: { DATABASE_URL: appUrl, DATABASE_ADMIN_URL: ownerUrl, DATA_DIR: dataDir },
    dataDir,
    ownerUrl,
    appUrl,
    appRole: APP_ROLE,
    // The test's fixtures (seedCompanies) are written as the owner, in the system context.
    open: () => openDatabase({ databaseUrl: ownerUrl, poolSize: 4 }),
    async remove() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the moment (Date.now()) a new connection to `url` first succeeds, polling every `everyMs`. */
export async function firstAccepted(url: string, opts: { everyMs?: number; timeoutMs?: number } = {}): Promise<number> {
  const until = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await c.connect();
      await c.query("SELECT 1");
      const at = Date.now();
      await c.end().catch(() => {});
      return at;
    } catch {
      await c.end().catch(() => {});
    }
    if (Date.now() > until) throw new Error(`PostgreSQL did not accept a connection within ${opts.timeoutMs ?? 120_000} ms`);
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 20)); // poll interval while the server starts
  }
}

/**
 * Resolves once the app has loaded its evaluation engine (its log says so). /readyz answers
 * 200 before that, and the warm-up then holds the event loop for seconds (25 s at a load of 9
 * here): requests sent meanwhile wait in the kernel's accept queue. A measurement of the
 * database faults starts after it. The app must log at "info" (LOG_LEVEL) for this.
 */
export async function warmedUp(app: AppProcess, timeoutMs = 300_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (app.log().some((l) => l.msg === "evaluation engine ready" || l.msg?.startsWith("evaluation engine warm-up failed"))) return;
    if (app.child.exitCode !== null) throw new Error(`the app exited while warming up:\n${app.stdout().slice(-3000)}\n${app.stderr().slice(-3000)}`);
    if (Date.now() > until) throw new Error(`the app did not finish warming up within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100)); // polling the app's log
  }
}
