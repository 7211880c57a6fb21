// Delivers the mail_outbox rows. Safe with several app servers on one database:
//  - a row is *claimed* by one atomic UPDATE over `SELECT … FOR UPDATE SKIP LOCKED`, which
//    sets a lease (locked_until) and counts the attempt; other servers skip locked rows
//    and, once committed, rows whose lease is still running;
//  - the SMTP conversation happens after the claim committed, outside any DB transaction
//    (never hold a row lock or a pooled connection across network I/O);
//  - if this server dies mid-send, the lease expires and another server retries the row.
//    So delivery is at-least-once in that one crash window, exactly-once otherwise; the
//    Message-ID is the row id, so receiving servers can spot the duplicate.
// Timestamps are `timestamp without time zone` holding UTC (Prisma's convention), so
// "now" is always written `now() AT TIME ZONE 'UTC'`, whatever the session TimeZone.
import type { PrismaClient } from "../db/generated/client.ts";
import type { MailLogger, MailTransport } from "./transport.ts";

export type MailWorkerOptions = {
  prisma: PrismaClient;
  transport: MailTransport;
  logger: MailLogger & { debug?(obj: object, msg?: string): void };
  /** Poll interval; 0 or less: no timer, only drain()/notify() (tests, CLI). */
  pollMs: number;
  /** Rows claimed per round trip. */
  batchSize?: number;
  /** First retry delay; doubles per attempt. Tests set 0 to retry at once. */
  backoffBaseMs?: number;
  maxBackoffMs?: number;
  /** After this many failed attempts the row is left unsent (with last_error) and logged. */
  maxAttempts?: number;
  /** How long a claim keeps other servers away from a row. */
  leaseMs?: number;
};

export type MailWorker = {
  /** Stops polling and waits for the batch in flight. */
  stop(): Promise<void>;
  /** Sends everything due now, batch after batch; resolves to the number of mails sent. */
  drain(): Promise<number>;
  /** Polls now instead of at the next tick (call after the enqueuing transaction committed). */
  notify(): void;
};

type ClaimedRow = {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  kind: string;
  attempts: number;
};

/** Exponential backoff with "equal jitter": between half and all of base·2^(attempts-1), capped. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** The stored/logged error: message only, with any `user:password@` in a URL blanked. */
export function safeErrorMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\/\/[^/\s@]*@/g, "//***@").slice(0, 500);
}

export function startMailWorker(opts: MailWorkerOptions): MailWorker {
  const { prisma, transport, logger, pollMs } = opts;
  const batchSize = opts.batchSize ?? 10;
  const backoffBaseMs = opts.backoffBaseMs ?? 5_000;
  const maxBackoffMs = opts.maxBackoffMs ?? 60 * 60_000;
  const maxAttempts = opts.maxAttempts ?? 10;
  const leaseMs = opts.leaseMs ?? 2 * 60_000;

  async function claim(): Promise<ClaimedRow[]> {
    // One statement = one transaction: the locking CTE is evaluated once, and a row that
    // another server claimed meanwhile is either skipped (still locked) or re-checked
    // against the WHERE after its commit (locked_until is then in the future).
    return prisma.$queryRaw<ClaimedRow[]>`
      WITH due AS (
        SELECT id FROM mail_outbox
        WHERE sent_at IS NULL
          AND attempts < ${maxAttempts}
          AND next_attempt <= (now() AT TIME ZONE 'UTC')
          AND (locked_until IS NULL OR locked_until < (now() AT TIME ZONE 'UTC'))
        ORDER BY created_at
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE mail_outbox m
      SET locked_until = (now() AT TIME ZONE 'UTC') + ${leaseMs} * interval '1 millisecond',
          attempts = m.attempts + 1
      FROM due WHERE m.id = due.id
      RETURNING m.id, m."to", m.subject, m.text, m.html, m.kind, m.attempts`;
  }

  async function markSent(id: string): Promise<void> {
    await prisma.$executeRaw`
      UPDATE mail_outbox
      SET sent_at = (now() AT TIME ZONE 'UTC'), locked_until = NULL, last_error = NULL
      WHERE id = ${id}`;
  }

  async function markFailed(row: ClaimedRow, e: unknown): Promise<void> {
    const err = safeErrorMessage(e);
    if (row.attempts >= maxAttempts) {
      // The claim query no longer picks it up; the row stays as the record of what failed.
      await prisma.$executeRaw`
        UPDATE mail_outbox SET last_error = ${err}, locked_until = NULL WHERE id = ${row.id}`;
      logger.error({ mailId: row.id, kind: row.kind, to: row.to, attempts: row.attempts, err }, "mail not delivered: giving up");
      return;
    }
    const delay = backoffMs(row.attempts, backoffBaseMs, maxBackoffMs);
    await prisma.$executeRaw`
      UPDATE mail_outbox
      SET last_error = ${err}, locked_until = NULL,
          next_attempt = (now() AT TIME ZONE 'UTC') + ${delay} * interval '1 millisecond'
      WHERE id = ${row.id}`;
    logger.warn({ mailId: row.id, kind: row.kind, attempts: row.attempts, retryInMs: delay, err }, "mail send failed, will retry");
  }

  /** Hands back rows this server will not get to before its lease runs out. */
  async function release(rows: ClaimedRow[]): Promise<void> {
    for (const row of rows) {
      await prisma.$executeRaw`
        UPDATE mail_outbox SET locked_until = NULL, attempts = attempts - 1 WHERE id = ${row.id}`;
    }
  }

  async function runBatch(): Promise<{ claimed: number; sent: number }> {
    const claimedAt = Date.now();
    const rows = await claim();
    let sent = 0;
    for (const [i, row] of rows.entries()) {
      // Sends are sequential; if a slow SMTP server ate half the lease, stop before
      // another server could take over these rows and send them a second time.
      if (Date.now() - claimedAt > leaseMs / 2) {
        await release(rows.slice(i));
        break;
      }
      try {
        await transport.send(row);
      } catch (e) {
        await markFailed(row, e);
        continue;
      }
      // If this update fails the lease expires and the mail is sent again: at-least-once.
      await markSent(row.id);
      sent++;
      logger.debug?.({ mailId: row.id, kind: row.kind }, "mail sent");
    }
    return { claimed: rows.length, sent };
  }

  // All DB work of this worker goes through one chain, so the timer, drain() and stop()
  // never run two batches of the same worker at once.
  let chain: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = chain.then(fn, fn);
    chain = run.catch(() => {});
    return run;
  }

  let stopped = false;
  async function drainWhile(keepGoing: () => boolean): Promise<number> {
    let sent = 0;
    while (keepGoing()) {
      const r = await exclusive(runBatch);
      sent += r.sent;
      if (r.claimed === 0) break;
    }
    return sent;
  }

  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  function schedule(ms: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref(); // a pending poll must not keep the process alive
  }
  async function tick(): Promise<void> {
    timer = undefined;
    running = true;
    try {
      await drainWhile(() => !stopped);
    } catch (e) {
      logger.error({ err: safeErrorMessage(e) }, "mail worker poll failed");
    } finally {
      running = false;
    }
    if (again) {
      again = false;
      schedule(0);
    } else if (pollMs > 0) {
      schedule(pollMs);
    }
  }
  if (pollMs > 0) schedule(pollMs);

  return {
    drain: () => drainWhile(() => true),
    notify() {
      if (stopped) return;
      if (running) again = true; // the running poll may already have looked: look once more
      else schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await chain;
    },
  };
}
