// The mail outbox end to end: a real SMTP server on loopback (smtp-server) receives what
// the worker sends through nodemailer, parsed with mailparser. One in-memory PGlite per
// file (it takes seconds to start); each test empties mail_outbox first.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import { openDatabase, type Database } from "../../server/db/client.ts";
import { migrate } from "../../server/db/migrate.ts";
import { enqueueMail } from "../../server/mail/outbox.ts";
import { createTransport, type MailLogger, type TransportConfig } from "../../server/mail/transport.ts";
import { startMailWorker, backoffMs, safeErrorMessage, type MailWorker, type MailWorkerOptions } from "../../server/mail/worker.ts";
import { listDevOutbox } from "../../server/mail/dev-outbox.ts";
import { createPostgresDatabaseUrl, describeRealPostgres } from "../helpers/db.ts";
import { verifyEmail, passwordReset, passwordChanged } from "../../server/mail/templates.ts";

type Row = {
  id: string;
  attempts: number;
  sent_at: Date | null;
  next_attempt: Date;
  locked_until: Date | null;
  last_error: string | null;
  db_now: Date;
};

let db: Database;
let received: ParsedMail[] = [];
let smtp: SMTPServer | undefined;
let port = 0;
const workers: MailWorker[] = [];

/** Starts the SMTP sink on `port` (0 = any free port, remembered for restarts). */
async function startSmtp(): Promise<void> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      // Answer 250 only once parsed: when sendMail resolves, the mail is in `received`.
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  port = (server.server.address() as AddressInfo).port;
  smtp = server;
}

async function stopSmtp(): Promise<void> {
  const server = smtp;
  smtp = undefined;
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}

function record(): MailLogger & { lines: { level: string; obj: object; msg?: string }[] } {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  return {
    lines,
    info: (obj, msg) => lines.push({ level: "info", obj, msg }),
    warn: (obj, msg) => lines.push({ level: "warn", obj, msg }),
    error: (obj, msg) => lines.push({ level: "error", obj, msg }),
  };
}

const baseConfig: TransportConfig = { smtpUrl: undefined, mailFrom: "HireXp <no-reply@hirexp.test>", dataDir: "", env: "test" };

function worker(extra: Partial<MailWorkerOptions> = {}): MailWorker {
  const w = startMailWorker({
    prisma: db.prisma,
    transport: createTransport({ ...baseConfig, smtpUrl: `smtp://127.0.0.1:${port}` }),
    logger: record(),
    pollMs: 0, // no timer: the tests drive it with drain()
    ...extra,
  });
  workers.push(w);
  return w;
}

async function rows(): Promise<Row[]> {
  return db.prisma.$queryRaw<Row[]>`
    SELECT id, attempts, sent_at, next_attempt, locked_until, last_error, (now() AT TIME ZONE 'UTC') AS db_now
    FROM mail_outbox ORDER BY created_at, id`;
}

const mail = (n: number | string) => ({
  to: `user${n}@example.test`,
  subject: `Hello ${n}`,
  text: `Body ${n}\nhttps://app.test/verify?token=t${n}`,
  html: `<p>Body ${n}</p>`,
  kind: "test",
});

beforeAll(async () => {
  db = await openDatabase({ dataDir: "memory://" });
  await migrate(db.sql);
  await startSmtp();
});

afterAll(async () => {
  await stopSmtp();
  await db?.close();
});

