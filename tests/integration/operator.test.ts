// The app as an operator runs it: `server/main.ts` migrates an empty data folder and serves,
// the operator commands work on the same folder while the app is stopped, and through the
// app's Unix socket (server/db/socket.ts) while it runs.
import { spawn, spawnSync, execFile, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { openDatabase } from "../../server/db/client.ts";
import { TestClient } from "../helpers/app.ts";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/.bin/tsx");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

async function waitFor(url: string, child: ChildProcess, deadlineMs = 180_000): Promise<Response> {
  const until = Date.now() + deadlineMs;
  let last: unknown;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited early with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return r;
      last = r.status;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100)); // poll interval while waiting for readiness
  }
  throw new Error(`timed out waiting for ${url}: ${String(last)}`);
}

describe("operator workflow on the embedded database", () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-operator-"));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const env = () => ({ ...process.env, DATA_DIR: dataDir, NODE_ENV: "test", LOG_LEVEL: "silent" });

  it("starts on an empty folder, migrates, serves; seed, admin:create and users:list work while it runs; stops on SIGTERM", { timeout: 420_000 }, async () => {
    const liveDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-live-"));
    onTestFinished(() => fs.rmSync(liveDir, { recursive: true, force: true }));
    const env = () => ({ ...process.env, DATA_DIR: liveDir, NODE_ENV: "test", LOG_LEVEL: "silent" });
    // A socket file left by an app that died: the next start must replace it.
    const sock = path.join(liveDir, "run", ".s.PGSQL.5432");
    fs.mkdirSync(path.dirname(sock), { recursive: true });
    const leftover = spawnSync(process.execPath, ["-e", `require("net").createServer().listen(${JSON.stringify(sock)}, () => process.exit(0))`]);
    expect(leftover.status).toBe(0);
    expect(fs.lstatSync(sock).isSocket()).toBe(true);

    const port = await freePort();
    const child = spawn(TSX, ["server/main.ts"], { env: { ...env(), PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    try {
      const ready = await waitFor(`http://127.0.0.1:${port}/readyz`, child);
      expect(await ready.json()).toEqual({ status: "ready", database: "pglite" });
      expect(out).toContain("20261127144312_init");
      expect(out).toMatch(/dev outbox: .*outbox/);
      expect(out).toContain(`operator socket: ${sock}`);
      // Not production: no "mail is not delivered" warning.
      expect(out).not.toMatch(/SMTP_URL is not set/);

      // Only the app's own user may reach it: the socket is 0600 in a 0700 folder.
      expect(fs.lstatSync(sock).isSocket()).toBe(true);
      expect(fs.statSync(sock).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(sock)).mode & 0o777).toBe(0o700);

      // The commands a newcomer runs while the app is up, as they run them.
      // PORT as the person running it has it (in .env or the shell): the table says where to sign in.
      const seed = await run("npm", ["run", "--silent", "seed"], { env: { ...env(), PORT: String(port) } });
      expect(seed.stderr).toMatch(/through the running app's database socket/);
      expect(seed.stdout).toMatch(/Role\s+Email\s+Password\s+Note/);
      expect(seed.stdout).toMatch(/ADMIN \(level 3\)\s+admin@demo\.hirexp\.test\s+practice makes progress/);
      expect(seed.stdout).toMatch(/TRAINEE\s+new@demo\.hirexp\.test\s+practice makes progress\s+email not verified/);
      expect(seed.stdout).toContain(`Sign in at http://localhost:${port}/sign-in`);

      const created = await run("npm", ["run", "--silent", "admin:create", "--", "--email", "ops@example.com", "--password", "a long operator passphrase", "--name", "Olga Ops"], { env: env() });
      expect(created.stdout).toMatch(/Created admin ops@example.com \(access level 3\)/);
      const list = await run(TSX, ["server/cli/users-list.ts", "--role", "admin"], { env: env() });
      expect(list.stdout).toMatch(/ops@example\.com\s+ADMIN/);
      expect(list.stdout).toMatch(/admin@demo\.hirexp\.test\s+ADMIN/);

      // The running app sees them at once: both admins sign in through its HTTP API.
      for (const [email, password] of [["ops@example.com", "a long operator passphrase"], ["admin@demo.hirexp.test", "practice makes progress"]] as const) {
        const c = new TestClient(`http://127.0.0.1:${port}`, `http://localhost:${port}`);
        expect(await c.signIn(email, password)).toMatchObject({ role: "ADMIN", emailVerified: true });
        expect(await c.trpc.auth.me.query()).toMatchObject({ email, role: "ADMIN", adminLevel: 3 });
      }
      expect(child.exitCode).toBeNull(); // and it kept running
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    expect(child.exitCode).toBe(0);
    expect(fs.existsSync(path.join(liveDir, "hirexp.lock"))).toBe(false);
    expect(fs.existsSync(sock)).toBe(false);
  });

  it("creates an admin with admin:create, then promotes an existing user", { timeout: 300_000 }, async () => {
    const a = await run(TSX, ["server/cli/admin-create.ts", "--email", " Ops@Example.com ", "--password", "a long operator passphrase", "--name", "Olga Ops"], { env: env() });
    expect(a.stdout).toMatch(/Created admin ops@example.com \(access level 3\)/);
    expect(a.stderr).not.toMatch(/socket/); // the app is stopped: it opened the folder itself
    const weak = await run(TSX, ["server/cli/admin-create.ts", "--email", "weak@example.com", "--password", "password"], { env: env() }).catch((e) => e);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/Password refused/);

    const db = await openDatabase({ dataDir });
    try {
      const u = await db.prisma.user.findUniqueOrThrow({
        where: { email: "ops@example.com" },
        select: { id: true, role: true, status: true, emailVerified: true, adminProfile: { select: { accessLevel: true } }, profile: { select: { name: true } } },
      });
      expect(u).toMatchObject({ role: "ADMIN", status: "ACTIVE", adminProfile: { accessLevel: 3 }, profile: { name: "Olga Ops" } });
      expect(u.emailVerified).toBeInstanceOf(Date);
      expect(await db.prisma.auditLog.count({ where: { targetUserId: u.id, action: "ROLE_CHANGED" } })).toBe(1);
      await db.prisma.user.create({ data: { email: "member@example.com", role: "TRAINEE" }, select: { id: true } });
    } finally {
      await db.close();
    }
    const p = await run(TSX, ["server/cli/admin-create.ts", "--email", "member@example.com", "--level", "1"], { env: env() });
    expect(p.stdout).toMatch(/Promoted admin member@example.com \(access level 1\)/);
    const db2 = await openDatabase({ dataDir });
    try {
      const m = await db2.prisma.user.findUniqueOrThrow({ where: { email: "member@example.com" }, select: { role: true, adminProfile: { select: { accessLevel: true } } } });
      expect(m).toEqual({ role: "ADMIN", adminProfile: { accessLevel: 1 } });
      const log = await db2.prisma.auditLog.findFirstOrThrow({ where: { targetUser: { email: "member@example.com" } }, select: { details: true } });
      expect(log.details).toMatchObject({ from: "TRAINEE", to: "ADMIN" });
    } finally {
      await db2.close();
    }
  });

  it("seeds demo accounts for all four roles, idempotently", { timeout: 300_000 }, async () => {
    const first = await run(TSX, ["prisma/seed.ts"], { env: env() });
    expect(first.stdout).toMatch(/ADMIN .*admin@demo\.hirexp\.test/);
    const second = await run(TSX, ["prisma/seed.ts"], { env: env() });
    expect(second.stdout).toMatch(/already there/);
    const prod = await run(TSX, ["prisma/seed.ts"], { env: { ...env(), NODE_ENV: "production" } }).catch((e) => e);
    expect(prod.code).toBe(1);
    const db = await openDatabase({ dataDir });
    try {
      const roles = await db.prisma.user.groupBy({ by: ["role"], where: { email: { endsWith: "@demo.hirexp.test" } }, _count: true });
      expect(Object.fromEntries(roles.map((r) => [r.role, r._count]))).toEqual({ ADMIN: 1, INSTRUCTOR: 1, COMPANY: 1, TRAINEE: 3 });
      // The demo company's jobs, written once (the second run leaves the company as it is).
      expect(await db.prisma.jobPosting.count({ where: { company: { user: { email: "company@demo.hirexp.test" } }, isActive: true } })).toBe(2);
    } finally {
      await db.close();
    }
  });
});

describe("user operator commands", () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-users-cli-"));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env = () => ({ ...process.env, DATA_DIR: dataDir, NODE_ENV: "test", LOG_LEVEL: "silent" });

  // Seven command runs, each opening the embedded database (~3 s apiece on 2 cores).
  it("lists users with filters and suspends one by email", { timeout: 420_000 }, async () => {
    await run(TSX, ["prisma/seed.ts"], { env: env() });
    const all = await run(TSX, ["server/cli/users-list.ts"], { env: env() });
    expect(all.stdout.trim().split("\n")).toHaveLength(6);
    const companies = await run(TSX, ["server/cli/users-list.ts", "--role", "company"], { env: env() });
    expect(companies.stdout).toMatch(/company@demo\.hirexp\.test\s+COMPANY/);
    expect(companies.stdout).not.toMatch(/TRAINEE/);
    const bad = await run(TSX, ["server/cli/users-list.ts", "--role", "pirate"], { env: env() }).catch((e) => e);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Usage: npm run users:list/);

    const s = await run(TSX, ["server/cli/user-suspend.ts", "sam@demo.hirexp.test", "--reason", "Chargeback"], { env: env() });
    expect(s.stdout).toMatch(/Suspended sam@demo\.hirexp\.test; 0 session\(s\) ended/);
    const suspended = await run(TSX, ["server/cli/users-list.ts", "--status", "suspended"], { env: env() });
    expect(suspended.stdout).toMatch(/sam@demo\.hirexp\.test/);
    const missing = await run(TSX, ["server/cli/user-suspend.ts", "ghost@example.com"], { env: env() }).catch((e) => e);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No user ghost@example.com/);
    const db = await openDatabase({ dataDir });
    try {
      const log = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "USER_SUSPENDED" }, select: { userId: true, details: true, userAgent: true } });
      expect(log).toMatchObject({ userId: null, userAgent: "cli:user:suspend", details: { reason: "Chargeback" } });
    } finally {
      await db.close();
    }
  });
});
