// Every environment variable the server reads, parsed once with zod.
import path from "node:path";
import { z } from "zod";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Where the server listens. Development and tests: loopback only (the dev outbox and a
  // half-configured app stay on this machine); production: every interface (containers,
  // a reverse proxy on another host). Set HOST to override either.
  HOST: z.string().trim().min(1).optional(),
  APP_URL: z.string().url().optional(),
  DATABASE_URL: z.string().min(1).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  // How long a request waits for a pooled connection (or for a new one to open) before it is
  // answered 503 DATABASE_BUSY / DATABASE_UNAVAILABLE instead of hanging (PostgreSQL only).
  DATABASE_POOL_TIMEOUT_MS: z.coerce.number().int("DATABASE_POOL_TIMEOUT_MS is a whole number of milliseconds").min(100).max(600_000).default(5000),
  DATA_DIR: z.string().default("./.data"),
  SMTP_URL: z.string().min(1).optional(),
  MAIL_FROM: z.string().default("HireXp <no-reply@hirexp.local>"),
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  STATS_REFRESH_MINUTES: z.coerce.number().min(1).max(24 * 60).default(15),
  // Call recordings (DATA_DIR/recordings) are deleted this many days after they were made.
  RECORDING_RETENTION_DAYS: z.coerce.number().int("RECORDING_RETENTION_DAYS is a whole number of days").min(1).max(3650).default(30),
  // Daily backups (server/jobs/backup.ts): off unless BACKUP_DIR is set; the newest BACKUP_KEEP are kept.
  // DATABASE_ADMIN_URL: the database owner's URL for operator commands (db:backup, db:restore);
  // defaults to DATABASE_URL.
  BACKUP_DIR: z.string().trim().min(1).optional(),
  BACKUP_KEEP: z.coerce.number().int("BACKUP_KEEP is a whole number of backups").min(1).max(365).default(7),
  DATABASE_ADMIN_URL: z.string().min(1).optional(),
  // OAuth / OpenID Connect sign-in (server/auth/oauth/providers.ts): each provider is on
  // when all of its variables are set; a half-set provider is a configuration error.
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  GITHUB_CLIENT_ID: z.string().min(1).optional(),
  GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
  LINKEDIN_CLIENT_ID: z.string().min(1).optional(),
  LINKEDIN_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().trim().min(1).max(60).optional(),
  // The issuer key of signed certificate credentials (server/services/certificates/credential.ts):
  // a private Ed25519 JWK as JSON. Unset outside production: generated into DATA_DIR.
  CREDENTIAL_SIGNING_KEY: z.string().trim().min(1).optional(),
});

// The AI coach (server/services/coach/): any OpenAI-compatible chat-completions endpoint
// (OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp's server, LM Studio). Unset: the embedded,
// scripted coach. COACH_API_KEY is optional (local servers usually need none). Blank = unset.
const CoachEnvSchema = z.object({
  COACH_BASE_URL: z.string().url("COACH_BASE_URL must be a URL such as http://localhost:11434/v1").optional(),
  COACH_API_KEY: z.string().min(1).optional(),
  COACH_MODEL: z.string().min(1).max(200, "COACH_MODEL has at most 200 characters").optional(),
});

/** The OpenAI-compatible endpoint the coach uses; null means the embedded coach only. */
export type CoachConfig = { baseURL: string; apiKey: string | undefined; model: string };

