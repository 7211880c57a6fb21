// The HTTP surface around tRPC: the SPA at / and every client route, static files
// (precompressed, cache headers, no source maps in production), security headers, health
// checks, Cache-Control on the API, redacted request logs, and the dev outbox's loopback rule.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../server/app.ts";
import { hashPassword } from "../../server/auth/password.ts";
import { loadConfig } from "../../server/config.ts";
import { devOutboxEnabled } from "../../server/routers/dev.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { createTestDatabase, type Database } from "../helpers/db.ts";

/** A built client as vite writes it: index.html, hashed assets with .br/.gz siblings, a source map. */
function makeClientDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-spa-"));
  const write = (name: string, body: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), body);
  };
  const compressed = (name: string, body: string) => {
    write(name, body);
    write(`${name}.br`, zlib.brotliCompressSync(body));
    write(`${name}.gz`, zlib.gzipSync(body));
  };
  compressed("index.html", `<!doctype html><title>HireXp</title><div id=root></div><script type=module src="/assets/index-Ab12Cd34.js"></script>${"<!-- padding -->".repeat(50)}`);
  compressed("assets/index-Ab12Cd34.js", `console.log("hirexp");\n${"export const x = 1;\n".repeat(400)}//# sourceMappingURL=index-Ab12Cd34.js.map\n`);
  write("assets/index-Ab12Cd34.js.map", JSON.stringify({ version: 3, sources: ["../../client/main.tsx"], mappings: "" }));
  write("assets/app.js", "console.log(1)");
  write("favicon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
  return dir;
}

const INDEX_CACHE = "no-cache";
const ASSET_CACHE = "public, max-age=31536000, immutable";

