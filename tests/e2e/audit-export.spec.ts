// The audit log's CSV export in Chromium: the Export button on /admin/audit downloads the CSV
// (a same-origin navigation), while a link on another site that navigates the signed-in
// admin's browser to the same URL (the session cookie is SameSite=Lax, so it goes along) is
// refused with 403, because the export is audited and must not be triggered from elsewhere.
import fs from "node:fs";
import { e2eAdmin, expect, submitSignIn, test } from "./helpers.ts";

const CSV_HEADER = "created_at,action,actor_id,actor_email,target_id,target_email,ip_address,user_agent,details";

test("the Export button downloads the audit CSV; the same link on another site is refused", async ({ openClient, baseURL }) => {
  const { page, context } = await openClient();
  const admin = e2eAdmin();
  await submitSignIn(page, admin.email, admin.password);
  await expect(page).not.toHaveURL(/\/sign-in/);

  await page.goto("/admin/audit");
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^hirexp-audit-.+\.csv$/);
  const csv = fs.readFileSync(await download.path(), "utf8");
  expect(csv.split("\n")[0]).toBe(CSV_HEADER);
  expect(csv).toContain(admin.email);

  // An attacker's page on another site with a plain link to the export.
  const target = new URL("/api/admin/audit.csv", baseURL).toString();
  await context.route("http://attacker.test/**", (route) =>
    route.fulfill({ contentType: "text/html", body: `<!doctype html><title>Win a prize</title><a href="${target}">Claim your prize</a>` }),
  );
  await page.goto("http://attacker.test/");
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === target),
    page.getByRole("link", { name: "Claim your prize" }).click(),
  ]);
  expect(response.status()).toBe(403);
  expect(response.headers()["content-type"]).toMatch(/application\/json/);
  expect(await response.text()).not.toContain("created_at");
});
