// The HTTP surface around tRPC: the SPA fallback, security headers, health checks.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import { devOutboxEnabled } from "../../server/routers/dev.ts";
import { createTestDatabase, type Database } from "../helpers/db.ts";

describe("HTTP surface", () => {
  let db: Database;
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    db = await createTestDatabase("pglite");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-spa-"));
    fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>HireXp</title><div id=root></div>");
    fs.mkdirSync(path.join(dir, "assets"));
    fs.writeFileSync(path.join(dir, "assets", "app.js"), "console.log(1)");
    app = await buildApp({ config: loadConfig({ NODE_ENV: "test" }, { appUrl: "http://localhost:3999" }), db, clientDir: dir });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("serves index.html for app paths, files as they are, and 404 for missing files and API paths", async () => {
    const page = await app.inject({ url: "/verify-email?token=abc" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.body).toContain("<div id=root>");
    expect((await app.inject({ url: "/assets/app.js" })).body).toBe("console.log(1)");
    // Files added after start (a rebuilt client) are served too.
    fs.writeFileSync(path.join(dir, "assets", "new.js"), "console.log(2)");
    expect((await app.inject({ url: "/assets/new.js" })).statusCode).toBe(200);
    expect((await app.inject({ url: "/assets/missing.js" })).statusCode).toBe(404);
    expect((await app.inject({ url: "/api/nothing" })).statusCode).toBe(404);
    expect((await app.inject({ method: "POST", url: "/dashboard" })).statusCode).toBe(404);
  });

  it("sends a strict CSP, no-referrer, nosniff and frame-ancestors none", async () => {
    const r = await app.inject({ url: "/reset-password?token=abc" });
    const csp = String(r.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers["referrer-policy"]).toBe("no-referrer");
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["strict-transport-security"]).toBeUndefined();
  });

  it("answers readiness 503 when the database is gone", async () => {
    const other = await createTestDatabase("pglite");
    const a = await buildApp({ config: loadConfig({ NODE_ENV: "test" }), db: other, clientDir: null });
    expect((await a.inject({ url: "/readyz" })).statusCode).toBe(200);
    await other.close();
    const r = await a.inject({ url: "/readyz" });
    expect(r.statusCode).toBe(503);
    expect((await a.inject({ url: "/healthz" })).statusCode).toBe(200);
    await a.close();
  });

  it("turns malformed tRPC requests into 4xx answers, never 500", async () => {
    const bad = await app.inject({ method: "POST", url: "/api/trpc/auth.signIn", headers: { "content-type": "application/json", origin: "http://localhost:3999" }, payload: "{not json" });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
    const wrongShape = await app.inject({ method: "POST", url: "/api/trpc/auth.signIn", headers: { "content-type": "application/json", origin: "http://localhost:3999" }, payload: JSON.stringify({ json: { email: 5 } }) });
    expect(wrongShape.statusCode).toBe(400);
    const nested = await app.inject({ method: "POST", url: "/api/trpc/profile.update", headers: { "content-type": "application/json", origin: "http://localhost:3999" }, payload: JSON.stringify({ json: {} }) });
    expect(nested.statusCode).toBe(401);
    expect((await app.inject({ url: "/api/trpc/nope.nothing" })).statusCode).toBe(404);
  });

  it("offers the dev outbox only in development, without SMTP, on a loopback APP_URL", () => {
    expect(devOutboxEnabled({ env: "development", appUrl: "http://localhost:3000" })).toBe(true);
    expect(devOutboxEnabled({ env: "production", appUrl: "http://localhost:3000" })).toBe(false);
    expect(devOutboxEnabled({ env: "development", appUrl: "http://localhost:3000", smtpUrl: "smtp://x" })).toBe(false);
    expect(devOutboxEnabled({ env: "development", appUrl: "https://staging.hirexp.example" })).toBe(false);
  });
});
