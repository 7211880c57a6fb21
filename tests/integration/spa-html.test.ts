// The SPA's pages as the server sends them (server/spa-html.ts through server/app.ts): the
// hints in <head>, compressed, revalidated by ETag, with the security headers of any page.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import { AUTH_ME_URL } from "../../server/spa-html.ts";
import { createTestDatabase, type Database } from "../helpers/db.ts";

const INDEX = `<!doctype html><html><head><title>HireXp</title><script type="module" crossorigin src="/assets/index-A.js"></script></head><body><div id="root"></div></body></html>`;
const MANIFEST = {
  "index.html": { file: "assets/index-A.js", isEntry: true },
  "app/app-shell-layout.tsx": { file: "assets/app-shell-layout-D.js", imports: ["index.html"] },
  "features/admin/admin-dashboard-page.tsx": { file: "assets/admin-dashboard-page-E.js", imports: ["index.html"] },
};
const meHint = `<link rel="preload" as="fetch" crossorigin href="${AUTH_ME_URL.replace(/&/g, "&amp;")}">`;

describe("SPA pages with hints", () => {
  let db: Database;
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    db = await createTestDatabase("pglite");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-spa-pages-"));
    fs.writeFileSync(path.join(dir, "index.html"), INDEX);
    fs.mkdirSync(path.join(dir, ".vite"));
    fs.writeFileSync(path.join(dir, ".vite", "manifest.json"), JSON.stringify(MANIFEST));
    app = await buildApp({ config: loadConfig({ NODE_ENV: "production" }, { appUrl: "https://hirexp.example" }), db, clientDir: dir });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("sends each page its hints, brotli, gzip or plain, no-cache with an ETag and the CSP", async () => {
    const admin = await app.inject({ url: "/admin", headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(admin.statusCode).toBe(200);
    expect(admin.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(admin.headers["content-encoding"]).toBe("br");
    expect(String(admin.headers.vary)).toMatch(/accept-encoding/i);
    expect(admin.headers["cache-control"]).toBe("no-cache");
    expect(String(admin.headers["content-security-policy"])).toContain("script-src 'self'");
    const html = zlib.brotliDecompressSync(admin.rawPayload).toString("utf8");
    expect(html).toContain(meHint);
    expect(html).toContain('<link rel="modulepreload" crossorigin href="/assets/app-shell-layout-D.js">');
    expect(html).toContain('<link rel="modulepreload" crossorigin href="/assets/admin-dashboard-page-E.js">');
    expect(html.indexOf("admin-dashboard-page-E.js")).toBeLessThan(html.indexOf("</head>"));

    const gz = await app.inject({ url: "/admin", headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.rawPayload).toString("utf8")).toBe(html);
    const plain = await app.inject({ url: "/admin" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(html);

    // Sign-in: auth.me only; the query string does not change the page.
    const signIn = await app.inject({ url: "/sign-in?next=%2Fadmin" });
    expect(signIn.body).toContain(meHint);
    expect(signIn.body).not.toContain("modulepreload");
  });

  it("answers 304 to a matching If-None-Match and the page again once the build changes", async () => {
    const first = await app.inject({ url: "/dashboard" });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await app.inject({ url: "/dashboard", headers: { "if-none-match": etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
    expect((await app.inject({ url: "/dashboard", headers: { "if-none-match": '"other"' } })).statusCode).toBe(200);
    // Another page has another ETag.
    expect((await app.inject({ url: "/sign-in" })).headers.etag).not.toBe(etag);
    // A rebuilt client: served at once, with a new ETag.
    fs.writeFileSync(path.join(dir, "index.html"), INDEX.replace("<title>HireXp</title>", "<title>HireXp, rebuilt</title>"));
    const rebuilt = await app.inject({ url: "/dashboard", headers: { "if-none-match": etag } });
    expect(rebuilt.statusCode).toBe(200);
    expect(rebuilt.body).toContain("HireXp, rebuilt");
  });

  it("still answers 404 for API paths, files and other methods", async () => {
    expect((await app.inject({ url: "/api/nothing" })).statusCode).toBe(404);
    expect((await app.inject({ url: "/assets/missing.js" })).statusCode).toBe(404);
    expect((await app.inject({ method: "POST", url: "/dashboard" })).statusCode).toBe(404);
    const head = await app.inject({ method: "HEAD", url: "/dashboard" });
    expect(head.statusCode).toBe(200);
    expect(head.headers["content-type"]).toBe("text/html; charset=utf-8");
  });
});