/** The coach's settings from COACH_BASE_URL / COACH_API_KEY / COACH_MODEL (throws when half set). */
export function parseCoachEnv(env: Record<string, string | undefined>): CoachConfig | null {
  const blank = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
  const e = { COACH_BASE_URL: blank(env.COACH_BASE_URL), COACH_API_KEY: blank(env.COACH_API_KEY), COACH_MODEL: blank(env.COACH_MODEL) };
  const parsed = CoachEnvSchema.safeParse(e);
  if (!parsed.success) throw new Error(`Invalid environment:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  const { COACH_BASE_URL: baseURL, COACH_API_KEY: apiKey, COACH_MODEL: model } = parsed.data;
  if (!baseURL && !model && !apiKey) return null;
  if (!baseURL || !model) throw new Error("Invalid environment:\n  COACH_BASE_URL and COACH_MODEL must be set together (COACH_API_KEY is optional)");
  if (!/^https?:$/.test(new URL(baseURL).protocol)) throw new Error("Invalid environment:\n  COACH_BASE_URL must be an http or https URL");
  return { baseURL: baseURL.replace(/\/+$/, ""), apiKey, model };
}

// Server-side speech-to-text for call practice (server/services/speech/): any OpenAI-compatible
// audio-transcriptions endpoint (OpenAI, a local whisper server such as faster-whisper-server,
// whisper.cpp's server, LocalAI, vLLM). Like COACH_BASE_URL, the base URL includes the API
// version: requests go to `${STT_BASE_URL}/audio/transcriptions`. Unset: the browser's own
// speech recognition (or typing). STT_MODEL defaults to whisper-1. Blank = unset.
const SttEnvSchema = z.object({
  STT_BASE_URL: z.string().url("STT_BASE_URL must be a URL such as http://localhost:8000/v1").optional(),
  STT_API_KEY: z.string().min(1).optional(),
  STT_MODEL: z.string().min(1).max(200, "STT_MODEL has at most 200 characters").optional(),
});

export const DEFAULT_STT_MODEL = "whisper-1";
export const DEFAULT_STT_TIMEOUT_MS = 30_000;

/** The OpenAI-compatible transcription endpoint; null means no server-side speech-to-text. */
export type SttConfig = { baseURL: string; apiKey: string | undefined; model: string; /** Give up on one transcription after this long (default 30 s). */ timeoutMs: number };

/** Server speech-to-text from STT_BASE_URL / STT_API_KEY / STT_MODEL (throws when a key or model is set without the URL). */
export function parseSttEnv(env: Record<string, string | undefined>): SttConfig | null {
  const blank = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
  const e = { STT_BASE_URL: blank(env.STT_BASE_URL), STT_API_KEY: blank(env.STT_API_KEY), STT_MODEL: blank(env.STT_MODEL) };
  const parsed = SttEnvSchema.safeParse(e);
  if (!parsed.success) throw new Error(`Invalid environment:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  const { STT_BASE_URL: baseURL, STT_API_KEY: apiKey, STT_MODEL: model } = parsed.data;
  if (!baseURL) {
    if (model || apiKey) throw new Error("Invalid environment:\n  STT_MODEL and STT_API_KEY need STT_BASE_URL (the transcription server)");
    return null;
  }
  if (!/^https?:$/.test(new URL(baseURL).protocol)) throw new Error("Invalid environment:\n  STT_BASE_URL must be an http or https URL");
  return { baseURL: baseURL.replace(/\/+$/, ""), apiKey, model: model ?? DEFAULT_STT_MODEL, timeoutMs: DEFAULT_STT_TIMEOUT_MS };
}

/** Client credentials of one OAuth provider. */
export type OAuthClientConfig = { clientId: string; clientSecret: string };

/** The OAuth providers that are configured; a missing key means that provider is off. */
export type OAuthConfig = {
  google?: OAuthClientConfig;
  github?: OAuthClientConfig;
  linkedin?: OAuthClientConfig;
  /** Generic OpenID Connect (enterprise sign-in): discovery at `${issuer}/.well-known/openid-configuration`. */
  oidc?: OAuthClientConfig & { issuer: string; name: string };
};

export type Config = {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  appUrl: string;
  appOrigin: string;
  secureCookies: boolean;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** DATABASE_POOL_TIMEOUT_MS: the longest wait for a pooled connection before a 503. */
  databasePoolTimeoutMs: number;
  dataDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Fastify's trustProxy value: false, or the proxy addresses / CIDRs / hop count named by TRUST_PROXY. */
  trustProxy: boolean | string | string[] | number;
  logLevel: string;
  /** Mail worker poll interval in ms. */
  mailPollMs: number;
  /** How often the user_statistics materialized view is refreshed. */
  statsRefreshMs: number;
  /** Days a call recording is kept (RECORDING_RETENTION_DAYS). */
  recordingRetentionDays: number;
  /** Folder of the daily backups (BACKUP_DIR); null = no backup job. */
  backupDir: string | null;
  /** How many daily backups are kept (BACKUP_KEEP). */
  backupKeep: number;
  /** The owner's URL for operator commands (DATABASE_ADMIN_URL, default DATABASE_URL). */
  databaseAdminUrl: string | undefined;
  /** Configured OAuth / OIDC sign-in providers. */
  oauth: OAuthConfig;
  /** The LLM coach's endpoint (COACH_*), or null for the embedded coach only. */
  coach: CoachConfig | null;
  /** Server speech-to-text for calls (STT_*), or null when the browser recognises speech itself. */
  stt: SttConfig | null;
  /** CREDENTIAL_SIGNING_KEY: the private Ed25519 JWK that signs certificate credentials (checked), or undefined. */
  credentialSigningKey?: string | undefined;
};

/** CREDENTIAL_SIGNING_KEY checked for shape (a private Ed25519 JWK as JSON); throws a readable error. */
export function parseCredentialSigningKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const bad = (why: string) =>
    new Error(`Invalid environment:\n  CREDENTIAL_SIGNING_KEY: ${why}. It must be a private Ed25519 JWK as JSON: {"kty":"OKP","crv":"Ed25519","x":"…","d":"…"} (see docs/certificates-credential.md).`);
  let jwk: unknown;
  try {
    jwk = JSON.parse(raw);
  } catch {
    throw bad("not valid JSON");
  }
  const k = jwk as Record<string, unknown>;
  if (!k || typeof k !== "object" || k.kty !== "OKP" || k.crv !== "Ed25519") throw bad('not an Ed25519 key (kty "OKP", crv "Ed25519")');
  if (typeof k.x !== "string" || typeof k.d !== "string") throw bad('the public ("x") or private ("d") part is missing');
  return raw;
}