beforeEach(async () => {
  received = [];
  await db.prisma.$executeRaw`DELETE FROM mail_outbox`;
  if (!smtp) await startSmtp();
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

describe("mail outbox", () => {
  test("a mail enqueued in a transaction that rolls back is never sent", async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        await enqueueMail(tx, mail(1));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");

    expect(await rows()).toHaveLength(0);
    expect(await worker().drain()).toBe(0);
    expect(received).toHaveLength(0);
  });

  test("a committed mail is delivered exactly once, with the right to/subject/text", async () => {
    await db.prisma.$transaction(async (tx) => {
      await enqueueMail(tx, mail(2));
    });
    const w = worker();
    expect(await w.drain()).toBe(1);
    expect(await w.drain()).toBe(0); // nothing left: a second pass sends nothing

    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(got.subject).toBe("Hello 2");
    expect(got.to && !Array.isArray(got.to) ? got.to.text : "").toBe("user2@example.test");
    expect(got.from?.text).toContain("no-reply@hirexp.test");
    expect(got.text?.trim()).toBe("Body 2\nhttps://app.test/verify?token=t2");
    expect(got.html).toContain("<p>Body 2</p>");

    const [row] = await rows();
    expect(row).toMatchObject({ attempts: 1, locked_until: null, last_error: null });
    expect(row!.sent_at).toBeInstanceOf(Date);
    expect(got.messageId).toBe(`<${row!.id}@hirexp.test>`); // stable across retries
  });

  test("SMTP down: the row stays unsent with a backoff; back up: drain delivers it", async () => {
    await enqueueMail(db.prisma, mail(3));
    await stopSmtp();

    const logger = record();
    const w = worker({ logger }); // default 5 s backoff base
    expect(await w.drain()).toBe(0);

    const [row] = await rows();
    expect(row!.sent_at).toBeNull();
    expect(row!.attempts).toBe(1);
    expect(row!.locked_until).toBeNull();
    expect(row!.last_error).toMatch(/ECONNREFUSED|connect/i);
    const delay = row!.next_attempt.getTime() - row!.db_now.getTime();
    expect(delay).toBeGreaterThanOrEqual(2_000); // 5 s with equal jitter: 2.5–5 s, less time elapsed since
    expect(delay).toBeLessThanOrEqual(5_100);
    expect(logger.lines.some((l) => l.level === "warn")).toBe(true);

    // Not due yet: another drain does not touch it.
    await startSmtp();
    expect(await w.drain()).toBe(0);
    expect((await rows())[0]!.attempts).toBe(1);

    // Time passes (moved instead of waited for).
    await db.prisma.$executeRaw`UPDATE mail_outbox SET next_attempt = (now() AT TIME ZONE 'UTC') - interval '1 second'`;
    expect(await w.drain()).toBe(1);
    expect(received.map((m) => m.subject)).toEqual(["Hello 3"]);
    expect((await rows())[0]).toMatchObject({ attempts: 2, last_error: null });
  });

  test("gives up after maxAttempts and logs an error", async () => {
    await enqueueMail(db.prisma, mail(4));
    await stopSmtp();
    const logger = record();
    // Base 0: each failure is due again at once, so one drain runs all the attempts.
    expect(await worker({ logger, backoffBaseMs: 0, maxAttempts: 3 }).drain()).toBe(0);

    const [row] = await rows();
    expect(row).toMatchObject({ attempts: 3, sent_at: null, locked_until: null });
    expect(row!.last_error).toBeTruthy();
    expect(logger.lines.filter((l) => l.level === "warn")).toHaveLength(2);
    expect(logger.lines.filter((l) => l.level === "error").map((l) => l.msg)).toEqual(["mail not delivered: giving up"]);

    await startSmtp();
    expect(await worker({ maxAttempts: 3 }).drain()).toBe(0); // left recorded, not retried
    expect(received).toHaveLength(0);
  });

  test("a row claimed by another server is left alone until its lease expires", async () => {
    await enqueueMail(db.prisma, mail(5));
    // As if a server claimed it and crashed before sending.
    await db.prisma.$executeRaw`
      UPDATE mail_outbox SET attempts = 1, locked_until = (now() AT TIME ZONE 'UTC') + interval '2 minutes'`;
    const w = worker();
    expect(await w.drain()).toBe(0);

    await db.prisma.$executeRaw`UPDATE mail_outbox SET locked_until = (now() AT TIME ZONE 'UTC') - interval '1 second'`;
    expect(await w.drain()).toBe(1);
    expect(received).toHaveLength(1);
    expect((await rows())[0]!.attempts).toBe(2);
  });

  test("two workers draining the same table deliver each mail exactly once", async () => {
    const n = 25;
    await db.prisma.$transaction(async (tx) => {
      for (let i = 0; i < n; i++) await enqueueMail(tx, mail(`c${i}`));
    });
    const [a, b] = [worker({ batchSize: 3 }), worker({ batchSize: 3 })];
    const [sentA, sentB] = await Promise.all([a!.drain(), b!.drain()]);

    expect(sentA + sentB).toBe(n);
    const subjects = received.map((m) => m.subject).sort();
    expect(subjects).toEqual(Array.from({ length: n }, (_, i) => `Hello c${i}`).sort());
    expect(new Set(subjects).size).toBe(n);
    expect((await rows()).every((r) => r.sent_at && r.attempts === 1)).toBe(true);
  });

  test("notify() triggers a poll without waiting for the timer", async () => {
    const w = worker({ pollMs: 60_000 });
    await enqueueMail(db.prisma, mail(6));
    w.notify();
    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    expect(received.map((m) => m.subject)).toEqual(["Hello 6"]);
    await w.stop();
  });

  test("without SMTP_URL, mails go to <dataDir>/outbox as .eml files", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-mail-"));
    try {
      const logger = record();
      const transport = createTransport({ ...baseConfig, dataDir, env: "development" }, logger);
      expect(transport.describe).toBe(`dev outbox (${path.join(dataDir, "outbox")})`);
      await enqueueMail(db.prisma, mail(7));
      const w = startMailWorker({ prisma: db.prisma, transport, logger, pollMs: 0 });
      workers.push(w);
      expect(await w.drain()).toBe(1);

      const files = fs.readdirSync(path.join(dataDir, "outbox"));
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/-test-[0-9a-f]{8}\.eml$/);
      const file = path.join(dataDir, "outbox", files[0]!);
      const parsed = await simpleParser(fs.readFileSync(file));
      expect(parsed.subject).toBe("Hello 7");
      expect(parsed.text?.trim()).toBe("Body 7\nhttps://app.test/verify?token=t7");

      const info = logger.lines.filter((l) => l.level === "info");
      expect(info).toEqual([
        {
          level: "info",
          msg: "mail written to dev outbox",
          obj: { to: "user7@example.test", subject: "Hello 7", file, link: "https://app.test/verify?token=t7" },
        },
      ]);

      // Production never logs the link (or any of the body), and warns that nothing is delivered.
      const prodLogger = record();
      const prod = createTransport({ ...baseConfig, dataDir, env: "production" }, prodLogger);
      await prod.send(mail(8));
      expect(prodLogger.lines.map((l) => l.level)).toEqual(["warn", "info"]);
      expect(JSON.stringify(prodLogger.lines)).not.toContain("token=");
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test("listDevOutbox returns recent rows, newest first", async () => {
    await enqueueMail(db.prisma, mail(9));
    // created_at has millisecond precision: make the order unambiguous.
    await db.prisma.$executeRaw`UPDATE mail_outbox SET created_at = created_at - interval '1 minute'`;
    await enqueueMail(db.prisma, mail(10));
    const list = await listDevOutbox(db.prisma, 1);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ to: "user10@example.test", subject: "Hello 10", kind: "test", sentAt: null, attempts: 0 });
    expect(list[0]!.createdAt).toBeInstanceOf(Date);
    expect(await listDevOutbox(db.prisma)).toHaveLength(2);
  });
});

