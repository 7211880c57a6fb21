// Every environment variable the server reads, parsed once with zod.
import path from "node:path";
import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  APP_URL: z.string().url().optional(),
  DATABASE_URL: z.string().min(1).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  DATA_DIR: z.string().default("./.data"),
  SMTP_URL: z.string().min(1).optional(),
  MAIL_FROM: z.string().default("HireXp <no-reply@hirexp.local>"),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
});

export type Config = {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  appUrl: string;
  appOrigin: string;
  secureCookies: boolean;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  dataDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Fastify's trustProxy value: false, or the proxy addresses / CIDRs / hop count named by TRUST_PROXY. */
  trustProxy: boolean | string | string[] | number;
  logLevel: string;
  /** Mail worker poll interval in ms. */
  mailPollMs: number;
};

function parseTrustProxy(v: string | undefined): Config["trustProxy"] {
  if (!v || v === "false" || v === "0") return false;
  if (v === "true") return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(",").map((s) => s.trim()).filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const port = overrides.port ?? e.PORT;
  const appUrl = (overrides.appUrl ?? e.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, "");
  const origin = new URL(appUrl).origin;
  return {
    env: e.NODE_ENV,
    port,
    host: e.HOST,
    appUrl,
    appOrigin: origin,
    secureCookies: appUrl.startsWith("https:"),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: path.resolve(e.DATA_DIR),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === "test" ? "silent" : "info"),
    mailPollMs: 1000,
    ...overrides,
    ...(overrides.appUrl ? { appOrigin: new URL(overrides.appUrl).origin, secureCookies: overrides.appUrl.startsWith("https:") } : {}),
  };
}
