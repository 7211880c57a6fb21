// One SQL statement by name: on a real PostgreSQL the pg pool's named prepared statement
// (Database.preparedQuery: parsed and planned once per connection, ~0.15 ms against ~0.6 ms
// through Prisma's $queryRaw, bench/session-check.ts), elsewhere (PGlite) the same text
// through Prisma. Hot paths (the session check, the rate limit, a chat message) use it.
// Parameters are `$n`; pass times as ISO strings cast in the SQL (`$2::timestamp`): the columns
// have no time zone and hold UTC, and pg would send a Date in the process's local time.
import type { PrismaClient } from "./generated/client.ts";

export type Statement = <T>(name: string, text: string, values: unknown[]) => Promise<T[]>;

/** The statement runner of `prepared` when there is one, else Prisma's $queryRawUnsafe. */
export function statementRunner(db: PrismaClient, prepared?: Statement): Statement {
  return prepared ?? (<T,>(_name: string, text: string, values: unknown[]) => db.$queryRawUnsafe<T[]>(text, ...values));
}