// On PGlite (above) there is one connection, so two workers never really race. Here each
// worker has its own pool on a real PostgreSQL: their claims run at the same time and
// `FOR UPDATE SKIP LOCKED` is contended.
describeRealPostgres("two mail workers on two connection pools", () => {
  let a: Database | undefined;
  let b: Database | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const made = await createPostgresDatabaseUrl();
    drop = made.drop;
    a = await openDatabase({ databaseUrl: made.url, poolSize: 4 });
    await migrate(a.sql);
    b = await openDatabase({ databaseUrl: made.url, poolSize: 4 });
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
  });

  test("deliver each of many mails exactly once", { timeout: 300_000 }, async () => {
    const n = 150;
    await a!.prisma.$transaction(async (tx) => {
      for (let i = 0; i < n; i++) await enqueueMail(tx, mail(`pg${i}`));
    });
    const on = (db: Database) => {
      const w = startMailWorker({ prisma: db.prisma, transport: createTransport({ ...baseConfig, smtpUrl: `smtp://127.0.0.1:${port}` }), logger: record(), pollMs: 0, batchSize: 3 });
      workers.push(w);
      return w;
    };
    const [wa, wb] = [on(a!), on(b!)];
    const [sentA, sentB] = await Promise.all([wa.drain(), wb.drain()]);

    expect(sentA + sentB).toBe(n);
    // Both took part: the claims really ran side by side.
    expect(sentA).toBeGreaterThan(0);
    expect(sentB).toBeGreaterThan(0);
    const subjects = received.map((m) => m.subject ?? "").sort();
    expect(subjects).toEqual(Array.from({ length: n }, (_, i) => `Hello pg${i}`).sort());
    const states = await b!.prisma.$queryRaw<{ sent: bigint; once: bigint; total: bigint }[]>`
      SELECT count(*) FILTER (WHERE sent_at IS NOT NULL) AS sent, count(*) FILTER (WHERE attempts = 1) AS once, count(*) AS total FROM mail_outbox`;
    expect(states[0]).toEqual({ sent: BigInt(n), once: BigInt(n), total: BigInt(n) });
  });
});

