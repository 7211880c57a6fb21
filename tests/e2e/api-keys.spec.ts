// API keys in Chromium (issue 14): a verified company opens "API keys" from the navigation,
// creates a key with a name and scopes, copies it from the dialog that shows it once (the
// clipboard holds it; after closing, the page never shows it again, not even after a reload),
// pulls its jobs with it over the REST API, revokes it after a confirmation, and the key is
// refused at once. The API reference page renders from this server under its own CSP. The
// company's verification is written through the app's database socket (as the operator
// commands do); everything else goes through the UI. axe checks the page.
import path from "node:path";
import { request } from "@playwright/test";
import pg from "pg";
import { createVerifiedAccount, e2eEnv, expect, expectNoAxeViolations, signInToDashboard, test } from "./helpers.ts";

async function sql(text: string, params: unknown[]) {
  const client = new pg.Client({ host: path.join(e2eEnv("E2E_DATA_DIR"), "run"), port: 5432, database: "postgres", user: "postgres" });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

test("a company creates an API key, copies it once, uses it, and revokes it", async ({ openClient, baseURL }) => {
  test.setTimeout(180_000);
  const tag = Math.random().toString(36).slice(2, 7);
  const co = await openClient();
  await co.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL! });
  const company = await createVerifiedAccount(co.page, baseURL, "keys-company", "Kim Keys", { companyName: `Keyworks ${tag}` });
  await sql("UPDATE company_profiles SET is_verified = true, verified_at = now() WHERE user_id = (SELECT id FROM users WHERE email = $1)", [company.email]);
  await signInToDashboard(co.page, company);
  const page = co.page;

  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL(/\/company\/api-keys$/);
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  await expect(page.getByText("No keys yet")).toBeVisible();
  await expectNoAxeViolations(page, "api keys: empty");

  // Create: a name and the scopes to pull jobs and applicants (jobs:read is ticked already).
  await page.getByLabel("Name").fill(`ATS ${tag}`);
  await expect(page.getByRole("checkbox", { name: /jobs:read/ })).toBeChecked();
  await page.getByRole("checkbox", { name: /shortlist:read/ }).check();
  await page.getByRole("button", { name: "Create key" }).click();

  // The dialog shows the key once, with the warning; copy it.
  const dialog = page.getByRole("dialog", { name: "Copy your new API key" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("This is the only time you will see this key")).toBeVisible();
  const key = (await dialog.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^hxp_[a-z2-7]{52}$/);
  await expectNoAxeViolations(page, "api keys: new key dialog");
  await dialog.getByRole("button", { name: "Copy key" }).click();
  await expect(dialog.getByRole("button", { name: "Copied", exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await dialog.getByRole("button", { name: "I have copied the key" }).click();
  await expect(dialog).toBeHidden();

  // The list: name, prefix, scopes — the key itself nowhere on the page, nor after a reload.
  const row = page.getByTestId("api-key-row").filter({ hasText: `ATS ${tag}` });
  await expect(row).toBeVisible();
  await expect(row.getByText(`${key.slice(0, 12)}…`)).toBeVisible();
  for (const s of ["jobs:read", "applicants:read", "shortlist:read"]) await expect(row.getByText(s, { exact: true })).toBeVisible();
  await expect(row.getByText("Active")).toBeVisible();
  expect(await page.content()).not.toContain(key.slice(12));
  await page.reload();
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(key.slice(12));
  await expectNoAxeViolations(page, "api keys: one key");

  // The key works against the REST API (no cookies sent: a fresh request context).
  const system = await request.newContext();
  const api = await system.get(`${baseURL}/api/v1/jobs`, { headers: { authorization: `Bearer ${key}` } });
  expect(api.status()).toBe(200);
  expect(await api.json()).toEqual({ items: [], nextCursor: null });
  await page.reload();
  await expect(row.getByText("Never", { exact: true })).toHaveCount(1); // last used is set now; "Never" is only the expiry

  // Revoke, after a confirmation; refused at once.
  await row.getByRole("button", { name: `Revoke ATS ${tag}` }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke this key?" });
  await expect(confirm.getByText(/stops working at once/)).toBeVisible();
  await confirm.getByRole("button", { name: "Revoke the key" }).click();
  await expect(confirm).toBeHidden();
  await expect(row.getByText("Revoked")).toBeVisible();
  await expect(row.getByRole("button", { name: `Revoke ATS ${tag}` })).toHaveCount(0);
  const refused = await system.get(`${baseURL}/api/v1/jobs`, { headers: { authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.appCode).toBe("API_KEY_INVALID");
  await system.dispose();
});

test("the API reference page renders from this server, under its CSP", async ({ openClient }) => {
  const { page } = await openClient();
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  const outside: string[] = [];
  // Answers from elsewhere (a request the CSP blocks is attempted but gets no answer).
  page.on("response", (r) => {
    const u = new URL(r.url());
    if (!["127.0.0.1", "localhost"].includes(u.hostname) && u.protocol !== "blob:" && u.protocol !== "data:") outside.push(r.url());
  });
  await page.goto("/api/v1/docs");
  await expect(page.getByRole("heading", { name: /HireXp API/ }).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "List the applicants of one of your jobs" })).toBeVisible();
  // Redoc's bundle shows Redocly's logo from their CDN in the sidebar footer: the page's CSP
  // blocks it (img-src 'self' data:), so nothing is fetched from elsewhere; nothing else is refused.
  expect(violations.filter((v) => !v.includes("https://cdn.redoc.ly/redoc/logo-mini.svg"))).toEqual([]);
  expect(outside).toEqual([]);
});
