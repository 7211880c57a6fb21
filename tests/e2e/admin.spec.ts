// The admin console in Chromium against the built SPA and the real server, signed in as the
// super admin run.mjs creates (E2E_ADMIN_*): change a role with a reason and find it in the
// audit log, suspend someone who is signed in elsewhere, and verify a company from the queue.
// Every test opens its own browser context(s), each posing as its own client IP.
import type { Page } from "@playwright/test";
import {
  createVerifiedAccount,
  e2eAdmin,
  escapeRegExp,
  expect,
  MAIL_SUBJECTS,
  openNewestMail,
  signInToDashboard,
  snap,
  submitSignIn,
  test,
} from "./helpers.ts";

/** Copied from server/services/auth/sign-in.ts (the ACCOUNT_SUSPENDED message). */
const SUSPENDED_MESSAGE = "This account is suspended. Contact support if you think this is a mistake.";

/** Signs the e2e admin in; ends on the dashboard with the admin navigation. */
async function signInAsAdmin(page: Page): Promise<void> {
  await signInToDashboard(page, e2eAdmin());
  await expect(adminNav(page).getByRole("link", { name: "Users" })).toBeVisible();
}

/** The "Admin" group of the side navigation. */
const adminNav = (page: Page) => page.getByRole("navigation", { name: "Main navigation" }).getByRole("group", { name: "Admin" });

