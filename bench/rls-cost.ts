// What row-level security costs on the signed-in request path: auth.me over HTTP (session
// lookup through auth_session_lookup, the context handed to PostgreSQL on checkout, the
// procedure), req/s with RLS on (the app role, data context set per checkout) and off (the
// owner, a plain pool: no set_config, policies bypassed), in the same run, alternating rounds
// so the machine's load hits both alike. Many users, so pooled connections switch users.
// Run: npx tsx bench/rls-cost.ts  (needs initdb/pg_ctl, or BENCH_DATABASE_URL = an owner URL
// of a scratch database). BENCH_SECONDS (per round, default 5), BENCH_ROUNDS (default 3),
// BENCH_CONCURRENCY (default 20), BENCH_USERS (default 50).
import os from "node:os";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { buildApp } from "../server/app.ts";
import { loadConfig } from "../server/config.ts";
import { createSession, sessionCookieName } from "../server/auth/session.ts";
import { openDatabase } from "../server/db/client.ts";
import { migrate } from "../server/db/migrate.ts";
import { setupAppRole } from "../server/db/roles.ts";
import { withPostgres } from "./postgres.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const USERS = Number(process.env.BENCH_USERS ?? 50);

async function serve(db: Awaited<ReturnType<typeof openDatabase>>) {
  const config = loadConfig({ NODE_ENV: "production", LOG_LEVEL: "silent" }, { appUrl: "http://127.0.0.1", port: 0, dataDir: os.tmpdir() });
  const app = await buildApp({ config, db, clientDir: null });
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, cookie: sessionCookieName(config.secureCookies) };
}

async function load(url: string, cookies: string[]): Promise<number> {
  let done = 0;
  let failed = 0;
  const until = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = w; Date.now() < until; i += CONCURRENCY) {
        const res = await fetch(`${url}/api/trpc/auth.me`, { headers: { cookie: cookies[i % cookies.length]! } });
        const body = await res.text();
        if (res.status !== 200 || !body.includes("bench")) failed++;
        done++;
      }
    }),
  );
  if (failed) throw new Error(`${failed} of ${done} auth.me requests failed or were not signed in`);
  return done / SECONDS;
}

await withPostgres(async (ownerUrl) => {
  const owner = await openDatabase({ databaseUrl: ownerUrl, poolSize: 20, dataContext: false });
  await migrate(owner.sql);
  const admin = new pg.Client({ connectionString: ownerUrl });
  await admin.connect();
  await setupAppRole(admin, { role: "hirexp_bench_app", password: "bench" });
  await admin.end();
  const appUrl = new URL(ownerUrl);
  appUrl.username = "hirexp_bench_app";
  appUrl.password = "bench";
  const rls = await openDatabase({ databaseUrl: appUrl.toString(), poolSize: 20, contextless: "deny" });

  const tokens: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const u = await owner.prisma.user.create({
      data: { email: `bench${i}@example.com`, status: "ACTIVE", emailVerified: new Date(), profile: { create: { name: `bench ${i}` } } },
      select: { id: true },
    });
    tokens.push((await createSession(owner.prisma, u.id, { ipAddress: null, userAgent: null })).token);
  }
  const on = await serve(rls);
  const off = await serve(owner);
  const cookiesOn = tokens.map((t) => `${on.cookie}=${t}`);
  const cookiesOff = tokens.map((t) => `${off.cookie}=${t}`);
  await load(on.url, cookiesOn); // warm-up both
  await load(off.url, cookiesOff);
  const results = { on: [] as number[], off: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    results.off.push(await load(off.url, cookiesOff));
    results.on.push(await load(on.url, cookiesOn));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const mOn = median(results.on);
  const mOff = median(results.off);
  console.log(`signed-in auth.me over HTTP, ${USERS} users, ${CONCURRENCY} concurrent, ${ROUNDS} alternating rounds of ${SECONDS} s; load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`RLS off (owner, plain pool):                 ${results.off.map((x) => x.toFixed(0)).join(" / ")} req/s, median ${mOff.toFixed(0)}`);
  console.log(`RLS on  (app role, context set on checkout): ${results.on.map((x) => x.toFixed(0)).join(" / ")} req/s, median ${mOn.toFixed(0)}`);
  console.log(`ratio on/off: ${(mOn / mOff).toFixed(2)}× (${((1 - mOn / mOff) * 100).toFixed(1)}% fewer requests per second)`);
  await on.app.close();
  await off.app.close();
  await rls.close();
  await owner.close();
});
