// The landing and sign-in pages are rendered at build time (shared/prerender.ts, tools/prerender.ts):
// the server sends their markup with the CSS it needs inline, the browser paints it before any
// script runs, and React hydrates it without a mismatch (which React reports as a console error
// and answers by rendering the page again). Someone who types before that keeps what they typed;
// a signed-in visitor never sees the signed-out buttons.
import type { APIRequestContext, ConsoleMessage, Page } from "@playwright/test";
import { createVerifiedAccount, e2eAdmin, expect, signOutViaMenu, submitSignIn, test } from "./helpers.ts";

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

const APP_SCRIPT = /\/assets\/index-[\w-]+\.js$/;

/** The signed-in frame's chunk (header, navigation), which every signed-in page renders in. */
const SHELL_CHUNK = /\/assets\/app-shell-layout-[\w-]+\.js$/;

/** Holds the app's entry script (or another script) back until the returned function is called (then unroute it). */
async function holdAppScript(page: Page, script: RegExp = APP_SCRIPT): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(script, async (route) => {
    await held;
    await route.continue();
  });
  return release;
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
  const release = await holdAppScript(page);
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
  await page.unroute(APP_SCRIPT);
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

const HINT = "hirexp_role";
const TRAINEE_INTRO = "HireXp is where you practise workplace conversations";
const COMPANY_INTRO = "HireXp is where you find candidates";

/** The document the server sends for `url` with this Cookie header (none: no hint). */
async function documentFor(request: APIRequestContext, url: string, cookie?: string) {
  const res = await request.get(url, { headers: cookie === undefined ? {} : { cookie } });
  return { html: await res.text(), vary: res.headers()["vary"] ?? "" };
}

test("a dashboard's document is its role's frame by the role hint cookie; no hint or a forged one gets the loading frame", async ({ request }) => {
  const noHint = await documentFor(request, "/dashboard");
  expect(noHint.html).toContain('<div id="root" data-prerendered="/dashboard">');
  expect(noHint.html).toMatch(/role="status"[^>]*>[\s\S]*Loading…/);
  expect(noHint.html).not.toContain("data-role-frame");
  expect(noHint.vary).toMatch(/\bcookie\b/);

  const trainee = await documentFor(request, "/dashboard", `${HINT}=trainee`);
  expect(trainee.html).toContain('data-role-frame="TRAINEE"');
  expect(trainee.html).toContain(TRAINEE_INTRO);
  expect(trainee.html).toContain("<title>Dashboard · HireXp</title>");
  // The trainee's navigation, the page's own sections.
  expect(trainee.html).toMatch(/<a[^>]*href="\/practice\/history"/);
  expect(trainee.html).toContain(">Practice library</h3>");
  const company = await documentFor(request, "/dashboard", `other=1; ${HINT}=company`);
  expect(company.html).toContain('data-role-frame="COMPANY"');
  expect(company.html).toContain(COMPANY_INTRO);
  expect(company.html).not.toContain(TRAINEE_INTRO);

  // Forged or unknown values are no hint.
  for (const forged of ["TRAINEE", "superuser", "%3Cscript%3E", ""]) {
    const doc = await documentFor(request, "/dashboard", `${HINT}=${forged}`);
    expect(doc.html, forged).not.toContain("data-role-frame");
    expect(doc.html, forged).toMatch(/Loading…/);
  }

  // The studio and the admin console are their roles' pages by path.
  const studio = await documentFor(request, "/studio");
  expect(studio.html).toContain('data-role-frame="INSTRUCTOR"');
  expect(studio.html).toMatch(/<h1[^>]*>Studio<\/h1>/);
  expect((await documentFor(request, "/studio", `${HINT}=admin`)).html).toContain('data-role-frame="ADMIN"');
  const admin = await documentFor(request, "/admin");
  expect(admin.html).toContain('data-role-frame="ADMIN"');
  expect(admin.html).toMatch(/<h1[^>]*>Admin dashboard<\/h1>/);
  expect(admin.html).toContain('id="admin-nav-heading"');
  // A trainee's hint never gets the admin's page: the loading frame.
  const notAdmin = await documentFor(request, "/admin", `${HINT}=trainee`);
  expect(notAdmin.html).not.toContain("data-role-frame");
  expect(notAdmin.html).not.toContain("Admin dashboard");

  // Nothing of a person in any of them: no greeting with a name, no account menu.
  for (const doc of [trainee, company, studio, admin]) {
    expect(doc.html).not.toContain("Welcome,");
    expect(doc.html).not.toContain("account menu");
    expect(doc.html).not.toMatch(/demo\.hirexp\.test|@example/);
  }
});