/** Admin → Users, searched for `email`; opens that user's page. */
async function openUserFromSearch(page: Page, email: string, name: string): Promise<void> {
  await adminNav(page).getByRole("link", { name: "Users" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search" }).fill(email);
  await expect(page).toHaveURL(new RegExp(`/admin/users\\?q=${escapeRegExp(encodeURIComponent(email))}$`));
  const users = page.getByRole("region", { name: "Users" });
  const rows = users.getByRole("row").filter({ has: page.getByRole("rowheader") });
  // The search finds this one account (every address in these tests is unique).
  await expect(rows).toHaveCount(1);
  await expect(users.getByText("Page 1 · 1 user")).toBeVisible();
  await expect(rows.first()).toContainText(name);
  await rows.first().getByRole("link", { name: email, exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/users\/[^/]+$/);
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
}

test("a super admin promotes a trainee to instructor with a reason; the audit log shows it with the reason", async ({ openClient, baseURL }, testInfo) => {
  const t = await openClient();
  const trainee = await createVerifiedAccount(t.page, baseURL, "promote", "Parker Promote");

  const admin = await openClient();
  const page = admin.page;
  await signInAsAdmin(page);
  await openUserFromSearch(page, trainee.email, trainee.name);
  // The line with the user's name and their role and status badges.
  const header = page.getByRole("heading", { name: trainee.name, level: 1 }).locator("xpath=..");
  await expect(header.getByText("Trainee", { exact: true })).toBeVisible();
  await snap(page, testInfo, "admin-user-trainee");

  const reason = `Runs the onboarding workshops (${Date.now()})`;
  await page.getByRole("region", { name: "Manage" }).getByRole("button", { name: "Change role" }).click();
  const dialog = page.getByRole("dialog", { name: "Change role" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`${trainee.name} is a Trainee.`);
  // The reason is required: without one nothing is sent.
  await dialog.getByRole("combobox", { name: "New role" }).selectOption({ label: "Instructor" });
  await dialog.getByRole("button", { name: "Change role" }).click();
  await expect(dialog.getByRole("textbox", { name: "Reason" })).toHaveAttribute("aria-invalid", "true");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("textbox", { name: "Reason" }).fill(reason);
  await snap(page, testInfo, "admin-change-role-dialog");
  await dialog.getByRole("button", { name: "Change role" }).click();

  await expect(dialog).toBeHidden();
  await expect(page.getByText(`${trainee.name} is now an Instructor.`)).toBeVisible();
  await expect(header.getByText("Instructor", { exact: true })).toBeVisible();
  await expect(header.getByText("Trainee", { exact: true })).toHaveCount(0);
  // The user's own recent events show it too, with who did it.
  const events = page.getByRole("region", { name: "Recent events" });
  const roleEvent = events.getByRole("row").filter({ hasText: "Role changed" });
  await expect(roleEvent).toContainText("from: TRAINEE");
  await expect(roleEvent).toContainText("to: INSTRUCTOR");
  await expect(roleEvent).toContainText("You");
  await snap(page, testInfo, "admin-user-instructor");

  // Audit log, only role changes.
  await adminNav(page).getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  await page.getByRole("combobox", { name: "Action" }).selectOption({ label: "Role changed" });
  await expect(page).toHaveURL(/\/admin\/audit\?action=ROLE_CHANGED$/);
  const entries = page.getByRole("region", { name: "Audit entries" });
  const entryRows = entries.getByRole("row").filter({ has: page.getByRole("rowheader") });
  const mine = entryRows.filter({ has: page.getByRole("link", { name: trainee.email, exact: true }) });
  await expect(mine).toHaveCount(1);
  await expect(mine).toContainText(e2eAdmin().email);
  await expect(mine).toContainText(admin.ip);
  // Only role changes are listed (the admin's own sign-in, for one, is not).
  await expect(entries.getByRole("rowheader", { name: "Signed in", exact: true })).toHaveCount(0);
  await expect(entryRows.filter({ hasNot: page.getByRole("rowheader", { name: "Role changed", exact: true }) })).toHaveCount(0);

  await mine.getByRole("button", { name: /^Show details: Role changed, / }).click();
  await expect(mine.getByRole("button", { name: /^Hide details: Role changed, / })).toHaveAttribute("aria-expanded", "true");
  const detailsId = await mine.getByRole("button", { name: /^Hide details/ }).getAttribute("aria-controls");
  const details = page.locator(`[id="${detailsId}"]`);
  await expect(details).toContainText(`"reason": "${reason}"`);
  await expect(details).toContainText(`"from": "TRAINEE"`);
  await expect(details).toContainText(`"to": "INSTRUCTOR"`);
  await snap(page, testInfo, "admin-audit-role-changed");

  // The person is an instructor now.
  await signInToDashboard(t.page, trainee);
  await expect(t.page.getByText("HireXp is where you write practice material for trainees", { exact: false })).toBeVisible();
  await expect(t.page.getByRole("main").getByText("Instructor", { exact: true })).toBeVisible();
});

test("suspending a signed-in user ends their session: their next request lands on sign-in, and signing in says the account is suspended", async ({ openClient, baseURL }, testInfo) => {
  const b = await openClient();
  const user = await createVerifiedAccount(b.page, baseURL, "suspend", "Sidney Suspend");
  await signInToDashboard(b.page, user);

  const { page } = await openClient();
  await signInAsAdmin(page);
  await openUserFromSearch(page, user.email, user.name);
  const sessions = page.getByRole("region", { name: "Sessions" });
  await expect(sessions.getByRole("row").filter({ hasText: b.ip })).toHaveCount(1);

  const reason = `Abusive messages to the coach (${Date.now()})`;
  await page.getByRole("region", { name: "Manage" }).getByRole("button", { name: "Suspend" }).click();
  const dialog = page.getByRole("dialog", { name: `Suspend ${user.name}?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("textbox", { name: "Reason" }).fill(reason);
  await snap(page, testInfo, "admin-suspend-dialog");
  await dialog.getByRole("button", { name: "Suspend", exact: true }).click();

  await expect(dialog).toBeHidden();
  await expect(page.getByText(`${user.name} is suspended and was signed out on 1 device.`)).toBeVisible();
  const header = page.getByRole("heading", { name: user.name, level: 1 }).locator("xpath=..");
  await expect(header.getByText("Suspended", { exact: true })).toBeVisible();
  await expect(header.getByText("Active", { exact: true })).toHaveCount(0);
  await expect(page.getByText("Suspended until an admin reactivates the account.")).toBeVisible();
  await expect(sessions.getByText("Not signed in anywhere.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Manage" }).getByRole("button", { name: "Reactivate" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Recent events" }).getByRole("row").filter({ hasText: "User suspended" })).toContainText(`reason: ${reason}`);
  await snap(page, testInfo, "admin-user-suspended");

  // Their browser still shows the dashboard; its next request to the server fails, and the
  // app sends them to sign in (an in-app navigation, then a typed address).
  await expect(b.page.getByRole("heading", { name: `Welcome, ${user.name}` })).toBeVisible();
  await b.page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Security" }).click();
  await expect(b.page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fsecurity$/);
  await b.page.goto("/settings/profile");
  await expect(b.page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fprofile$/);
  await expect(b.page.getByRole("heading", { name: "Sign in to HireXp" })).toBeVisible();

  const r = await submitSignIn(b.page, user.email, user.password, { goto: false });
  expect(r.status()).toBe(403);
  const alert = b.page.getByRole("alert").filter({ hasText: "This account is suspended" });
  await expect(alert).toContainText(SUSPENDED_MESSAGE);
  await expect(b.page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fprofile$/);
  await snap(b.page, testInfo, "sign-in-suspended");
  await b.page.goto("/dashboard");
  await expect(b.page).toHaveURL(/\/sign-in\?next=%2Fdashboard$/);
});

test("an admin verifies a new company from the queue: the card leaves the queue and the company is told by mail", async ({ openClient, baseURL }, testInfo) => {
  const c = await openClient();
  const companyName = `Globex Testing ${Math.random().toString(36).slice(2, 8)}`;
  const company = await createVerifiedAccount(c.page, baseURL, "company", "Casey Company", { companyName });

  const { page } = await openClient();
  await signInAsAdmin(page);
  await adminNav(page).getByRole("link", { name: "Verification" }).click();
  await expect(page).toHaveURL(/\/admin\/verification$/);
  await expect(page.getByRole("heading", { name: "Verification", level: 1 })).toBeVisible();

  const card = page.getByRole("article", { name: companyName, exact: true });
  await expect(card).toBeVisible();
  await expect(card.getByText("Company", { exact: true })).toBeVisible();
  await expect(card.getByRole("link", { name: `${company.name} · ${company.email}` })).toBeVisible();
  await expect(card).toContainText("Active");
  await snap(page, testInfo, "admin-verification-queue");

  await card.getByRole("button", { name: `Verify ${companyName}` }).click();
  await expect(card).toHaveCount(0);
  await expect(page.getByText(`${companyName} is verified and was told by mail.`)).toBeVisible();
  // Gone for good, not just from this page's copy of the list.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Verification", level: 1 })).toBeVisible();
  await expect(page.getByText(/^\d+ requests? waiting$|^Nothing to review$/)).toBeVisible();
  await expect(card).toHaveCount(0);
  await snap(page, testInfo, "admin-verification-after");

  const mail = await openNewestMail(page, company.email, MAIL_SUBJECTS.companyVerified);
  await expect(mail).toContainText("Good news: your company is verified.");
  await snap(page, testInfo, "outbox-company-verified");
});
