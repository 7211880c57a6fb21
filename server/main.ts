// Start: read config, open the database, apply migrations, start the mail worker,
// listen; stop cleanly on SIGTERM / SIGINT.
import fs from "node:fs";
import path from "node:path";
import { loadConfig } from "./config.ts";
import { openDatabase, DataDirBusyError } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { serveOperatorSocket, type OperatorSocket } from "./db/socket.ts";
import { buildApp } from "./app.ts";
import { drainOf } from "./drain.ts";
import { devOutboxEnabled } from "./routers/dev.ts";
import { createTransport } from "./mail/transport.ts";
import { startMailWorker } from "./mail/worker.ts";
import { startCleanupJob } from "./jobs/cleanup.ts";
import { startStatsRefreshJob } from "./jobs/stats-refresh.ts";
import { startPracticeIdleJob } from "./jobs/practice-idle.ts";
import { startAssessmentExpiryJob } from "./jobs/assessment-expiry.ts";
import { startRecordingRetentionJob } from "./jobs/recording-retention.ts";
import { startBackupJob } from "./jobs/backup.ts";
import { setJobGuard } from "./jobs/periodic.ts";
import { clusterJobGuard } from "./jobs/cluster.ts";
import { installLibrary } from "./services/content/library.ts";
import { warmUp as warmUpEvaluation } from "./services/evaluation/index.ts";
import { passwordChecker } from "./auth/password.ts";
import { runHarperOnWorkerThread } from "./services/evaluation/harper.ts";
import { asSystem } from "./db/context.ts";
import { benchHooksEnabled, registerBenchHooks } from "./bench-hooks.ts";

if (fs.existsSync(".env")) process.loadEnvFile(".env");

/** How long after listening the evaluation engine and the password checker load. */
const WARM_UP_AFTER_LISTEN_MS = 1000;
/**
 * How long after listening the periodic jobs start. Their first runs' queries came before
 * listening (~0.25 s on the embedded database, whose queries run on the main thread), and right
 * after it they would hold up the first answers; none of them is needed at start.
 */
const JOBS_AFTER_LISTEN_MS = 2000;

/** Applies the migrations as the owner: through DATABASE_ADMIN_URL when it differs from DATABASE_URL. */
async function migrateAsOwner(db: Awaited<ReturnType<typeof openDatabase>>, url: string | undefined, adminUrl: string | undefined) {
  if (db.kind !== "postgres" || !adminUrl || adminUrl === url) return migrate(db.sql);
  const owner = await openDatabase({ databaseUrl: adminUrl, poolSize: 1 });
  try {
    return await migrate(owner.sql);
  } finally {
    await owner.close();
  }
}