function parseTrustProxy(v: string | undefined): Config["trustProxy"] {
  if (!v || v === "false" || v === "0") return false;
  if (v === "true") return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(",").map((s) => s.trim()).filter(Boolean);
}

function pair(env: Record<string, unknown>, prefix: string): OAuthClientConfig | undefined {
  const clientId = env[`${prefix}_CLIENT_ID`] as string | undefined;
  const clientSecret = env[`${prefix}_CLIENT_SECRET`] as string | undefined;
  if (!clientId && !clientSecret) return undefined;
  if (!clientId || !clientSecret) {
    throw new Error(`Invalid environment:\n  ${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET must be set together`);
  }
  return { clientId, clientSecret };
}

function parseOAuth(e: z.infer<typeof EnvSchema>): OAuthConfig {
  const oauth: OAuthConfig = {};
  const google = pair(e, "GOOGLE");
  const github = pair(e, "GITHUB");
  const linkedin = pair(e, "LINKEDIN");
  if (google) oauth.google = google;
  if (github) oauth.github = github;
  if (linkedin) oauth.linkedin = linkedin;
  if (e.OIDC_ISSUER || e.OIDC_CLIENT_ID || e.OIDC_CLIENT_SECRET) {
    if (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) {
      throw new Error("Invalid environment:\n  OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together");
    }
    const issuer = e.OIDC_ISSUER.replace(/\/+$/, "");
    const u = new URL(issuer);
    const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname);
    if (u.protocol !== "https:" && !(u.protocol === "http:" && loopback)) {
      throw new Error("Invalid environment:\n  OIDC_ISSUER must be an https URL (http only for localhost)");
    }
    oauth.oidc = { issuer, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, name: e.OIDC_NAME ?? "Single sign-on" };
  }
  return oauth;
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
    host: e.HOST ?? (e.NODE_ENV === "production" ? "0.0.0.0" : "127.0.0.1"),
    appUrl,
    appOrigin: origin,
    secureCookies: appUrl.startsWith("https:"),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databasePoolTimeoutMs: e.DATABASE_POOL_TIMEOUT_MS,
    dataDir: path.resolve(e.DATA_DIR),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    // Production logs warnings and errors only (no line per request); LOG_LEVEL=info brings them back.
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === "test" ? "silent" : e.NODE_ENV === "production" ? "warn" : "info"),
    mailPollMs: 1000,
    statsRefreshMs: e.STATS_REFRESH_MINUTES * 60_000,
    recordingRetentionDays: e.RECORDING_RETENTION_DAYS,
    backupDir: e.BACKUP_DIR ? path.resolve(e.BACKUP_DIR) : null,
    backupKeep: e.BACKUP_KEEP,
    databaseAdminUrl: e.DATABASE_ADMIN_URL ?? e.DATABASE_URL,
    oauth: parseOAuth(e),
    coach: parseCoachEnv(env),
    stt: parseSttEnv(env),
    credentialSigningKey: parseCredentialSigningKey(e.CREDENTIAL_SIGNING_KEY),
    ...overrides,
    ...(overrides.appUrl ? { appOrigin: new URL(overrides.appUrl).origin, secureCookies: overrides.appUrl.startsWith("https:") } : {}),
  };
}
