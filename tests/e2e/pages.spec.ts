// Every page of the SPA, opened in Chromium as a person would reach it, checked with axe
// (expectNoAxeViolations: WCAG 2 A/AA including colour contrast, and axe's best practices)
// in the states people see: empty forms, form errors, success screens, lists with data,
// dialogs. Also the pages no other browser test opens (landing, not found, account
// deactivated, unlock account, admin dashboard, the practice catalogue and its items) and the
// admin console's guard for people who are not admins.
// Every test opens its own browser context(s), each posing as its own client IP.
import type { Page, Request } from "@playwright/test";
import {
  createVerifiedAccount,
  e2eAdmin,
  expect,
  expectNoAxeViolations,
  INVALID_CREDENTIALS_MESSAGE,
  MAIL_SUBJECTS,
  newAccount,
  openNewestMail,
  signInToDashboard,
  signUpViaUi,
  snap,
  strongPassword,
  submitSignIn,
  test,
  verifyViaOutbox,
} from "./helpers.ts";

// Long journeys with an axe run (about a second each, more on a busy machine) per state.
test.describe.configure({ timeout: 300_000 });

const mainOf = (page: Page) => page.getByRole("main");

test("public pages pass axe: not found, landing, sign-up, dev outbox, verify-email, sign-in, forgot and reset password, account deactivated, unlock account", async ({ openClient, baseURL }, testInfo) => {
  const { page } = await openClient();

  // Not found: any path the app does not know.
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { name: "We could not find that page", level: 1 })).toBeVisible();
  await expect(mainOf(page)).toContainText("There is nothing at /no/such/page.");
  await expect(page).toHaveTitle("Page not found · HireXp");
  await expect(mainOf(page).getByRole("link", { name: "Go to the home page" })).toHaveAttribute("href", "/");
  await expectNoAxeViolations(page, "not found");

  // Landing: GET / serves the SPA.
  await page.goto("/");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Practise the conversations that get you hired.", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "How it works" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Who it is for" })).toBeVisible();
  await expect(mainOf(page).getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/sign-in");
  await expectNoAxeViolations(page, "landing");
  await snap(page, testInfo, "landing");

  // Sign-up: empty, with errors, done.
  await mainOf(page).getByRole("link", { name: "Create a free account" }).click();
  await expect(page).toHaveURL(/\/sign-up$/);
  await expect(page.getByRole("heading", { name: "Create your HireXp account" })).toBeVisible();
  await expectNoAxeViolations(page, "sign-up");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page, "sign-up with field errors");
  const account = newAccount("a11y-public", "Ada Axe");
  await signUpViaUi(page, account);
  await expectNoAxeViolations(page, "sign-up: check your email");

  // The dev outbox with a mail open, then the verification link.
  await openNewestMail(page, account.email, MAIL_SUBJECTS.verify);
  await expectNoAxeViolations(page, "dev outbox");
  await verifyViaOutbox(page, baseURL, account.email);
  await expectNoAxeViolations(page, "verify-email: verified");

  // A verification link that does not work.
  await page.goto("/verify-email?token=bogus");
  await expect(mainOf(page).getByRole("alert")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Email verified" })).toHaveCount(0);
  await expectNoAxeViolations(page, "verify-email: invalid link");

  // Sign-in: empty, then a wrong password.
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in to HireXp" })).toBeVisible();
  await expectNoAxeViolations(page, "sign-in");
  await submitSignIn(page, account.email, "not-the-password", { goto: false });
  await expect(page.getByRole("alert")).toContainText(INVALID_CREDENTIALS_MESSAGE);
  await expectNoAxeViolations(page, "sign-in with an error");
  await snap(page, testInfo, "sign-in-error");

  // Forgot password, then the reset link from the outbox.
  await page.goto("/forgot-password");
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await expectNoAxeViolations(page, "forgot password");
  await page.getByLabel("Email").fill(account.email);
  await page.getByRole("button", { name: /send/i }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expectNoAxeViolations(page, "forgot password: check your email");
  const mail = await openNewestMail(page, account.email, MAIL_SUBJECTS.reset);
  await mail.getByRole("link", { name: /\/reset-password\?token=/ }).click();
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expectNoAxeViolations(page, "reset password");
  const newPassword = strongPassword();
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Confirm new password", { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("heading", { name: "Password changed" })).toBeVisible();
  await expectNoAxeViolations(page, "reset password: done");

  // Where someone lands after deactivating their account.
  await page.goto("/account-deactivated");
  await expect(page.getByRole("heading", { name: "Your account is deactivated" })).toBeVisible();
  await expect(mainOf(page)).toContainText("Nobody can sign in to this account any more.");
  await expect(mainOf(page).getByRole("link", { name: "Go to the home page" })).toHaveAttribute("href", "/");
  await expect(page).toHaveTitle("Account deactivated · HireXp");
  await expectNoAxeViolations(page, "account deactivated");

  // An email-change link that does not work.
  await page.goto("/confirm-email-change?token=bogus");
  await expect(mainOf(page).getByRole("alert")).toBeVisible();
  await expectNoAxeViolations(page, "confirm email change: invalid link");

  // The unlock link from the lockout mail: nothing is spent until the button is pressed,
  // then a link that does not work says so.
  await page.goto("/unlock-account?token=bogus");
  await expect(page.getByRole("heading", { name: "Unlock your account" })).toBeVisible();
  await expect(page).toHaveTitle("Unlock your account · HireXp");
  await expectNoAxeViolations(page, "unlock account");
  await mainOf(page).getByRole("button", { name: "Unlock my account" }).click();
  await expect(mainOf(page).getByRole("alert")).toContainText("This link did not work");
  await expect(mainOf(page).getByRole("link", { name: "Reset my password" })).toHaveAttribute("href", "/forgot-password");
  await expectNoAxeViolations(page, "unlock account: invalid link");
});

