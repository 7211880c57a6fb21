// The first thing a new user does: open / (the URL the README gives), read the landing page
// and follow its links to sign up and sign in. Also: deep links load straight from the
// server (a reload on any client route), and the built app's files arrive compressed with the
// cache headers server/app.ts promises.
import type { Response } from "@playwright/test";
import { expect, snap, test } from "./helpers.ts";

const LANDING_HEADING = "Practise the conversations that get you hired.";

test("a new user starts at /, follows the landing page to sign up and to sign in", async ({ openClient }, testInfo) => {
  const { page } = await openClient();
  const assets: Response[] = [];
  page.on("response", (r) => {
    if (new URL(r.url()).pathname.startsWith("/assets/")) assets.push(r);
  });

  const home = await page.goto("/");
  expect(home?.status()).toBe(200);
  expect(home?.headers()["content-type"]).toMatch(/^text\/html/);
  expect(home?.headers()["cache-control"]).toBe("no-cache");
  await expect(page.getByRole("heading", { level: 1, name: LANDING_HEADING })).toBeVisible();
  await expect(page).toHaveTitle(/HireXp/);
  await snap(page, testInfo, "home");

  // The app's scripts and styles came compressed (Chromium accepts br) and cacheable for a year.
  await expect.poll(() => assets.filter((r) => r.url().endsWith(".js")).length).toBeGreaterThan(0);
  const script = assets.find((r) => r.url().endsWith(".js") && Number(r.headers()["content-length"] ?? Infinity) > 1024) ?? assets.find((r) => r.url().endsWith(".js"))!;
  const headers = await script.allHeaders();
  expect(headers["content-encoding"]).toBe("br");
  expect(headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(headers.vary).toMatch(/accept-encoding/i);

  const main = page.getByRole("main");
  await main.getByRole("link", { name: "Create a free account" }).click();
  await expect(page).toHaveURL(/\/sign-up$/);
  await expect(page.getByRole("heading", { name: "Create your HireXp account" })).toBeVisible();
  await expect(page.getByLabel("Email")).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: LANDING_HEADING })).toBeVisible();
  await main.getByRole("link", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in to HireXp" })).toBeVisible();
  await expect(page.getByLabel("Password", { exact: true })).toBeVisible();

  // The header's links lead to the same pages.
  await page.getByRole("banner").getByRole("link", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/sign-up$/);
  await expect(page.getByRole("heading", { name: "Create your HireXp account" })).toBeVisible();
});

test("deep links load from the server: a reload on a client route shows that page", async ({ openClient }) => {
  const { page } = await openClient();
  for (const [url, heading] of [
    ["/sign-in", "Sign in to HireXp"],
    ["/sign-up", "Create your HireXp account"],
    ["/no/such/page", "We could not find that page"],
  ] as const) {
    const r = await page.goto(url);
    expect(r?.status(), url).toBe(200);
    expect(r?.headers()["cache-control"], url).toBe("no-cache");
    await expect(page.getByRole("heading", { name: heading }), url).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { name: heading }), url).toBeVisible();
  }
  // A signed-in-only page sends a new user to sign in, and back there afterwards.
  const r = await page.goto("/settings/security");
  expect(r?.status()).toBe(200);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fsecurity$/);
  await expect(page.getByRole("heading", { name: "Sign in to HireXp" })).toBeVisible();
});
