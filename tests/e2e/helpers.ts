// Helpers for the browser tests: one browser context per test (each posing as its own client
// IP, so per-IP rate limits never collide), unique accounts, the dev outbox, and the sign-up /
// sign-in steps that several tests need. Everything goes through the UI, as a person would.
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Browser, type BrowserContext, type Page, type Response, type TestInfo } from "@playwright/test";

/** Copied from server/services/auth/sign-in.ts (INVALID_CREDENTIALS_MESSAGE). */
export const INVALID_CREDENTIALS_MESSAGE = "That email and password don't match. Check them and try again, or reset your password.";

export const MAIL_SUBJECTS = {
  verify: "Confirm your email for HireXp",
  reset: "Reset your HireXp password",
  passwordChanged: "Your HireXp password was changed",
  emailChangeConfirm: "Confirm your new email for HireXp",
  emailChangeNotice: "Your HireXp email is about to change",
  companyVerified: "Your HireXp company profile is verified",
} as const;

/**
 * A value tests/e2e/run.mjs hands the tests (the e2e admin, the OIDC provider). Missing only
 * when Playwright was started some other way: fail and say how to run the suite.
 */
export function e2eEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the browser tests with \`node tests/e2e/run.mjs\` (npm run test:e2e), which sets it up.`);
  return v;
}

/** The admin (access level 3) run.mjs creates before the server starts. */
export function e2eAdmin(): Account {
  return { name: e2eEnv("E2E_ADMIN_NAME"), email: e2eEnv("E2E_ADMIN_EMAIL"), password: e2eEnv("E2E_ADMIN_PASSWORD") };
}

let ipCounter = 0;

/** A fresh address from TEST-NET (198.18.0.0/15) for every context this worker opens. */
function nextTestIp(workerIndex: number): string {
  ipCounter += 1;
  const n = workerIndex * 4096 + ipCounter;
  return `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255 || 1}`;
}

export type Client = { context: BrowserContext; page: Page; ip: string };

/** Options of a new client: `userAgent` to pose as another browser or device. */
export type ClientOptions = { userAgent?: string };

/** A new browser context (own cookies, own client IP) with one page. */
export async function newClient(browser: Browser, baseURL: string | undefined, testInfo: TestInfo, opts: ClientOptions = {}): Promise<Client> {
  const ip = nextTestIp(testInfo.workerIndex);
  const context = await browser.newContext({
    baseURL,
    extraHTTPHeaders: { "x-forwarded-for": ip },
    ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
  });
  const page = await context.newPage();
  return { context, page, ip };
}

/**
 * `test` with an `openClient()` fixture: each call opens a new context (own cookies, own
 * client IP); all of them are closed when the test ends, pass or fail.
 */
export const test = base.extend<{ openClient: (opts?: ClientOptions) => Promise<Client> }>({
  openClient: async ({ browser, baseURL }, use, testInfo) => {
    const opened: Client[] = [];
    await use(async (opts?: ClientOptions) => {
      const client = await newClient(browser, baseURL, testInfo, opts);
      opened.push(client);
      return client;
    });
    for (const c of opened) await c.context.close();
  },
});
export { expect };

let emailCounter = 0;

/** A unique, valid email address (lower case, as the server stores it). */
export function uniqueEmail(tag: string): string {
  emailCounter += 1;
  const rand = Math.random().toString(36).slice(2, 8);
  return `${tag}-${Date.now()}-${emailCounter}-${rand}@example.com`;
}

/** A password the server's policy accepts (long, not in any dictionary as a whole). */
export function strongPassword(): string {
  const rand = Math.random().toString(36).slice(2, 8);
  return `Quartz-Lantern-${rand}-Meadow-42`;
}

export type Account = { name: string; email: string; password: string };

export function newAccount(tag: string, name = "Avery Test"): Account {
  return { name, email: uniqueEmail(tag), password: strongPassword() };
}

/** Screenshot for people to look at (not asserted): test-results/screenshots/<name>.png */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: path.join(testInfo.project.outputDir, "screenshots", `${name}.png`), fullPage: true });
}

/**
 * Fills and submits the sign-up form, as a trainee unless `companyName` is given (then as a
 * company); ends on the "Check your email" screen.
 */
export async function signUpViaUi(page: Page, account: Account, opts: { companyName?: string } = {}): Promise<void> {
  await page.goto("/sign-up");
  await expect(page.getByRole("heading", { name: "Create your HireXp account" })).toBeVisible();
  await page.getByLabel("Your name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  if (opts.companyName) {
    await page.getByRole("radio", { name: "Company" }).check();
    await page.getByLabel("Company name").fill(opts.companyName);
  } else {
    await page.getByRole("radio", { name: "Trainee" }).check();
  }
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText(`We sent a confirmation link to ${account.email}.`)).toBeVisible();
}

