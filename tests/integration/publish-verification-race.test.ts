// Publishing decides on the instructor's verification inside its own transaction, under a share
// lock on the profile: an administrator's rejection that is under way (not yet committed) makes
// the publish wait, and the publish then sees the rejection. Read before the transaction, the old
// check saw the still-committed "verified" and published. Needs two connections: real PostgreSQL.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, type Database } from "../../server/db/client.ts";
import { migrate } from "../../server/db/migrate.ts";
import { readLibrary } from "../../server/services/content/library.ts";
import { createContent, publishContent, type ContentActor } from "../../server/services/content/studio.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { createPostgresDatabaseUrl, describeRealPostgres } from "../helpers/db.ts";

describeRealPostgres("publishing while verification is being revoked", () => {
  let db: Database;
  let url: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ url, drop } = await createPostgresDatabaseUrl());
    db = await openDatabase({ databaseUrl: url, poolSize: 3 });
    await migrate(db.sql);
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it("waits for an uncommitted rejection and then refuses with INSTRUCTOR_NOT_VERIFIED", async () => {
    const u = await createUser(db.prisma, { email: "racer@example.com", role: "INSTRUCTOR", name: "Rae Racer" });
    await db.prisma.instructorProfile.update({ where: { userId: u.id }, data: { isVerified: true } });
    const actor: ContentActor = { userId: u.id, role: "INSTRUCTOR", meta: { ipAddress: null, userAgent: null } };
    const lesson = readLibrary().find((f) => f.item.type === "LESSON")!.item;
    const { id } = await createContent(db.prisma, actor, lesson);

    // The administrator's rejection, begun on its own connection and not yet committed.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query("BEGIN");
      await admin.query("UPDATE instructor_profiles SET is_verified = false, rejected_at = now(), rejection_reason = 'No certificates' WHERE user_id = $1", [u.id]);

      const publishing = publishContent(db.prisma, actor, id).then(
        () => "published",
        (e: { appCode?: string }) => e.appCode ?? "error",
      );
      // The publish is now waiting for the rejection's row lock (a condition, not a sleep).
      await expect
        .poll(async () => (await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")).rows[0]!.n, { timeout: 10_000 })
        .toBe(1);
      await admin.query("COMMIT");
      expect(await publishing).toBe("INSTRUCTOR_NOT_VERIFIED");
    } finally {
      await admin.end();
    }
    const row = await db.prisma.content.findUniqueOrThrow({ where: { id }, select: { isPublished: true, version: true } });
    expect(row).toEqual({ isPublished: false, version: 0 });
  });
});