describe("mail helpers", () => {
  test("backoff doubles, is capped, and jitters between half and all", () => {
    expect(backoffMs(1, 5_000, 3_600_000, () => 1)).toBe(5_000);
    expect(backoffMs(1, 5_000, 3_600_000, () => 0)).toBe(2_500);
    expect(backoffMs(4, 5_000, 3_600_000, () => 1)).toBe(40_000);
    expect(backoffMs(20, 5_000, 3_600_000, () => 1)).toBe(3_600_000);
    expect(backoffMs(3, 0, 3_600_000)).toBe(0);
  });

  test("error messages lose URL credentials", () => {
    expect(safeErrorMessage(new Error("cannot reach smtp://bob:s3cret@mail.example:587"))).toBe(
      "cannot reach smtp://***@mail.example:587",
    );
  });

  test("templates: subject, text always, escaped HTML, lifetimes", () => {
    const v = verifyEmail({ name: `<b>Ann</b> & "co"`, url: "https://app.test/verify?token=a&b=1" });
    expect(v.subject).toBe("Confirm your email for HireXp");
    expect(v.text).toContain("https://app.test/verify?token=a&b=1");
    expect(v.text).toContain("24 hours");
    expect(v.text).toContain("If this wasn't you");
    expect(v.html).toContain("&lt;b&gt;Ann&lt;/b&gt; &amp; &quot;co&quot;");
    expect(v.html).not.toContain("<b>Ann</b>");
    expect(v.html).toContain(`href="https://app.test/verify?token=a&amp;b=1"`);

    const r = passwordReset({ name: "Ann", url: "https://app.test/reset?token=x" });
    expect(r.subject).toBe("Reset your HireXp password");
    expect(r.text).toContain("1 hour");
    expect(r.text).toContain("If this wasn't you");

    const c = passwordChanged({ name: "", appUrl: "https://app.test" });
    expect(c.subject).toBe("Your HireXp password was changed");
    expect(c.text).toMatch(/^Hi there,/);
    expect(c.text).toContain("If this wasn't you");
    expect(c.html).toContain(`href="https://app.test"`);
  });
});