describe("HTTP surface", () => {
  let db: Database;
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    db = await createTestDatabase("pglite");
    dir = makeClientDir();
    app = await buildApp({ config: loadConfig({ NODE_ENV: "test" }, { appUrl: "http://localhost:3999" }), db, clientDir: dir });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("serves the app at / and at every client route, as no-cache HTML", async () => {
    for (const url of ["/", "/sign-in", "/sign-up", "/admin/users", "/settings/security", "/verify-email?token=abc", "/no/such/page", "/assets/"]) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers["content-type"], url).toMatch(/^text\/html/);
      expect(r.body, url).toContain("<div id=root>");
      expect(r.headers["cache-control"], url).toBe(INDEX_CACHE);
    }
    const head = await app.inject({ method: "HEAD", url: "/" });
    expect(head.statusCode).toBe(200);
    expect(head.headers["content-type"]).toMatch(/^text\/html/);
  });

  it("serves precompressed brotli and gzip with Vary, hashed assets immutable for a year", async () => {
    const original = fs.readFileSync(path.join(dir, "assets/index-Ab12Cd34.js"), "utf8");
    const br = await app.inject({ url: "/assets/index-Ab12Cd34.js", headers: { "accept-encoding": "gzip, deflate, br, zstd" } });
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/javascript/);
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(br.headers["cache-control"]).toBe(ASSET_CACHE);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString("utf8")).toBe(original);

    const gz = await app.inject({ url: "/assets/index-Ab12Cd34.js", headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(String(gz.headers.vary)).toMatch(/accept-encoding/i);
    expect(gz.headers["cache-control"]).toBe(ASSET_CACHE);
    expect(zlib.gunzipSync(gz.rawPayload).toString("utf8")).toBe(original);

    const plain = await app.inject({ url: "/assets/index-Ab12Cd34.js" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(String(plain.headers.vary)).toMatch(/accept-encoding/i);
    expect(plain.body).toBe(original);

    // index.html, directly and as the fallback of a deep link, compressed and never cached unchecked.
    for (const url of ["/", "/admin/users", "/index.html"]) {
      const r = await app.inject({ url, headers: { "accept-encoding": "br" } });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers["content-encoding"], url).toBe("br");
      expect(r.headers["content-type"], url).toMatch(/^text\/html/);
      expect(r.headers["cache-control"], url).toBe(INDEX_CACHE);
      expect(zlib.brotliDecompressSync(r.rawPayload).toString("utf8"), url).toContain("<div id=root>");
    }
    // Files outside /assets are not hashed: revalidated, not cached for a year.
    expect((await app.inject({ url: "/favicon.svg" })).headers["cache-control"]).toBe("no-cache");
  });

  it("never serves source maps in production", async () => {
    const prod = await buildApp({ config: loadConfig({ NODE_ENV: "production" }, { appUrl: "https://hirexp.example" }), db, clientDir: dir });
    try {
      const map = await prod.inject({ url: "/assets/index-Ab12Cd34.js.map", headers: { "accept-encoding": "br, gzip" } });
      expect(map.statusCode).toBe(404);
      expect(map.json()).toEqual({ error: "Not found" });
      // The app itself is served as usual.
      expect((await prod.inject({ url: "/assets/index-Ab12Cd34.js" })).statusCode).toBe(200);
      expect((await prod.inject({ url: "/" })).statusCode).toBe(200);
    } finally {
      await prod.close();
    }
    // In development they are there for debugging.
    expect((await app.inject({ url: "/assets/index-Ab12Cd34.js.map" })).statusCode).toBe(200);
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
    const api = await app.inject({ url: "/api/nothing" });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: "Not found" });
    expect((await app.inject({ url: "/api" })).statusCode).toBe(404);
    const missing = await app.inject({ url: "/assets/missing-0123abcd.js", headers: { "accept-encoding": "br" } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: "Not found" });
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

  it("listens on 127.0.0.1 unless HOST says otherwise (0.0.0.0 in production)", () => {
    expect(loadConfig({}).host).toBe("127.0.0.1");
    expect(loadConfig({ NODE_ENV: "development" }).host).toBe("127.0.0.1");
    expect(loadConfig({ NODE_ENV: "test" }).host).toBe("127.0.0.1");
    expect(loadConfig({ NODE_ENV: "production" }).host).toBe("0.0.0.0");
    expect(loadConfig({ NODE_ENV: "development", HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    expect(loadConfig({ NODE_ENV: "production", HOST: "10.1.2.3" }).host).toBe("10.1.2.3");
  });

  it("hands the dev outbox only to a loopback socket, whatever the headers say, and never in production", async () => {
    const devApp = (env: "development" | "production", trustProxy: boolean) =>
      buildApp({ config: loadConfig({ NODE_ENV: env }, { appUrl: "http://localhost:3000", trustProxy }), db, clientDir: null });
    const outbox = (a: Awaited<ReturnType<typeof buildApp>>, remoteAddress: string, headers: Record<string, string> = {}) =>
      a.inject({ url: "/api/trpc/dev.outbox", remoteAddress, headers: { host: "localhost:3000", ...headers } });

    const dev = await devApp("development", false);
    const proxied = await devApp("development", true);
    const prod = await devApp("production", true);
    try {
      for (const local of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) {
        expect((await outbox(dev, local)).statusCode, local).toBe(200);
      }
      // Another machine: refused, whatever Host, Origin or X-Forwarded-For claim.
      for (const remote of ["192.168.1.20", "203.0.113.7", "2001:db8::7", "::ffff:10.0.0.9"]) {
        const r = await outbox(dev, remote, { origin: "http://localhost:3000" });
        expect(r.statusCode, remote).toBe(404);
        expect(r.body).not.toContain("token=");
      }
      // Behind a trusted proxy, req.ip would be 127.0.0.1 here; the socket is what counts.
      const spoofed = await outbox(proxied, "203.0.113.7", { "x-forwarded-for": "127.0.0.1" });
      expect(spoofed.statusCode).toBe(404);
      expect((await outbox(proxied, "127.0.0.1")).statusCode).toBe(200);
      // Production: never, not even from loopback.
      expect((await outbox(prod, "127.0.0.1")).statusCode).toBe(404);
      expect((await outbox(prod, "::1")).statusCode).toBe(404);
    } finally {
      await dev.close();
      await proxied.close();
      await prod.close();
    }
  });

  it("marks every tRPC answer Cache-Control: no-store, signed in or not", async () => {
    const email = `no-store-${Date.now()}@example.com`;
    await createUser(db.prisma, { email, passwordHash: await hashPassword("no-store passphrase 42"), role: "TRAINEE", name: "No Store" });
    const anon = await app.inject({ url: "/api/trpc/auth.me" });
    expect(anon.statusCode).toBe(200);
    expect(anon.headers["cache-control"]).toBe("no-store");
    const signIn = await app.inject({
      method: "POST",
      url: "/api/trpc/auth.signIn",
      headers: { "content-type": "application/json", origin: "http://localhost:3999" },
      payload: JSON.stringify({ json: { email, password: "no-store passphrase 42" } }),
    });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.headers["cache-control"]).toBe("no-store");
    const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const me = await app.inject({ url: "/api/trpc/auth.me,auth.sessions.list?batch=1&input=%7B%7D", headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.body).toContain(email);
    expect(me.headers["cache-control"]).toBe("no-store");
    // Errors too.
    const err = await app.inject({ url: "/api/trpc/profile.get" });
    expect(err.statusCode).toBeGreaterThanOrEqual(400);
    expect(err.headers["cache-control"]).toBe("no-store");
  });

  it("answers an unexpected error with a generic message and the request id, never the error's own text", async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    });
    const a = await buildApp({ config: loadConfig({ NODE_ENV: "test", LOG_LEVEL: "error" }), db, clientDir: null, logStream });
    a.get("/api/test/boom", async () => {
      throw new Error("Invalid `db.auditLog.findMany()` invocation in /srv/hirexp/server/services/secret-file.ts");
    });
    a.post("/api/test/echo", async (req) => req.body);
    try {
      const r = await a.inject({ url: "/api/test/boom" });
      expect(r.statusCode).toBe(500);
      expect(r.body).not.toMatch(/findMany|secret-file|\/srv\//);
      const body = r.json() as { error: string; requestId: string };
      expect(body.error).toMatch(/went wrong/);
      expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
      // The log keeps the details, under the same request id.
      const logged = lines.map((l) => JSON.parse(l) as { reqId?: string; err?: { message?: string } }).find((l) => l.err);
      expect(logged?.reqId).toBe(body.requestId);
      expect(logged?.err?.message).toContain("secret-file.ts");
      // A client error keeps its status and says what was wrong.
      const bad = await a.inject({ method: "POST", url: "/api/test/echo", headers: { "content-type": "application/json" }, payload: "{" });
      expect(bad.statusCode).toBe(400);
      expect((bad.json() as { error: string }).error).toMatch(/JSON/i);
    } finally {
      await a.close();
    }
  });

  it("keeps mailed tokens and OAuth codes out of the request log", async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    });
    const logged = await buildApp({ config: loadConfig({ NODE_ENV: "test", LOG_LEVEL: "info" }, { appUrl: "http://localhost:3999" }), db, clientDir: dir, logStream });
    const secrets = ["tok3nSECRETverify", "tok3nSECRETreset", "tok3nSECRETemail", "c0deSECRET", "st4teSECRET", "c0deSECRET2"];
    try {
      await logged.inject({ url: "/verify-email?token=tok3nSECRETverify" });
      await logged.inject({ url: "/reset-password?lang=en&token=tok3nSECRETreset&next=%2Fdashboard" });
      await logged.inject({ url: "/confirm-email-change?TOKEN=tok3nSECRETemail" });
      await logged.inject({ url: "/auth/oauth/github/callback?code=c0deSECRET&state=st4teSECRET" });
      await logged.inject({ url: "/auth/oauth/oidc/callback?state=&code=c0deSECRET2&code=c0deSECRET2&iss=https%3A%2F%2Fidp.example" });
    } finally {
      await logged.close();
    }
    const all = lines.join("\n");
    for (const s of secrets) expect(all).not.toContain(s);
    const urls = lines.map((l) => JSON.parse(l) as { req?: { url?: string } }).flatMap((l) => (l.req?.url ? [l.req.url] : []));
    expect(urls).toContain("/verify-email?token=[REDACTED]");
    expect(urls).toContain("/reset-password?lang=en&token=[REDACTED]&next=%2Fdashboard");
    expect(urls).toContain("/auth/oauth/github/callback?code=[REDACTED]&state=[REDACTED]");
    expect(urls).toContain("/auth/oauth/oidc/callback?state=[REDACTED]&code=[REDACTED]&code=[REDACTED]&iss=https%3A%2F%2Fidp.example");
  });
});