/**
 * Opens /dev/outbox, expands the newest mail with this subject to this address and returns
 * the locator of the expanded mail's text (so the caller can click its link).
 */
export async function openNewestMail(page: Page, to: string, subject: string) {
  await page.goto("/dev/outbox");
  await expect(page.getByRole("heading", { name: "Dev outbox" })).toBeVisible();
  // The list is newest first; the page refetches every 5 s, so a just-queued mail shows up.
  const show = page.getByRole("button", { name: `Show mail “${subject}” to ${to}`, exact: true }).first();
  await expect(show).toBeVisible();
  const detailsId = await show.getAttribute("aria-controls");
  expect(detailsId, "the Show button names the row it expands").toBeTruthy();
  await show.click();
  // Once open, the same button reads "Hide mail …".
  const hide = page.getByRole("button", { name: `Hide mail “${subject}” to ${to}`, exact: true });
  await expect(hide).toHaveAttribute("aria-expanded", "true");
  await expect(hide).toHaveAttribute("aria-controls", detailsId!);
  const details = page.locator(`[id="${detailsId}"]`);
  await expect(details).toBeVisible();
  return details;
}

/** Clicks the link in the newest "Confirm your email" mail; ends on "Email verified". */
export async function verifyViaOutbox(page: Page, baseURL: string | undefined, email: string): Promise<void> {
  const mail = await openNewestMail(page, email, MAIL_SUBJECTS.verify);
  const link = mail.getByRole("link", { name: /\/verify-email\?token=/ });
  await expect(link).toHaveAttribute("href", new RegExp(`^${escapeRegExp(String(baseURL))}/verify-email\\?token=[A-Za-z0-9]+$`));
  await link.click();
  await expect(page).toHaveURL(/\/verify-email\?token=/);
  await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();
  await expect(page.getByText(`Thank you. ${email} is confirmed.`)).toBeVisible();
}

/** Signs up and verifies through the outbox; the context stays signed out. */
export async function createVerifiedAccount(
  page: Page,
  baseURL: string | undefined,
  tag: string,
  name?: string,
  opts: { companyName?: string } = {},
): Promise<Account> {
  const account = newAccount(tag, name);
  await signUpViaUi(page, account, opts);
  await verifyViaOutbox(page, baseURL, account.email);
  return account;
}

/** Fills the sign-in form on the current page (or opens /sign-in first) and submits it. */
export async function submitSignIn(page: Page, email: string, password: string, opts: { goto?: string | false } = {}): Promise<Response> {
  if (opts.goto !== false) await page.goto(opts.goto ?? "/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in to HireXp" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  // Wait for the server's answer, so several attempts in a row are each counted.
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("/api/trpc/") && r.url().includes("auth.signIn") && r.request().method() === "POST"),
    // (The header's "Sign in" is a link; the form's submit is the only such button.)
    page.getByRole("button", { name: "Sign in", exact: true }).click(),
  ]);
  return response;
}

/** Signs in and checks the dashboard greets this person. */
export async function signInToDashboard(page: Page, account: Account): Promise<void> {
  await submitSignIn(page, account.email, account.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: `Welcome, ${account.name}` })).toBeVisible();
}

/** Signs out from the account menu in the header; ends on the sign-in page. */
export async function signOutViaMenu(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name: `${name}: account menu` }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signed-out=1$/);
  await expect(page.getByRole("heading", { name: "Sign in to HireXp" })).toBeVisible();
  await expect(page.getByText("You are signed out.")).toBeVisible();
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Runs axe (all of its default rules: WCAG 2.x A/AA, contrast included, and best practices
 * such as landmarks and heading order) on the page as it is now, and fails on any violation,
 * listing each with the elements it found. Waits for running animations and transitions
 * first, so a fading-in element is judged by its final colours. `label` names the page in
 * the failure message. The check is soft: the test goes on (and fails at its end), so one run
 * lists the violations of every page it visits.
 */
export async function expectNoAxeViolations(page: Page, label?: string): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"));
  const { violations } = await new AxeBuilder({ page }).analyze();
  const report = violations.map(
    (v) =>
      `${v.id} (${v.impact ?? "?"}): ${v.help}\n` +
      v.nodes.map((n) => `    ${n.target.join(" ")}\n      ${n.failureSummary?.replace(/\n/g, "\n      ") ?? ""}`).join("\n"),
  );
  expect.soft(report, `axe found violations on ${label ?? page.url()}`).toEqual([]);
}
