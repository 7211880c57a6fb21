// server/db/unavailable.ts: the error shapes seen from pg + @prisma/adapter-pg 6.19 when the
// database is down, restarting or out of pooled connections (shapes recorded against a real
// PostgreSQL 15 in this repository's fault work) become 503 DATABASE_UNAVAILABLE /
// DATABASE_BUSY; other database errors are left alone.
import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { databaseUnavailable } from "../../server/db/unavailable.ts";
import { translateError } from "../../server/trpc/errors.ts";
import { AppError } from "../../server/services/errors.ts";

const prismaError = (code: string, cause: Record<string, unknown>) => Object.assign(new Error("Invalid `prisma.x()` invocation"), { code, meta: { driverAdapterError: { name: "DriverAdapterError", cause } } });

describe("databaseUnavailable", () => {
  it("maps a refused connection, a restart and a dropped connection to DATABASE_UNAVAILABLE", () => {
    const cases = [
      prismaError("P2010", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 }),
      prismaError("P1001", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 }),
      prismaError("P2010", { originalCode: "57P01", kind: "postgres", code: "57P01", severity: "FATAL", message: "terminating connection due to administrator command" }),
      prismaError("P2010", { originalCode: "57P03", kind: "postgres", code: "57P03", severity: "FATAL", message: "the database system is shutting down" }),
      prismaError("P2010", { kind: "ConnectionClosed" }),
      new Error("Connection terminated unexpectedly"),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    ];
    for (const e of cases) {
      const mapped = databaseUnavailable(e);
      expect(mapped?.appCode, e.message).toBe("DATABASE_UNAVAILABLE");
      expect(mapped?.kind).toBe("unavailable");
      expect(mapped?.retryAfterSeconds).toBe(5);
    }
  });

  it("maps pg-pool's wait timeout (DATABASE_POOL_TIMEOUT_MS) to DATABASE_BUSY", () => {
    expect(databaseUnavailable(new Error("timeout exceeded when trying to connect"))?.appCode).toBe("DATABASE_BUSY");
    // A new connection that did not open within the timeout (pg-pool destroys it).
    const opening = new Error("Connection terminated due to connection timeout", { cause: new Error("Connection terminated unexpectedly") });
    expect(databaseUnavailable(opening)?.appCode).toBe("DATABASE_BUSY");
  });

  it("maps Prisma's interactive-transaction timeouts (P2028: not started in time, expired while waiting) to DATABASE_BUSY, other P2028 errors not", () => {
    // The shapes seen in tests/integration/fault-pool-exhaustion.test.ts (PrismaClientKnownRequestError).
    const p2028 = (message: string) => Object.assign(new Error(message), { code: "P2028", clientVersion: "6.19.3" });
    expect(databaseUnavailable(p2028("\nInvalid `db.auditLog.create()` invocation in\nx.ts:18:21\n\nTransaction API error: A query cannot be executed on an expired transaction. The timeout for this transaction was 5000 ms, however 6054 ms passed since the start of the transaction."))?.appCode).toBe("DATABASE_BUSY");
    expect(databaseUnavailable(p2028("Transaction API error: Unable to start a transaction in the given time."))?.appCode).toBe("DATABASE_BUSY");
    expect(databaseUnavailable(p2028("Transaction API error: Transaction not found. Transaction ID is invalid, refers to an old closed transaction Prisma doesn't have information about anymore, or was obtained before disconnecting."))).toBeNull();
    expect(databaseUnavailable(new Error("Unable to start a transaction in the given time."))).toBeNull();
  });

  it("maps Prisma's transaction timeouts (P2028: no connection within maxWait, or past the timeout; rolled back) to DATABASE_BUSY", () => {
    const p2028 = (message: string) => Object.assign(new Error(message), { code: "P2028", meta: {} });
    // The shapes seen from company.jobs.create while the app's event loop was held up (issue 12, kill -9 on PostgreSQL).
    expect(databaseUnavailable(p2028("Transaction API error: Unable to start a transaction in the given time."))?.appCode).toBe("DATABASE_BUSY");
    expect(
      databaseUnavailable(p2028("\nInvalid `tx.jobPosting.create()` invocation in\nx.ts:66:37\n\nTransaction API error: A query cannot be executed on an expired transaction. The timeout for this transaction was 5000 ms, however 15061 ms passed since the start of the transaction."))?.appCode,
    ).toBe("DATABASE_BUSY");
    // A transaction used after it ended is a bug: still a 500.
    expect(databaseUnavailable(p2028("Transaction API error: Transaction not found. Transaction ID is invalid, refers to an old closed transaction Prisma doesn't have information about anymore, or was obtained before disconnecting."))).toBeNull();
  });

  it("leaves other errors alone: constraint violations, missing tables, domain errors", () => {
    expect(databaseUnavailable(prismaError("P2002", { kind: "UniqueConstraintViolation", constraint: { fields: ["email"] } }))).toBeNull();
    expect(databaseUnavailable(prismaError("P2021", { originalCode: "42P01", kind: "TableDoesNotExist" }))).toBeNull();
    expect(databaseUnavailable(new AppError("conflict", "X", "x"))).toBeNull();
    expect(databaseUnavailable(new Error("boom"))).toBeNull();
  });

  it("turns tRPC's INTERNAL_SERVER_ERROR around such a cause into SERVICE_UNAVAILABLE with the appCode", () => {
    const e = translateError(new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: new Error("timeout exceeded when trying to connect") }));
    expect(e).toBeInstanceOf(TRPCError);
    expect((e as TRPCError).code).toBe("SERVICE_UNAVAILABLE");
    expect(((e as TRPCError).cause as AppError).appCode).toBe("DATABASE_BUSY");
    const other = new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: new Error("boom") });
    expect(translateError(other)).toBe(other);
  });
});
