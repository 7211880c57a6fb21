// Where mails go. With SMTP_URL: a real SMTP server through nodemailer. Without it
// (development, tests, a first local run): a "dev outbox" folder of .eml files that any
// mail client opens, plus one log line per mail, so sign-up works with no mail setup.
import fs from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import type { Config } from "../config.ts";

export type OutgoingMail = {
  /** The outbox row id, when there is one: makes the Message-ID stable across retries. */
  id?: string;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  kind?: string;
};

export type MailTransport = {
  send(mail: OutgoingMail): Promise<void>;
  /** For the startup log line; never contains credentials. */
  describe: string;
  close(): Promise<void>;
};

/** The part of a pino/Fastify logger the mail code uses. */
export type MailLogger = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

export type TransportConfig = Pick<Config, "smtpUrl" | "mailFrom" | "dataDir" | "env">;

const silent: MailLogger = { info() {}, warn() {}, error() {} };

function senderDomain(mailFrom: string): string {
  return /@([^>\s]+)>?\s*$/.exec(mailFrom)?.[1] ?? "hirexp.local";
}

/** A retried mail keeps its Message-ID, so a receiving server can drop a duplicate. */
function messageId(mail: OutgoingMail, domain: string): string {
  return `<${mail.id ?? randomUUID()}@${domain}>`;
}

/** smtp://user:secret@host:587 → "smtp://host:587 (with login)". */
export function describeSmtpUrl(smtpUrl: string): string {
  try {
    const u = new URL(smtpUrl);
    const auth = u.username || u.password ? " (with login)" : "";
    return `${u.protocol}//${u.host}${auth}`;
  } catch {
    return "smtp (unparsable SMTP_URL)";
  }
}

export function createTransport(config: TransportConfig, logger: MailLogger = silent): MailTransport {
  const domain = senderDomain(config.mailFrom);

  if (config.smtpUrl) {
    // Options in the URL's query (?pool=true, ?ignoreTLS=true, ?tls.rejectUnauthorized=false)
    // win over these defaults. The timeouts are nodemailer's defaults cut down (they are
    // 2 min / 30 s / 10 min) so one send always ends well inside the worker's claim lease.
    const smtp = nodemailer.createTransport(
      { url: config.smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 },
      { from: config.mailFrom },
    );
    return {
      describe: describeSmtpUrl(config.smtpUrl),
      async send(mail) {
        await smtp.sendMail({
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.html ? { html: mail.html } : {}),
          messageId: messageId(mail, domain),
        });
      },
      async close() {
        smtp.close();
      },
    };
  }

  const dir = path.join(config.dataDir, "outbox");
  // Builds the complete RFC 822 message without sending it anywhere.
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" }, { from: config.mailFrom });
  if (config.env === "production") {
    logger.warn({ dir }, "SMTP_URL is not set: mails are written to the dev outbox folder and NOT delivered");
  }
  return {
    describe: `dev outbox (${dir})`,
    async send(mail) {
      const info = await builder.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        messageId: messageId(mail, domain),
      });
      await fs.mkdir(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      const slug = (mail.kind ?? "mail").replace(/[^a-z0-9-]+/gi, "_").slice(0, 40);
      const file = path.join(dir, `${stamp}-${slug}-${randomUUID().slice(0, 8)}.eml`);
      await fs.writeFile(file, info.message as Buffer, { mode: 0o600 });
      // The body carries sign-in links: only outside production is the link logged, so a
      // developer can click it straight from the terminal.
      const link = config.env === "production" ? undefined : /https?:\/\/\S+/.exec(mail.text)?.[0];
      logger.info({ to: mail.to, subject: mail.subject, file, ...(link ? { link } : {}) }, "mail written to dev outbox");
    },
    async close() {},
  };
}
