// The dashboard of each role in Chromium (trainee, instructor, company, admin), a company's
// verification from pending through rejection to asking again, and the pages that were
// unreadable on a phone (390 px wide): the devices list, the users list, the statistics, and
// notifications that covered the header. Screenshots go to /tmp/hirexp-ui-shots/ (and the
// usual test-results folder) for people to look at; they are not asserted.
import fs from "node:fs";
import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";
import { createVerifiedAccount, e2eAdmin, expect, newAccount, signInToDashboard, snap, test, verifyViaOutbox } from "./helpers.ts";

const PHONE = { width: 390, height: 844 };
const SHOTS = "/tmp/hirexp-ui-shots";

async function shot(page: Page, testInfo: TestInfo, name: string, { fullPage = true } = {}): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
  if (fullPage) await snap(page, testInfo, name);
}

/** Nothing on the page is wider than the window: no sideways scrolling of the document. */
async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `document is ${scrollWidth}px wide in a ${innerWidth}px window`).toBeLessThanOrEqual(innerWidth);
}

/** Signs up as an instructor through the form and verifies the email; stays signed out. */
async function createVerifiedInstructor(page: Page, baseURL: string | undefined) {
  const account = newAccount("instructor", "Indira Instructor");
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("radio", { name: "Instructor" }).check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await verifyViaOutbox(page, baseURL, account.email);
  return account;
}

const comingSoon = (page: Page) => page.getByText(/coming soon/i);

test("a trainee's dashboard leads to what works now (the practice catalogue too) and announces nothing as coming", async ({ openClient, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const { page } = await openClient();
  const trainee = await createVerifiedAccount(page, baseURL, "dash-trainee", "Tara Trainee");
  await signInToDashboard(page, trainee);
  const account = page.getByRole("region", { name: "Your account" });
  await expect(account.getByRole("link", { name: "Edit your profile" })).toBeVisible();
  await expect(account.getByRole("link", { name: "Open security settings" })).toBeVisible();
  // Practice, assessments and certificates exist: nothing is announced as coming.
  await expect(page.getByRole("region", { name: "Coming next" })).toHaveCount(0);
  await expect(comingSoon(page)).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Verification" })).toHaveCount(0);
  await shot(page, testInfo, "dashboard-trainee");

  // The practice catalogue is open: the dashboard leads to it, with the starter library in it.
  await page.getByRole("region", { name: "Practice" }).getByRole("link", { name: "Browse practice" }).click();
  await expect(page).toHaveURL(/\/practice$/);
  await expect(page.getByRole("heading", { name: "Practice", level: 1 })).toBeVisible();
  await expect(page.getByRole("main").getByRole("listitem").first()).toBeVisible();
  await page.goto("/dashboard");

  await account.getByRole("link", { name: "Edit your profile" }).click();
  await expect(page.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();
  // Languages are picked by name (English or the language's own) and saved as codes.
  const languages = page.getByRole("combobox", { name: "Languages you speak" });
  // Every option has a name, even where Chromium's own ICU data has none (Afar is "aa").
  await languages.fill("afar");
  await expect(page.getByRole("option", { name: "Afar", exact: true })).toBeVisible();
  await languages.fill("españ");
  await page.getByRole("option", { name: "Spanish (español)" }).click();
  await shot(page, testInfo, "profile-languages", { fullPage: false });
  await expect(page.getByLabel("Preferred language")).toHaveCount(0);
  const [saved] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("profile.update") && r.request().method() === "POST"),
    page.getByRole("button", { name: "Save profile" }).click(),
  ]);
  expect(saved.ok()).toBe(true);
  expect(JSON.stringify(saved.request().postDataJSON())).toContain('"languages":["es"]');
  await page.reload();
  await expect(page.getByText("Spanish (español)")).toBeVisible();
});

test("an instructor's dashboard shows the pending verification and what happens next", async ({ openClient, baseURL }, testInfo) => {
  const { page } = await openClient();
  const instructor = await createVerifiedInstructor(page, baseURL);
  await signInToDashboard(page, instructor);
  const card = page.getByRole("region", { name: "Verification" });
  await expect(card).toContainText("Status: Waiting for review");
  await expect(card).toContainText(`We email ${instructor.email} when they have decided`);
  await expect(comingSoon(page)).toHaveCount(0);
  await shot(page, testInfo, "dashboard-instructor-pending");
});

test("a company sees its verification pending, then rejected with the reason, and asks again", async ({ openClient, baseURL }, testInfo) => {
  test.setTimeout(180_000); // two people, a sign-up and three sign-ins
  const c = await openClient();
  const companyName = `Initech Review ${Math.random().toString(36).slice(2, 8)}`;
  const company = await createVerifiedAccount(c.page, baseURL, "dash-company", "Cory Company", { companyName });
  await signInToDashboard(c.page, company);
  const card = c.page.getByRole("region", { name: "Verification" });
  await expect(card).toContainText("Status: Waiting for review");
  await shot(c.page, testInfo, "dashboard-company-pending");

  // An admin rejects it with a reason, from the queue.
  const reason = "The website on your profile does not belong to this company";
  const a = await openClient();
  await signInToDashboard(a.page, e2eAdmin());
  await a.page.goto("/admin/verification");
  const item = a.page.getByRole("article", { name: companyName, exact: true });
  await item.getByRole("button", { name: `Reject ${companyName}` }).click();
  const dialog = a.page.getByRole("dialog", { name: `Reject ${companyName}?` });
  await dialog.getByRole("textbox", { name: "Reason" }).fill(reason);
  await dialog.getByRole("button", { name: "Reject" }).click();
  await expect(item).toHaveCount(0);

  await c.page.reload();
  await expect(card).toContainText("Status: Not verified");
  await expect(card.getByLabel("The administrator's reason")).toContainText(reason);
  await shot(c.page, testInfo, "dashboard-company-rejected");

  await card.getByRole("button", { name: "Ask for another review" }).click();
  await expect(card).toContainText("Status: Waiting for review");
  await expect(card).not.toContainText(reason);

  // Back in the admin's queue.
  await a.page.reload();
  await expect(a.page.getByRole("article", { name: companyName, exact: true })).toBeVisible();
});

