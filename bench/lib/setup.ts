// Database setup shared by the HTTP benches: a migrated PostgreSQL with signed-in users.
import { openDatabase, type Database } from "../../server/db/client.ts";
import { migrate } from "../../server/db/migrate.ts";
import { createSession } from "../../server/auth/session.ts";
import { hashPassword } from "../../server/auth/password.ts";
import { createUser } from "../../server/services/users/create-user.ts";

export const BENCH_PASSWORD = "practice makes progress";

export async function migratedDatabase(url: string): Promise<Database> {
  const db = await openDatabase({ databaseUrl: url, poolSize: 10 });
  await migrate(db.sql);
  return db;
}

/** `n` active, verified users with the same real cost-12 password hash; their emails and ids. */
export async function makeUsers(db: Database, n: number, tag: string, role: "TRAINEE" | "COMPANY" = "TRAINEE"): Promise<{ id: string; email: string }[]> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const users: { id: string; email: string }[] = [];
  for (let i = 0; i < n; i++) {
    const email = `${tag}-${i}@bench.hirexp.test`;
    const u = await createUser(db.prisma, { email, passwordHash, name: `Bench ${tag} ${i}`, role });
    users.push({ id: u.id, email });
  }
  return users;
}

/** A session (its cookie token) for each user, made directly in the database. */
export async function makeSessions(db: Database, userIds: string[]): Promise<string[]> {
  const tokens: string[] = [];
  for (const id of userIds) tokens.push((await createSession(db.prisma, id, { ipAddress: "127.0.0.1", userAgent: "bench" })).token);
  return tokens;
}