/** The role hint cookie of the page's context, or null. */
async function hintOf(page: Page): Promise<string | null> {
  return (await page.context().cookies()).find((c) => c.name === HINT)?.value ?? null;
}

test("each dashboard hydrates from its role's frame without errors, and a wrong hint is replaced by the right page", async ({ openClient, baseURL }) => {
  const { page } = await openClient();
  const trainee = await createVerifiedAccount(page, baseURL, "frame-trainee", "Frame Trainee");
  const company = await createVerifiedAccount(page, baseURL, "frame-company", "Frame Company", { companyName: "Frame Co" });
  const errors = collectErrors(page);

  // Signing in sets the hint, from auth.me's answer.
  await submitSignIn(page, trainee.email, trainee.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect.poll(() => hintOf(page)).toBe("trainee");
  const cookie = (await page.context().cookies()).find((c) => c.name === HINT)!;
  expect(cookie).toMatchObject({ path: "/", sameSite: "Lax", httpOnly: false, secure: false });

  // A page load: the trainee's frame in the document (the app's script held back), then the page.
  const release = await holdAppScript(page);
  await page.goto("/dashboard", { waitUntil: "commit" });
  await expect(page.getByText(TRAINEE_INTRO)).toBeVisible();
  await expect(page.getByRole("heading", { name: `Welcome, ${trainee.name}` })).toHaveCount(0);
  release();
  await expect(page.getByRole("heading", { name: `Welcome, ${trainee.name}` })).toBeVisible();
  await expect(page.locator("[data-role-frame]")).toHaveCount(0);
  await expect(page.getByText(TRAINEE_INTRO)).toHaveCount(1);
  await page.unroute(APP_SCRIPT);

  // A wrong hint (another account used this browser last): the company's frame, then — while
  // the trainee's page is still loading — the loader, never a blank page, then this trainee's page.
  await page.context().addCookies([{ name: HINT, value: "company", url: baseURL! }]);
  const releaseAgain = await holdAppScript(page);
  const releaseChunk = await holdAppScript(page, SHELL_CHUNK);
  await page.goto("/dashboard", { waitUntil: "commit" });
  await expect(page.getByText(COMPANY_INTRO)).toBeVisible();
  releaseAgain();
  await expect(page.getByRole("status").filter({ hasText: "Loading…" })).toBeVisible();
  await expect(page.getByText(COMPANY_INTRO)).toHaveCount(0);
  releaseChunk();
  await expect(page.getByRole("heading", { name: `Welcome, ${trainee.name}` })).toBeVisible();
  await page.unroute(APP_SCRIPT);
  await page.unroute(SHELL_CHUNK);
  await expect(page.getByText(COMPANY_INTRO)).toHaveCount(0);
  await expect(page.getByText(TRAINEE_INTRO)).toBeVisible();
  await expect.poll(() => hintOf(page)).toBe("trainee");

  // Signing out clears it.
  await signOutViaMenu(page, trainee.name);
  expect(await hintOf(page)).toBeNull();

  // The company's dashboard.
  await submitSignIn(page, company.email, company.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect.poll(() => hintOf(page)).toBe("company");
  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { name: `Welcome, ${company.name}` })).toBeVisible();
  await expect(page.getByText(COMPANY_INTRO)).toBeVisible();
  await expect(page).toHaveTitle("Dashboard · HireXp");
  expect(errors).toEqual([]);
});