test("an admin's dashboard points to each part of the console", async ({ openClient }, testInfo) => {
  const { page } = await openClient();
  await signInToDashboard(page, e2eAdmin());
  const console_ = page.getByRole("region", { name: "Admin console" });
  await expect(console_).toContainText("Access level 3 (super admin)");
  await expect(console_.getByRole("region", { name: "Users" })).toContainText("change roles and delete accounts");
  await expect(comingSoon(page)).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Coming next" })).toHaveCount(0);
  await shot(page, testInfo, "dashboard-admin");
  for (const [label, heading] of [
    ["Open statistics", "Admin dashboard"],
    ["Open users", "Users"],
    ["Open the queue", "Verification"],
    ["Open the audit log", "Audit log"],
  ] as const) {
    await page.goto("/dashboard");
    await console_.getByRole("link", { name: label }).click();
    await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
  }
});

test.describe("on a phone (390 px)", () => {
  test("each device's “Sign out” is on screen, and a notification does not cover the header", async ({ openClient, baseURL }, testInfo) => {
    test.setTimeout(120_000);
    const elsewhere = await openClient();
    const person = await createVerifiedAccount(elsewhere.page, baseURL, "phone", "Pia Phonewright");
    await signInToDashboard(elsewhere.page, person);

    const { page } = await openClient();
    await page.setViewportSize(PHONE);
    await signInToDashboard(page, person);
    await expectNoHorizontalOverflow(page);
    // The greeting has the window's width for the name (the role's badge goes under it on a
    // phone): beside the badge, "Welcome, Pia Phonewright" took three lines and was cut.
    const greeting = page.getByRole("heading", { level: 1, name: `Welcome, ${person.name}` });
    const cut = await greeting.evaluate((el) => el.scrollHeight - el.clientHeight);
    expect(cut, "pixels of the greeting cut off by its two-line clamp").toBeLessThanOrEqual(0);
    await shot(page, testInfo, "phone-dashboard-trainee");

    await page.goto("/settings/security");
    const devices = page.getByRole("list", { name: "Signed-in devices" });
    await expect(devices.getByRole("listitem")).toHaveCount(2);
    const buttons = devices.getByRole("button", { name: /^Sign out / });
    await expect(buttons).toHaveCount(2);
    for (const button of await buttons.all()) {
      // Scrolled to (it may be below the fold), then wholly inside the window: not cut off at the side.
      await button.scrollIntoViewIfNeeded();
      await expect(button).toBeInViewport({ ratio: 1 });
      const box = (await button.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
    await expectNoHorizontalOverflow(page);
    await shot(page, testInfo, "phone-devices");

    await page.getByRole("button", { name: "Sign out all other devices" }).click();
    const toast = page.getByRole("alert").filter({ hasText: "Other devices signed out" });
    await expect(toast).toBeVisible();
    const header = (await page.locator("header").first().boundingBox())!;
    const toastBox = (await toast.boundingBox())!;
    expect(toastBox.y, "the notification starts below the header").toBeGreaterThanOrEqual(header.y + header.height);
    // What the person sees (the window, not the whole page): the header clear of the notice.
    await shot(page, testInfo, "phone-toast", { fullPage: false });
    await expect(devices.getByRole("listitem")).toHaveCount(1);
  });

  test("the users list and the statistics fit the screen", async ({ openClient }, testInfo) => {
    const { page } = await openClient();
    await page.setViewportSize(PHONE);
    await signInToDashboard(page, e2eAdmin());
    await expectNoHorizontalOverflow(page);
    await shot(page, testInfo, "phone-dashboard-admin");

    await page.goto("/admin/users");
    const users = page.getByRole("list", { name: "Users found" });
    await expect(users.getByRole("listitem").first()).toBeVisible();
    const own = users.getByRole("link", { name: e2eAdmin().email });
    await own.scrollIntoViewIfNeeded();
    await expect(own).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole("table")).toHaveCount(0);
    await expectNoHorizontalOverflow(page);
    await page.getByRole("combobox", { name: "Sort by" }).selectOption({ label: "Email A–Z" });
    await expect(page).toHaveURL(/sort=email&dir=asc|dir=asc&sort=email/);
    await shot(page, testInfo, "phone-users");

    await page.goto("/admin");
    await expect(page.getByRole("heading", { name: "Admin dashboard", level: 1 })).toBeVisible();
    await expect(page.getByRole("region", { name: "Sign-ups per day" })).toBeVisible();
    // The activity numbers come from the statistics view: refresh it so there are rows to show.
    await page.getByRole("button", { name: "Refresh now" }).click();
    await expect(page.getByRole("list", { name: "Activity by role" }).getByRole("listitem").first()).toBeVisible();
    await expect(page.getByRole("region", { name: "Practice activity by role" }).getByRole("table")).toHaveCount(0);
    await expectNoHorizontalOverflow(page);
    await shot(page, testInfo, "phone-statistics");
  });
});
