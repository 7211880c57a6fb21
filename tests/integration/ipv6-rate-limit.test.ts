// Per-address rate limits over HTTP for IPv6 clients: an IPv6 subscriber gets a whole /64 and
// can rotate through it, so the limit counts the /64; an IPv4 client that reaches the server
// as an IPv4-mapped IPv6 address counts as that IPv4 address. Clients pose as these addresses
// through X-Forwarded-For from the trusted proxy 127.0.0.1 (tests/helpers/app.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RATE_RULES } from "../../server/auth/rate-limit.ts";
import { startTestApp, trpcError, type TestApp } from "../helpers/app.ts";
import { createTestDatabase, type Database } from "../helpers/db.ts";

/** A token of the right shape that matches nothing: each try costs the caller one hit of token:ip. */
const BOGUS_TOKEN = "abcdefghijklmnopqrstuvwxyz234567";

describe("per-address rate limits for IPv6 clients", () => {
  let db: Database;
  let app: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase("pglite");
    app = await startTestApp(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  /** The app code of verifyEmail with a bogus token from `ip`: RATE_LIMITED once the limit is used up. */
  async function tryToken(ip: string): Promise<string | undefined> {
    const e = await trpcError(app.client({ ip }).trpc.auth.verifyEmail.mutate({ token: BOGUS_TOKEN }));
    return (e.data as { appCode?: string } | undefined)?.appCode ?? e.data?.code;
  }

  async function useUp(ip: string) {
    // The README promises 30 tries per address per 10 minutes on the token endpoints.
    expect(RATE_RULES.tokenIp.limit).toBe(30);
    for (let i = 0; i < 30; i++) expect(await tryToken(ip)).not.toBe("RATE_LIMITED");
    expect(await tryToken(ip)).toBe("RATE_LIMITED");
  }

  it("counts every address of one /64 together, and a neighbouring /64 apart", async () => {
    await useUp("2001:db8:aa:1::1");
    // Same /64, other interface identifiers and notations: already limited.
    for (const sibling of ["2001:db8:aa:1::2", "2001:db8:aa:1:ffff:ffff:ffff:fffe", "2001:0DB8:00AA:0001:1234::9"]) {
      expect(await tryToken(sibling), sibling).toBe("RATE_LIMITED");
    }
    // The next /64 and another site: their own budget.
    for (const other of ["2001:db8:aa:2::1", "2001:db8:ab:1::1"]) {
      expect(await tryToken(other), other).not.toBe("RATE_LIMITED");
    }
    const keys = await db.prisma.rateLimit.findMany({ where: { key: { startsWith: `${RATE_RULES.tokenIp.name}:2001:db8:` } }, select: { key: true, count: true } });
    expect(keys.map((k) => k.key).sort()).toEqual(["token:ip:2001:db8:aa:1::/64", "token:ip:2001:db8:aa:2::/64", "token:ip:2001:db8:ab:1::/64"]);
  });

  it("counts an IPv4-mapped IPv6 address as the IPv4 address", async () => {
    await useUp("198.51.100.77");
    expect(await tryToken("::ffff:198.51.100.77")).toBe("RATE_LIMITED");
    expect(await tryToken("::ffff:198.51.100.78")).not.toBe("RATE_LIMITED");
  });
});
