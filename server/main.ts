// Start: read config, open the database, apply migrations, start the mail worker,
// listen; stop cleanly on SIGTERM / SIGINT.
import fs from "node:fs";
import path from "node:path";
import { loadConfig } from "./config.ts";
import { openDatabase, DataDirBusyError } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { serveOperatorSocket, type OperatorSocket } from "./db/socket.ts";
import { buildApp } from "./app.ts";
import { devOutboxEnabled } from "./routers/dev.ts";
import { createTransport } from "./mail/transport.ts";
import { startMailWorker } from "./mail/worker.ts";
import { startCleanupJob } from "./jobs/cleanup.ts";
import { startStatsRefreshJob } from "./jobs/stats-refresh.ts";
import { startPracticeIdleJob } from "./jobs/practice-idle.ts";
import { startAssessmentExpiryJob } from "./jobs/assessment-expiry.ts";
import { startRecordingRetentionJob } from "./jobs/recording-retention.ts";
import { startBackupJob } from "./jobs/backup.ts";
import { installLibrary } from "./services/content/library.ts";
import { warmUp as warmUpEvaluation } from "./services/evaluation/index.ts";

if (fs.existsSync(".env")) process.loadEnvFile(".env");

async function main() {
  const config = loadConfig();
  let db;
  try {
    db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize, poolTimeoutMs: config.databasePoolTimeoutMs });
  } catch (e) {
    if (e instanceof DataDirBusyError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const result = await migrate(db.sql);
  const library = await installLibrary(db.prisma);
  const transport = createTransport(config);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  const worker = startMailWorker({
    prisma: db.prisma,
    transport,
    logger: { info: (...a: unknown[]) => app?.log.info(a[0] as object, a[1] as string), warn: (...a: unknown[]) => app?.log.warn(a[0] as object, a[1] as string), error: (...a: unknown[]) => app?.log.error(a[0] as object, a[1] as string) },
    pollMs: config.mailPollMs,
  });
  // CLIENT_DIR: serve a built SPA from another folder (the browser tests build their own).
  const clientDir = process.env.CLIENT_DIR ? path.resolve(process.env.CLIENT_DIR) : undefined;
  app = await buildApp({ config, db, onMailQueued: () => worker.notify?.(), ...(clientDir ? { clientDir } : {}) });
  app.log.info(
    { database: db.kind === "pglite" ? `embedded PGlite in ${config.dataDir}` : "PostgreSQL (DATABASE_URL)", migrationsApplied: result.applied, library },
    "database ready",
  );
  app.log.info(`mail: ${transport.describe}`);
  if (config.env === "production" && !config.smtpUrl) {
    // Said loudly, in the log and on stderr: nobody receives verification or reset mails.
    const warning =
      "SMTP_URL is not set: mail is NOT being delivered. Verification, password-reset and security mails " +
      `are only written to ${path.join(config.dataDir, "outbox")}. Set SMTP_URL (smtp://user:pass@host:587) to deliver them.`;
    app.log.warn({ smtpUrl: null }, warning);
    console.error(`\nWARNING: ${warning}\n`);
  }
  // While the app holds the embedded database, operator commands reach it through a Unix socket.
  let socket: OperatorSocket | undefined;
  if (db.pglite) {
    const served = await serveOperatorSocket(db.pglite, config.dataDir);
    if ("skipped" in served) app.log.warn(`operator socket not served (${served.skipped}): stop the app to run operator commands`);
    else {
      socket = served;
      app.log.info(`operator socket: ${served.path} (npm run seed / admin:create / users:list / user:suspend work while the app runs)`);
    }
  }
  if (devOutboxEnabled(config)) {
    app.log.info(`dev outbox: ${path.join(config.dataDir, "outbox")} and ${config.appUrl}/dev/outbox`);
  }
  const cleanup = startCleanupJob(db.prisma, app.log, undefined, config.appUrl);
  const stats = startStatsRefreshJob(db.prisma, app.log, config.statsRefreshMs);
  const practiceIdle = startPracticeIdleJob(db.prisma, app.log);
  const assessmentExpiry = startAssessmentExpiryJob(db.prisma, app.log, config.appUrl);
  const recordingRetention = startRecordingRetentionJob(db.prisma, app.log, { dataDir: config.dataDir, retentionDays: config.recordingRetentionDays });
  const backup = config.backupDir ? startBackupJob(db, app.log, { dir: config.backupDir, keep: config.backupKeep, databaseAdminUrl: config.databaseAdminUrl }) : null;
  if (config.backupDir) app.log.info(`daily backups: ${config.backupDir} (keeping ${config.backupKeep})`);
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`HireXp is running on ${config.appUrl}`);
  // The grammar checker takes a few seconds to load: do it now, not in the first trainee's
  // "End" (evaluations wait for the same promise).
  void warmUpEvaluation().then(
    () => app.log.info("evaluation engine ready"),
    (err: unknown) => app.log.warn({ err }, "evaluation engine warm-up failed; the first evaluation will retry"),
  );
  if (config.env === "development" && process.stdout.isTTY !== false) {
    // A plain summary for the person who just ran `npm start` (the lines above are JSON logs).
    console.log(
      [
        "",
        `  HireXp is running on ${config.appUrl}`,
        `  Database: ${db.kind === "pglite" ? `embedded PGlite in ${config.dataDir}` : "PostgreSQL (DATABASE_URL)"}`,
        devOutboxEnabled(config) ? `  Mail: dev outbox in ${path.join(config.dataDir, "outbox")} and ${config.appUrl}/dev/outbox` : `  Mail: ${transport.describe}`,
        `  Demo accounts: npm run seed${socket || db.kind === "postgres" ? " (works while the app runs)" : " (with the app stopped)"}, then sign in at ${config.appUrl}/sign-in`,
        "",
      ].join("\n"),
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app!.log.info(`${signal}: shutting down`);
    let code = 0;
    for (const step of [() => app!.close(), () => worker.stop(), () => cleanup.stop(), () => stats.stop(), () => practiceIdle.stop(), () => assessmentExpiry.stop(), () => recordingRetention.stop(), () => backup?.stop(), () => socket?.close(), () => db.close()]) {
      try {
        await step();
      } catch (e) {
        code = 1;
        app!.log.error({ err: e }, "error while shutting down");
      }
    }
    process.exit(code);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