test("a trainee's pages pass axe: verify-your-email, dashboard, practice catalogue, a lesson, a chat scenario, profile, security", async ({ openClient, baseURL }) => {
  const { page } = await openClient();
  const account = newAccount("a11y-trainee", "Tara Trainee");
  await signUpViaUi(page, account);

  // Signed in before confirming the address: held on the verify-your-email page.
  await submitSignIn(page, account.email, account.password);
  await expect(page).toHaveURL(/\/verify-email-required$/);
  await expect(page.getByRole("heading", { name: "Confirm your email" })).toBeVisible();
  await expectNoAxeViolations(page, "verify-email-required");
  await mainOf(page).getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await verifyViaOutbox(page, baseURL, account.email);
  await signInToDashboard(page, account);
  await expectNoAxeViolations(page, "dashboard (trainee)");

  // The practice catalogue, from the dashboard: the starter library installed at server start.
  await mainOf(page).getByRole("link", { name: "Browse practice" }).click();
  await expect(page).toHaveURL(/\/practice$/);
  await expect(page.getByRole("heading", { name: "Practice", level: 1 })).toBeVisible();
  await expect(page).toHaveTitle("Practice · HireXp");
  const cards = mainOf(page).getByRole("listitem");
  await expect(cards.first()).toBeVisible();
  await expectNoAxeViolations(page, "practice: catalogue");

  // One item of each kind people read today: a lesson, then a chat scenario.
  const openFirstOfType = async (typeLabel: string, typeParam: string, { scanFilterOpen = false } = {}) => {
    await mainOf(page).getByRole("combobox", { name: "Type" }).click();
    // The filter's options open inside the page's main landmark.
    await expect(mainOf(page).getByRole("option", { name: typeLabel, exact: true })).toBeVisible();
    if (scanFilterOpen) await expectNoAxeViolations(page, "practice: catalogue with the type filter open");
    await page.getByRole("option", { name: typeLabel, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]type=${typeParam}(&|$)`));
    const card = cards.filter({ hasText: typeLabel }).first();
    await expect(card).toBeVisible();
    const link = card.getByRole("heading", { level: 2 }).getByRole("link");
    const title = (await link.textContent())?.trim() ?? "";
    expect(title, "the card's title link has a name").not.toBe("");
    await link.click();
    await expect(page).toHaveURL(/\/practice\/[^/?]+$/);
    await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    await expect(mainOf(page).getByText(typeLabel, { exact: true })).toBeVisible();
  };
  await openFirstOfType("Lesson", "LESSON", { scanFilterOpen: true });
  await expect(page.getByRole("heading", { name: "You will learn to", level: 2 })).toBeVisible();
  await expectNoAxeViolations(page, "practice: a lesson");

  await mainOf(page).getByRole("link", { name: "← All practice" }).click();
  await expect(page).toHaveURL(/\/practice$/);
  await openFirstOfType("Chat scenario", "CHAT_SCENARIO");
  await expect(page.getByRole("heading", { name: "The situation", level: 2 })).toBeVisible();
  await expectNoAxeViolations(page, "practice: a chat scenario");

  // An item that does not exist (or is no longer published).
  await page.goto("/practice/no-such-item");
  await expect(page.getByRole("heading", { name: "This item is not available", level: 1 })).toBeVisible();
  await expect(mainOf(page).getByRole("alert")).toContainText("This content is not available.");
  await expectNoAxeViolations(page, "practice: an item that is not available");

  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Profile" }).click();
  await expect(page.getByRole("heading", { name: "Profile", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(account.name);
  await expectNoAxeViolations(page, "settings: profile");

  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Security" }).click();
  await expect(page.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
  await expect(page.getByText("This device", { exact: true })).toBeVisible();
  await expectNoAxeViolations(page, "settings: security");

  // The account menu, open.
  await page.getByRole("button", { name: `${account.name}: account menu` }).click();
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
  await expectNoAxeViolations(page, "account menu");
});

test("a trainee who opens /admin, /admin/users or /admin/audit gets the not-allowed page, and no admin data is asked for", async ({ openClient, baseURL }) => {
  const { page } = await openClient();
  const trainee = await createVerifiedAccount(page, baseURL, "not-admin", "Nico Notadmin");
  await signInToDashboard(page, trainee);

  const adminRequests: string[] = [];
  const trpcPaths = (r: Request) => {
    const u = new URL(r.url());
    return u.pathname.startsWith("/api/trpc/") ? decodeURIComponent(u.pathname.slice("/api/trpc/".length)).split(",") : [];
  };
  page.on("request", (r) => adminRequests.push(...trpcPaths(r).filter((p) => p.startsWith("admin."))));
  let meAnswers = 0;
  page.on("response", (r) => {
    if (trpcPaths(r.request()).includes("auth.me") && r.ok()) meAnswers += 1;
  });

  for (const path of ["/admin", "/admin/users", "/admin/audit"]) {
    const before = meAnswers;
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("heading", { name: "You don't have access to this page", level: 1 })).toBeVisible();
    await expect(mainOf(page).getByRole("link", { name: "Go to your dashboard" })).toHaveAttribute("href", "/dashboard");
    await expect(page).toHaveTitle("Not allowed · HireXp");
    // The guard decided on a fresh `auth.me` of this page load, not on a stale one.
    expect(meAnswers).toBeGreaterThan(before);
    // No admin link in the navigation either.
    await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("group", { name: "Admin" })).toHaveCount(0);
  }
  await expectNoAxeViolations(page, "not allowed");
  expect(adminRequests, "admin procedures the browser asked for").toEqual([]);

  // And signed out, the same addresses ask to sign in first.
  const anon = await openClient();
  await anon.page.goto("/admin/users");
  await expect(anon.page).toHaveURL(/\/sign-in\?next=%2Fadmin%2Fusers$/);
});

test("admin pages pass axe: dashboard, admin dashboard, users, user detail with a dialog, verification, audit log", async ({ openClient, baseURL }, testInfo) => {
  // A company waiting for verification, so the queue and the user page have something to show.
  const c = await openClient();
  const companyName = `Initech A11y ${Math.random().toString(36).slice(2, 8)}`;
  const company = await createVerifiedAccount(c.page, baseURL, "a11y-company", "Cora Company", { companyName });

  const { page } = await openClient();
  const admin = e2eAdmin();
  await signInToDashboard(page, admin);
  await expectNoAxeViolations(page, "dashboard (admin)");

  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Admin dashboard", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Sign-ups per day" })).toBeVisible();
  await expect(page.getByText("Loading statistics…")).toHaveCount(0);
  await expectNoAxeViolations(page, "admin dashboard");

  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: company.email, exact: true })).toBeVisible();
  await expectNoAxeViolations(page, "admin: users");
  await snap(page, testInfo, "admin-users");

  await page.getByRole("link", { name: company.email, exact: true }).click();
  await expect(page.getByRole("heading", { name: company.name, level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Company profile" })).toBeVisible();
  await expectNoAxeViolations(page, "admin: user detail");
  await snap(page, testInfo, "admin-user-detail");
  await page.getByRole("region", { name: "Manage" }).getByRole("button", { name: "Change role" }).click();
  await expect(page.getByRole("dialog", { name: "Change role" })).toBeVisible();
  await expectNoAxeViolations(page, "admin: change role dialog");
  await page.getByRole("dialog", { name: "Change role" }).getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  await page.goto("/admin/verification");
  await expect(page.getByRole("heading", { name: "Verification", level: 1 })).toBeVisible();
  await expect(page.getByRole("article", { name: companyName, exact: true })).toBeVisible();
  await expectNoAxeViolations(page, "admin: verification");

  await page.goto("/admin/audit");
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  const entries = page.getByRole("region", { name: "Audit entries" });
  await expect(entries.getByRole("rowheader").first()).toBeVisible();
  await entries.getByRole("button", { name: /^Show details: / }).first().click();
  await expect(entries.getByRole("button", { name: /^Hide details: / })).toHaveAttribute("aria-expanded", "true");
  await expectNoAxeViolations(page, "admin: audit log");
  await snap(page, testInfo, "admin-audit");
});
