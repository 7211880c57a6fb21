// The landing and sign-in pages are rendered at build time (shared/prerender.ts, tools/prerender.ts):
// the server sends their markup with the CSS it needs inline, the browser paints it before any
// script runs, and React hydrates it without a mismatch (which React reports as a console error
// and answers by rendering the page again). Someone who types before that keeps what they typed;
// a signed-in visitor never sees the signed-out buttons.
import type { ConsoleMessage, Page } from "@playwright/test";
import { createVerifiedAccount, expect, submitSignIn, test } from "./helpers.ts";

const LANDING_HEADING = "Practise the conversations that get you hired.";

/** Console errors and uncaught exceptions of the page from now on. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}

test("the server sends the prerendered sign-in and landing pages, with their CSS inline", async ({ request }) => {
  const signIn = await (await request.get("/sign-in?next=%2Fpractice")).text();
  expect(signIn).toContain('<div id="root" data-prerendered="/sign-in">');
  expect(signIn).toContain("<title>Sign in · HireXp</title>");
  expect(signIn).toMatch(/<h1[^>]*>Sign in to HireXp<\/h1>/);
  expect(signIn).toMatch(/<label[^>]*>Email<\/label>/);
  expect(signIn).toMatch(/<input[^>]*type="password"/);
  // Critical CSS inline (Mantine's input class among it), the full stylesheet not render-blocking.
  const critical = /<style data-critical-css>([\s\S]*?)<\/style>/.exec(signIn)?.[1] ?? "";
  expect(critical).toContain(".m_8fb7ebe7");
  expect(signIn).toMatch(/<link rel="stylesheet" crossorigin href="\/assets\/index-[\w-]+\.css" media="print" data-deferred-css>/);
  expect(signIn).not.toMatch(/<link rel="stylesheet"(?![^>]*media="print")/);
  expect(signIn).toMatch(/<html lang="en" data-mantine-color-scheme="light">/);

  const landing = await (await request.get("/")).text();
  expect(landing).toContain('<div id="root" data-prerendered="/">');
  expect(landing).toContain(LANDING_HEADING);
  // Not the sign-in page's document.
  expect(landing).not.toContain("Sign in to HireXp");

  // Query parameters that change the sign-in page's first render: the plain index.html.
  for (const url of ["/sign-in?signed-out=1", "/sign-in?oauthError=denied"]) {
    const html = await (await request.get(url)).text();
    expect(html, url).toContain('<div id="root"></div>');
    expect(html, url).not.toContain("data-critical-css");
  }
});

test("without JavaScript the prerendered pages are there, styled, with no signed-out buttons on the landing page", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { level: 1, name: "Sign in to HireXp" })).toBeVisible();
    await expect(page.getByLabel("Email")).toBeVisible();
    await expect(page.getByLabel("Password", { exact: true })).toBeVisible();
    // Styled by the inline CSS: Mantine's card has its border and the submit button its full width.
    const card = page.locator(".mantine-Paper-root");
    expect(await card.evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe("solid");
    const [form, button] = await Promise.all([page.locator("form").boundingBox(), page.getByRole("button", { name: "Sign in" }).boundingBox()]);
    expect(Math.round(button!.width)).toBe(Math.round(form!.width));
    // A native submit would reload the page: the button waits for the app.
    await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();

    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: LANDING_HEADING })).toBeVisible();
    // Nobody is known yet: the buttons hold their place unseen.
    await expect(page.getByRole("link", { name: "Create a free account" })).toBeHidden();
    await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test("React hydrates the prerendered pages without errors; what was typed before is what is submitted", async ({ openClient, baseURL }) => {
  const { page } = await openClient();
  const errors = collectErrors(page);
  await page.goto("/");
  await expect(page.getByRole("main").getByRole("link", { name: "Create a free account" })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign up" })).toBeVisible();
  await expect(page).toHaveTitle("Practise workplace communication · HireXp");

  // Type into the prerendered form while the app's script is held back, then let it run.
  const account = await createVerifiedAccount(page, baseURL, "prerender", "Pre Render");
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/index-[\w-]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto("/sign-in", { waitUntil: "commit" });
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeDisabled();
  release();
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  await expect(page.getByLabel("Email")).toHaveValue(account.email);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: `Welcome, ${account.name}` })).toBeVisible();
  await page.unroute(/\/assets\/index-[\w-]+\.js$/);
  expect(errors).toEqual([]);
});

test("a signed-in visitor: the landing page never shows the signed-out buttons, sign-in sends them on", async ({ openClient, baseURL }) => {
  const { page } = await openClient();
  const account = await createVerifiedAccount(page, baseURL, "prerender-in", "Signed In");
  await submitSignIn(page, account.email, account.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  const errors = collectErrors(page);

  // Record every moment "Create a free account" is laid out and visible, from the first paint on.
  await page.addInitScript(() => {
    const w = window as unknown as { sawSignedOutButton: boolean };
    w.sawSignedOutButton = false;
    const check = () => {
      for (const a of document.querySelectorAll("a")) {
        if (a.textContent === "Create a free account" && a.checkVisibility({ visibilityProperty: true })) w.sawSignedOutButton = true;
      }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
    const frame = () => {
      check();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await page.goto("/");
  await expect(page.getByRole("main").getByRole("link", { name: "Go to your dashboard" })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "Dashboard" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { sawSignedOutButton: boolean }).sawSignedOutButton)).toBe(false);

  await page.goto("/sign-in");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: `Welcome, ${account.name}` })).toBeVisible();
  expect(errors).toEqual([]);
});

test("the dashboards are prerendered as the loading frame, the same for everyone, and hydrate into the page", async ({ openClient, baseURL, request }) => {
  for (const url of ["/dashboard", "/studio", "/admin"]) {
    const html = await (await request.get(url)).text();
    expect(html, url).toContain(`<div id="root" data-prerendered="${url}">`);
    expect(html, url).toMatch(/role="status"[^>]*>[\s\S]*Loading…/);
    expect(html, url).not.toContain("Welcome");
  }

  // Signed out: sent to sign in, as before.
  const { page } = await openClient();
  const errors = collectErrors(page);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdashboard$/);
  await expect(page.getByRole("heading", { name: "Sign in to HireXp" })).toBeVisible();

  // Signed in: the dashboard, straight from a page load.
  const account = await createVerifiedAccount(page, baseURL, "prerender-dash", "Dash Board");
  await submitSignIn(page, account.email, account.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: `Welcome, ${account.name}` })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Loading…" })).toHaveCount(0);
  // A trainee opening the studio gets the not-allowed page, as before.
  await page.goto("/studio");
  await expect(page.getByRole("heading", { level: 1, name: "You don't have access to this page" })).toBeVisible();
  expect(errors).toEqual([]);
});