async function main() {
  const config = loadConfig();
  let db;
  try {
    // Work that lost its data context reads and writes nothing (row-level security).
    db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize, contextless: "deny", poolTimeoutMs: config.databasePoolTimeoutMs, allowExitOnIdle: false });
  } catch (e) {
    if (e instanceof DataDirBusyError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  // Migrations run as the owner (DATABASE_ADMIN_URL); the app's role may not change the schema.
  const result = await migrateAsOwner(db, config.databaseUrl, config.databaseAdminUrl);
  // The library is installed while the app is put together: its first query loads Prisma's query
  // compiler (WebAssembly compiled off the main thread), which buildApp's work overlaps.
  const libraryInstalled = asSystem(() => installLibrary(db.prisma));
  libraryInstalled.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
  const transport = createTransport(config);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  // Background work runs in the `system` path (its timers keep the context they were made in).
  const worker = asSystem(() => startMailWorker({
    prisma: db.prisma,
    transport,
    logger: { info: (...a: unknown[]) => app?.log.info(a[0] as object, a[1] as string), warn: (...a: unknown[]) => app?.log.warn(a[0] as object, a[1] as string), error: (...a: unknown[]) => app?.log.error(a[0] as object, a[1] as string) },
    pollMs: config.mailPollMs,
  }));
  // CLIENT_DIR: serve a built SPA from another folder (the browser tests build their own).
  const clientDir = process.env.CLIENT_DIR ? path.resolve(process.env.CLIENT_DIR) : undefined;
  app = await buildApp({ config, db, onMailQueued: () => asSystem(() => worker.notify?.()), ...(clientDir ? { clientDir } : {}) });
  const library = await libraryInstalled;
  if (benchHooksEnabled()) registerBenchHooks(app);
  app.log.info(
    { database: db.kind === "pglite" ? `embedded PGlite in ${config.dataDir}` : "PostgreSQL (DATABASE_URL)", migrationsApplied: result.applied, library },
    "database ready",
  );
  app.log.info(`mail: ${transport.describe}`);
  if (db.kind === "postgres" && (!config.databaseAdminUrl || config.databaseAdminUrl === config.databaseUrl)) {
    app.log.warn(
      "DATABASE_ADMIN_URL is not set apart from DATABASE_URL: the app connects as the tables' owner, for whom row-level security is NOT enforced. " +
        "Create the app role with `npm run db:setup-roles` and point DATABASE_URL at it (docs/decisions/017-row-level-security.md).",
    );
  }
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
  // Several app servers may share a PostgreSQL: each periodic job runs on one at a time.
  if (db.kind === "postgres") setJobGuard(clusterJobGuard(db));
  const log = app.log;
  const startJobs = () =>
    asSystem(() => ({
      cleanup: startCleanupJob(db.prisma, log, undefined, config.appUrl),
      stats: startStatsRefreshJob(db.prisma, log, config.statsRefreshMs),
      practiceIdle: startPracticeIdleJob(db.prisma, log),
      assessmentExpiry: startAssessmentExpiryJob(db.prisma, log, config.appUrl),
      recordingRetention: startRecordingRetentionJob(db.prisma, log, { dataDir: config.dataDir, retentionDays: config.recordingRetentionDays }),
      backup: config.backupDir ? startBackupJob(db, log, { dir: config.backupDir, keep: config.backupKeep, databaseAdminUrl: config.databaseAdminUrl }) : null,
    }));
  let jobs: ReturnType<typeof startJobs> | undefined;
  if (config.backupDir) app.log.info(`daily backups: ${config.backupDir} (keeping ${config.backupKeep})`);
  await app.listen({ port: config.port, host: config.host });
  const jobsTimer = setTimeout(() => (jobs = startJobs()), JOBS_AFTER_LISTEN_MS);
  // startupMs: from the process's start (performance.now() counts from it) to listening — what
  // bench/startup.ts compares between the ahead-of-time build and tsx.
  app.log.info({ startupMs: Math.round(performance.now()) }, `HireXp is running on ${config.appUrl}`);
  // The grammar checker takes a few seconds to load: do it now, not in the first trainee's
  // "End" (evaluations wait for the same promise) — on a worker thread, so that its synchronous
  // WebAssembly setup does not hold up requests (services/evaluation/harper.ts).
  runHarperOnWorkerThread();
  // wink-nlp's model (evaluation, goal matching) and zxcvbn's dictionaries would load on first
  // use; they are loaded here instead, a moment after listening (~0.5 s of the event loop
  // between them), so that the first answers — the readiness probe, the first page — do not
  // wait behind them (bench/startup.ts). The evaluation warm-up loads the first, the password
  // checker the second.
  setTimeout(() => {
    passwordChecker();
    void warmUpEvaluation().then(
      () => app.log.info("evaluation engine ready"),
      (err: unknown) => app.log.warn({ err }, "evaluation engine warm-up failed; the first evaluation will retry"),
    );
  }, WARM_UP_AFTER_LISTEN_MS).unref();
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

  // Stop within STOP_DEADLINE_MS (docs/decisions/023-stop-within-a-deadline.md): drain HTTP
  // (server/drain.ts) for at most DRAIN_MS, then the workers, jobs and database; whatever is
  // still running at the deadline is logged and the process exits. Exit code 0 when every
  // accepted request was answered and every step finished; 1 otherwise.
  const STOP_DEADLINE_MS = 9_000;
  const DRAIN_MS = 7_000;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const t0 = performance.now();
    const elapsed = () => Math.round(performance.now() - t0);
    const log = app!.log;
    log.info({ inFlight: drainOf(app!).inFlight().length }, `${signal}: shutting down`);
    let code = 0;
    let step = "http";
    const hardStop = setTimeout(() => {
      log.error({ step, ms: elapsed() }, `stop: still running at the ${STOP_DEADLINE_MS} ms deadline: exiting anyway`);
      process.exit(1);
    }, STOP_DEADLINE_MS);
    hardStop.unref();
    try {
      const { cut, ms } = await drainOf(app!).drain(DRAIN_MS);
      if (cut.length > 0) {
        code = 1;
        log.error({ cut: cut.slice(0, 50).map((r) => ({ reqId: r.id, method: r.method, url: r.url, ageMs: Date.now() - r.since })), count: cut.length }, `stop: ${cut.length} request(s) still unanswered after ${DRAIN_MS} ms were cut`);
      }
      log.info({ ms, cut: cut.length }, "stop: HTTP drained");
    } catch (e) {
      code = 1;
      log.error({ err: e }, "error while shutting down (http)");
    }
    clearTimeout(jobsTimer);
    for (const [name, fn] of Object.entries({ worker: () => worker.stop(), cleanup: () => jobs?.cleanup.stop(), stats: () => jobs?.stats.stop(), practiceIdle: () => jobs?.practiceIdle.stop(), assessmentExpiry: () => jobs?.assessmentExpiry.stop(), recordingRetention: () => jobs?.recordingRetention.stop(), backup: () => jobs?.backup?.stop(), socket: () => socket?.close(), db: () => db.close() })) {
      step = name;
      try {
        await fn();
      } catch (e) {
        code = 1;
        log.error({ err: e }, `error while shutting down (${name})`);
      }
    }
    log.info({ ms: elapsed(), code }, "stopped");
    process.exit(code);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