test("the admin's console and studio hydrate from their frames without errors; a signed-out visitor is sent to sign in", async ({ openClient, baseURL }) => {
  const { page } = await openClient();
  const errors = collectErrors(page);
  // Signed out, with a stale hint: the frame, then the sign-in page, and the hint is gone.
  await page.context().addCookies([{ name: HINT, value: "admin", url: baseURL! }]);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin$/);
  await expect(page.getByRole("heading", { name: "Sign in to HireXp" })).toBeVisible();
  await expect.poll(() => hintOf(page)).toBeNull();

  // The stale frame is gone for good: after signing in, the app's own navigation to /admin does
  // not bring it back (it would stand, out of date, in front of the page while that loads).
  await page.evaluate(() => {
    const w = window as unknown as { frameSeen: boolean };
    w.frameSeen = false;
    new MutationObserver(() => {
      if (document.querySelector("[data-role-frame]")) w.frameSeen = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  const admin = e2eAdmin();
  await submitSignIn(page, admin.email, admin.password, { goto: false });
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1, name: "Admin dashboard" })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { frameSeen: boolean }).frameSeen)).toBe(false);
  await expect.poll(() => hintOf(page)).toBe("admin");
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Admin dashboard" })).toBeVisible();
  await expect(page.getByText("Users by role")).toBeVisible();
  await expect(page.locator("[data-role-frame]")).toHaveCount(0);
  await page.goto("/studio");
  await expect(page.getByRole("heading", { level: 1, name: "Studio" })).toBeVisible();
  await expect(page.getByRole("button", { name: `${admin.name}: account menu` })).toBeVisible();
  await expect(page.locator("[data-role-frame]")).toHaveCount(0);
  expect(errors).toEqual([]);
});

/** The studio's page chunk (its list, filters and table). */
const STUDIO_CHUNK = /\/assets\/studio-page-[\w-]+\.js$/;

/** The tRPC procedures of each API request the page makes from now on ("auth.me", "content.mine,profile.get"…). */
function collectTrpcCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on("request", (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.startsWith("/api/trpc/")) calls.push(decodeURIComponent(pathname.slice("/api/trpc/".length)));
  });
  return calls;
}

test("the studio asks for its list beside auth.me, before its chunk is in, for someone whose hint says they have one", async ({ openClient }) => {
  const { page } = await openClient();
  const errors = collectErrors(page);
  const admin = e2eAdmin();
  await submitSignIn(page, admin.email, admin.password);
  await expect.poll(() => hintOf(page)).toBe("admin");
  const release = await holdAppScript(page, STUDIO_CHUNK);
  const calls = collectTrpcCalls(page);
  await page.goto("/studio", { waitUntil: "commit" });
  // The studio's chunk is held back: only the entry can have asked for the list.
  await expect.poll(() => calls).toContain("content.mine");
  release();
  await expect(page.getByRole("heading", { level: 1, name: "Studio" })).toBeVisible();
  await expect(page.getByRole("button", { name: `${admin.name}: account menu` })).toBeVisible();
  await page.unroute(STUDIO_CHUNK);
  // auth.me went out alone (the URL the document preloads), once; the list in a request of its own.
  expect(calls.filter((c) => c.includes("auth.me"))).toEqual(["auth.me"]);
  expect(errors).toEqual([]);
});

test("a trainee opening the studio gets the not-allowed page, as before", async ({ openClient, baseURL }) => {
  const { page } = await openClient();
  const errors = collectErrors(page);
  const account = await createVerifiedAccount(page, baseURL, "prerender-dash", "Dash Board");
  await submitSignIn(page, account.email, account.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  const calls = collectTrpcCalls(page);
  await page.goto("/studio");
  await expect(page.getByRole("heading", { level: 1, name: "You don't have access to this page" })).toBeVisible();
  await expect(page.locator("[data-role-frame]")).toHaveCount(0);
  // A trainee's hint asks for no studio list.
  expect(calls.some((c) => c.includes("content.mine"))).toBe(false);
  expect(errors).toEqual([]);
});
