import { expect, it } from "vitest";
import { runCleanup } from "../../server/jobs/cleanup.ts";
import { describeEachDatabase } from "../helpers/db.ts";

const DAY = 86400_000;

describeEachDatabase("retention cleanup", (t) => {
  it("deletes tokens 7 days and sessions 30 days after expiry, and nothing younger", async () => {
    const now = new Date();
    const at = (days: number) => new Date(now.getTime() + days * DAY);
    const u = await t.prisma.user.create({ data: { email: "retention@example.com" }, select: { id: true } });
    await t.prisma.verificationToken.createMany({
      data: [
        { email: "retention@example.com", token: "v-old", expires: at(-8), userId: u.id },
        { email: "retention@example.com", token: "v-recent", expires: at(-6), userId: u.id },
      ],
    });
    await t.prisma.passwordResetToken.createMany({
      data: [
        { email: "retention@example.com", token: "r-old", expires: at(-7.5), userId: u.id },
        { email: "retention@example.com", token: "r-live", expires: at(0.01), userId: u.id },
      ],
    });
    await t.prisma.session.createMany({
      data: [
        { sessionToken: "s-old", userId: u.id, expires: at(-31) },
        { sessionToken: "s-recent", userId: u.id, expires: at(-29) },
        { sessionToken: "s-live", userId: u.id, expires: at(10) },
      ],
    });
    await t.prisma.rateLimit.createMany({
      data: [
        { key: "x:ended", count: 3, windowStart: at(-1), expiresAt: at(-0.5) },
        { key: "x:open", count: 3, windowStart: now, expiresAt: at(0.5) },
      ],
    });
    const r = await runCleanup(t.prisma, now);
    expect(r).toMatchObject({ verificationTokens: 1, passwordResetTokens: 1, sessions: 1, rateLimits: 1 });
    expect((await t.prisma.verificationToken.findMany({ select: { token: true } })).map((x) => x.token)).toEqual(["v-recent"]);
    expect((await t.prisma.passwordResetToken.findMany({ select: { token: true } })).map((x) => x.token)).toEqual(["r-live"]);
    expect((await t.prisma.session.findMany({ select: { sessionToken: true }, orderBy: { sessionToken: "asc" } })).map((x) => x.sessionToken)).toEqual(["s-live", "s-recent"]);
    expect((await t.prisma.rateLimit.findMany({ select: { key: true } })).map((x) => x.key)).toEqual(["x:open"]);
  });
});
