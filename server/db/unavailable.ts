// When the database cannot answer — PostgreSQL is restarting or unreachable, every pooled
// connection stayed busy for DATABASE_POOL_TIMEOUT_MS, or a transaction could not start or
// finish in time — a request gets a clear 503 with an appCode and a Retry-After, never a 500
// and never a hang (docs/decisions/019-faults.md, 024-pool-waits-per-request.md).
// This module recognises those errors, however they arrive: a Prisma error carrying the
// driver adapter's error, the pg driver's own Error, or a socket error.
import { AppError } from "../services/errors.ts";

/** Seconds a client is told to wait before trying again (Retry-After). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export const DATABASE_UNAVAILABLE_MESSAGE = "HireXp cannot reach its database right now. Please try again in a few seconds.";
export const DATABASE_BUSY_MESSAGE = "HireXp is very busy right now: your request waited too long for the database. Please try again in a few seconds.";

// The driver adapter's error kinds (@prisma/adapter-pg convertDriverError) that mean "no connection".
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TlsConnectionError"]);
// Prisma's connection error codes: can't reach, timed out, server closed the connection.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017"]);
// SQLSTATE: connection exceptions (class 08), the server shutting down or starting (57P01-57P03), too many connections.
const SQLSTATE = /^(08...|57P0[123]|53300)$/;
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
// The pg driver's own errors, which carry no code (pg-pool, pg/lib/client.js).
const PG_MESSAGES = /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end)/;
// Waited too long for a pooled connection (pg-pool's queue), or for a new connection to open
// (pg-pool destroys it at connectionTimeoutMillis).
const POOL_TIMEOUT = /^(timeout exceeded when trying to connect$|Connection terminated due to connection timeout)/;
// Prisma's interactive transaction that could not get a connection within maxWait, or ran past
// its timeout (P2028, rolled back: nothing was written). Other P2028s (a transaction used after
// it ended: a bug) stay 500s.
const TRANSACTION_TIMEOUT = /Unable to start a transaction in the given time|cannot be executed on an expired transaction|Transaction already closed: .*expired/;

type Kind = "busy" | "unavailable";

function classify(e: unknown, depth = 0): Kind | null {
  if (!e || typeof e !== "object" || depth > 6) return null;
  const x = e as { code?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: string; code?: string; originalCode?: string } } }; cause?: unknown; kind?: unknown };
  const message = typeof x.message === "string" ? x.message : "";
  if (POOL_TIMEOUT.test(message)) return "busy";
  if (x.code === "P2028" && TRANSACTION_TIMEOUT.test(message)) return "busy";
  const adapter = x.meta?.driverAdapterError?.cause ?? (x.cause && typeof x.cause === "object" && "kind" in x.cause ? (x.cause as { kind?: string; code?: string; originalCode?: string }) : undefined);
  if (adapter?.kind && ADAPTER_KINDS.has(adapter.kind)) return "unavailable";
  const sqlstate = adapter?.originalCode ?? adapter?.code;
  if (typeof sqlstate === "string" && SQLSTATE.test(sqlstate)) return "unavailable";
  if (typeof x.code === "string" && (PRISMA_CODES.has(x.code) || SOCKET_CODES.has(x.code) || SQLSTATE.test(x.code))) return "unavailable";
  if (PG_MESSAGES.test(message)) return "unavailable";
  return classify(x.cause, depth + 1);
}

/** The 503 domain error for a database that cannot answer, or null when `e` is anything else. */
export function databaseUnavailable(e: unknown): AppError | null {
  if (e instanceof AppError) return null;
  const kind = classify(e);
  if (!kind) return null;
  return kind === "busy"
    ? new AppError("unavailable", "DATABASE_BUSY", DATABASE_BUSY_MESSAGE, { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS })
    : new AppError("unavailable", "DATABASE_UNAVAILABLE", DATABASE_UNAVAILABLE_MESSAGE, { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
}
