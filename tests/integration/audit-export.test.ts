// GET /api/admin/audit.csv as an attacker would reach it: a cross-site page navigating a
// signed-in admin's browser to it (the export writes an audit row, so it must be refused
// before anything happens), and hostile filters (a 400 with the field, never a 200 that
// breaks off half-way through the CSV).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../server/services/users/create-user.ts";
import { startTestApp, type TestApp, type TestClient } from "../helpers/app.ts";
import { createTestDatabase, type Database } from "../helpers/db.ts";

const PASSWORD = "audit export passphrase 42";

describe("audit log CSV export over HTTP", () => {
  let db: Database;
  let app: TestApp;
  let admin: { id: string; client: TestClient };
  beforeAll(async () => {
    db = await createTestDatabase("pglite");
    app = await startTestApp(db);
    const u = await createUser(db.prisma, { email: `csv-admin-${Date.now()}@example.com`, password: PASSWORD, role: "ADMIN", adminAccessLevel: 3, name: "CSV Admin" });
    const client = app.client();
    await client.signIn(u.email, PASSWORD);
    admin = { id: u.id, client };
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  /** The admin's browser, without the Origin header (browsers send none on a GET navigation). */
  function browser(): TestClient {
    const c = app.client({ origin: null, ip: admin.client.ip });
    for (const [k, v] of admin.client.cookies) c.cookies.set(k, v);
    return c;
  }
  const auditRows = () => db.prisma.auditLog.count({ where: { userId: admin.id } });
  const navigation = (site: string) => ({ "sec-fetch-site": site, "sec-fetch-mode": "navigate", "sec-fetch-dest": "document", "sec-fetch-user": "?1" });

  it("refuses a cross-site or same-site navigation, and writes no audit row", async () => {
    const before = await auditRows();
    for (const site of ["cross-site", "same-site"]) {
      const r = await browser().fetch("/api/admin/audit.csv", { headers: navigation(site) });
      expect(r.status, site).toBe(403);
      expect(r.headers.get("content-type"), site).toMatch(/application\/json/);
      expect(await r.text(), site).not.toContain("created_at");
    }
    // A cross-site page cannot fake the Origin either: it would say the attacker's origin.
    const forged = await browser().fetch("/api/admin/audit.csv", { headers: { ...navigation("cross-site"), origin: "https://evil.example" } });
    expect(forged.status).toBe(403);
    // And a cross-site request is refused whatever Origin it carries.
    expect((await admin.client.fetch("/api/admin/audit.csv", { headers: navigation("cross-site") })).status).toBe(403);
    expect(await auditRows()).toBe(before);
  });

  it("refuses a direct navigation (Sec-Fetch-Site: none) and a request with neither header, unless the Origin is ours", async () => {
    const before = await auditRows();
    // Typed or bookmarked: browsers send Sec-Fetch-Site: none and no Origin.
    expect((await browser().fetch("/api/admin/audit.csv", { headers: navigation("none") })).status).toBe(403);
    // A browser without Fetch Metadata sends neither header on a navigation.
    expect((await browser().fetch("/api/admin/audit.csv")).status).toBe(403);
    expect((await browser().fetch("/api/admin/audit.csv", { headers: { origin: "https://evil.example" } })).status).toBe(403);
    expect(await auditRows()).toBe(before);
    // With our Origin (a script on our page, or a tool that says where it comes from) it works.
    const ok = await admin.client.fetch("/api/admin/audit.csv", { headers: navigation("none") });
    expect(ok.status).toBe(200);
    expect((await ok.text()).split("\n")[0]).toMatch(/^created_at,action,/);
    expect(await auditRows()).toBe(before + 1);
  });

  it("serves the export button's same-origin download and audits it once", async () => {
    const before = await auditRows();
    const r = await browser().fetch(`/api/admin/audit.csv?actorId=${admin.id}`, { headers: { "sec-fetch-site": "same-origin", "sec-fetch-mode": "navigate", "sec-fetch-dest": "empty" } });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(r.headers.get("cache-control")).toBe("no-store");
    const lines = (await r.text()).trim().split("\n");
    expect(lines[0]).toBe("created_at,action,actor_id,actor_email,target_id,target_email,ip_address,user_agent,details");
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes(`"${admin.id}"`))).toBe(true);
    expect(await auditRows()).toBe(before + 1);
  });

  it("answers a bad filter with 400 and the field before any CSV is written, and audits nothing", async () => {
    const before = await auditRows();
    const cases: [string, string][] = [
      ["action=NOT_AN_ACTION", "action"],
      ["from=not-a-date", "from"],
      ["actorId=" + "x".repeat(300), "actorId"],
    ];
    for (const [query, field] of cases) {
      const r = await browser().fetch(`/api/admin/audit.csv?${query}`, { headers: { "sec-fetch-site": "same-origin" } });
      expect(r.status, query).toBe(400);
      expect(r.headers.get("content-type"), query).toMatch(/application\/json/);
      const body = (await r.json()) as { error: string; field?: string };
      expect(body.field, query).toBe(field);
      expect(body.error, query).toMatch(/\w/);
    }
    expect(await auditRows()).toBe(before);
  });
});
