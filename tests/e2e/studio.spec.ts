// The instructor's studio in Chromium: a verified instructor writes a chat scenario in the
// editor, saves it, previews it as a trainee, publishes it, and a trainee finds it in the
// practice catalogue; an unverified instructor saves a draft and is told why publishing is
// refused and what to do. axe checks the studio list and the editor.
import type { Page } from "@playwright/test";
import { e2eAdmin, expect, expectNoAxeViolations, newAccount, signInToDashboard, snap, test, verifyViaOutbox, type Account } from "./helpers.ts";

const rand = () => Math.random().toString(36).slice(2, 7);

/** Signs up as an instructor through the form and confirms the email; stays signed out. */
async function createInstructor(page: Page, baseURL: string | undefined, name: string): Promise<Account> {
  const account = newAccount("studio", name);
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

/** The admin verifies the instructor from the verification queue. */
async function verifyInstructorAsAdmin(page: Page, name: string): Promise<void> {
  await signInToDashboard(page, e2eAdmin());
  await page.goto("/admin/verification");
  await expect(page.getByRole("heading", { name: "Verification", level: 1 })).toBeVisible();
  const card = page.getByRole("article", { name, exact: true });
  await card.getByRole("button", { name: `Verify ${name}` }).click();
  await expect(card).toHaveCount(0);
}

const main = (page: Page) => page.getByRole("main");

/** Opens the studio from the side navigation. */
async function openStudio(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Studio" }).click();
  await expect(page).toHaveURL(/\/studio$/);
  await expect(page.getByRole("heading", { name: "Studio", level: 1 })).toBeVisible();
}

/** Writes a complete chat scenario in the editor (not saved). */
async function writeChatScenario(page: Page, title: string): Promise<void> {
  const m = main(page);
  await m.getByRole("link", { name: "New chat scenario" }).click();
  await expect(page).toHaveURL(/\/studio\/new\/chat-scenario$/);
  await expect(page.getByRole("heading", { name: "New chat scenario", level: 1 })).toBeVisible();

  // Validation as you type: a title typed and cleared says what is missing, at the field.
  const titleField = m.getByRole("textbox", { name: "Title" });
  await titleField.fill("x");
  await titleField.fill("");
  await expect(m.getByText("The title is required")).toBeVisible();
  await titleField.fill(title);
  await expect(m.getByText("The title is required")).toHaveCount(0);

  await m.getByRole("textbox", { name: "Description" }).first().fill("Practise telling a hiring manager why you want the job.");
  await m.getByRole("textbox", { name: "Name", exact: true }).fill("Dana Whitfield");
  await m.getByRole("textbox", { name: "Role" }).fill("Hiring manager");
  await m.getByRole("textbox", { name: "Brief" }).fill("You are interviewing for a support role. Explain why you want it.");
  const goal = m.getByRole("group", { name: "Goal 1" });
  await goal.getByRole("textbox", { name: "Description" }).fill("Explain your motivation");
  await goal.getByRole("textbox", { name: "Description" }).blur();
  // The goal's id follows its description.
  await expect(goal.getByRole("textbox", { name: "Id" })).toHaveValue("explain-your-motivation");
  const phrases = goal.getByRole("combobox", { name: "Evidence phrases" });
  await phrases.fill("I want to");
  await phrases.press("Enter");
  await phrases.fill("because");
  await phrases.press("Enter");
  await m.getByRole("textbox", { name: "Opening line" }).fill("Hello, thanks for coming in.");
  const step = m.getByRole("group", { name: "Step 1" });
  await step.getByRole("textbox", { name: "What the coach says" }).fill("Why do you want this job?");
  await step.getByRole("combobox", { name: "Goals this step asks for" }).click();
  await step.getByRole("option", { name: "Explain your motivation (explain-your-motivation)" }).click();
  await page.keyboard.press("Escape");
  await m.getByRole("textbox", { name: "Closing line" }).fill("Thank you, we will be in touch.");
}

/** Saves a new item; ends on its /studio/<id> page with everything saved. */
async function saveDraft(page: Page): Promise<void> {
  await main(page).getByRole("button", { name: "Save draft" }).first().click();
  await expect(page).toHaveURL(/\/studio\/(?!new)[^/]+$/);
  await expect(main(page).getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
  await expect(main(page).getByText("Draft", { exact: true })).toBeVisible();
}

test("a verified instructor writes a chat scenario, previews it, publishes it, and a trainee finds it", async ({ openClient, baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const name = `Indira Studio ${rand()}`;
  const title = `Why this job ${rand()}`;
  const i = await openClient();
  const instructor = await createInstructor(i.page, baseURL, name);
  const a = await openClient();
  await verifyInstructorAsAdmin(a.page, name);

  const page = i.page;
  await signInToDashboard(page, instructor);
  await page.getByRole("region", { name: "Studio" }).getByRole("link", { name: "Open the studio" }).click();
  await expect(page.getByRole("heading", { name: "Studio", level: 1 })).toBeVisible();
  await openStudio(page);
  await expect(main(page).getByRole("heading", { name: "Create your first item" })).toBeVisible();
  await expect(main(page).getByText("You cannot publish yet")).toHaveCount(0);
  await expectNoAxeViolations(page, "studio (empty)");

  await writeChatScenario(page, title);
  await expectNoAxeViolations(page, "chat scenario editor");
  await snap(page, testInfo, "studio-editor-chat");

  // Leaving with unsaved edits asks first.
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Practice" }).click();
  const leave = page.getByRole("dialog", { name: "Leave without saving?" });
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Stay and keep editing" }).click();
  await expect(page).toHaveURL(/\/studio\/new\/chat-scenario$/);

  await saveDraft(page);
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();

  // The preview is the trainee's page of the draft: the situation and the goals, no phrases.
  await main(page).getByRole("tab", { name: "Preview as a trainee" }).click();
  const preview = main(page).getByRole("tabpanel", { name: "Preview as a trainee" });
  await expect(preview.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(preview).toContainText("You will talk with Dana Whitfield, Hiring manager.");
  await expect(preview.getByRole("listitem").filter({ hasText: /^Explain your motivation$/ })).toBeVisible();
  await expect(preview).not.toContainText("because");

  // …and the embedded coach plays the draft: the opening, then the step, then the closing once
  // the answer covers the step's goal.
  const coach = preview.getByRole("region", { name: "Try it as a trainee" });
  await coach.getByRole("button", { name: "Start preview" }).click();
  const conversation = coach.getByRole("log", { name: "Preview conversation" });
  await expect(conversation).toContainText("Hello, thanks for coming in.");
  const answer = coach.getByRole("textbox", { name: "Your answer" });
  await answer.fill("Hello, thank you for having me.");
  await answer.press("Enter");
  await expect(conversation).toContainText("Why do you want this job?");
  await coach.getByRole("textbox", { name: "Your answer" }).fill("I want to help customers because I enjoy solving problems.");
  await coach.getByRole("textbox", { name: "Your answer" }).press("Enter");
  await expect(conversation).toContainText("Thank you, we will be in touch.");
  await expect(coach.getByRole("listitem").filter({ hasText: "Explain your motivation" })).toContainText("(covered)");
  await expect(coach.getByText("The script is finished")).toBeVisible();
  await snap(page, testInfo, "studio-preview-chat");

  await main(page).getByRole("button", { name: "Publish", exact: true }).click();
  await expect(main(page).getByText("Published", { exact: true })).toBeVisible();

  // The list shows it published.
  await openStudio(page);
  const row = main(page).getByRole("row").filter({ hasText: title });
  await expect(row).toContainText("Published");
  await expect(row).toContainText("Chat scenario");
  await expectNoAxeViolations(page, "studio list");
  await snap(page, testInfo, "studio-list");

  // A trainee finds it in the catalogue.
  const t = await openClient();
  const trainee = newAccount("studio-trainee", "Theo Trainee");
  await t.page.goto("/sign-up");
  await t.page.getByLabel("Your name").fill(trainee.name);
  await t.page.getByLabel("Email").fill(trainee.email);
  await t.page.getByLabel("Password", { exact: true }).fill(trainee.password);
  await t.page.getByRole("radio", { name: "Trainee" }).check();
  await t.page.getByRole("button", { name: "Create account" }).click();
  await verifyViaOutbox(t.page, baseURL, trainee.email);
  await signInToDashboard(t.page, trainee);
  await t.page.goto("/practice");
  await t.page.getByLabel("Search").fill(title);
  await t.page.getByRole("link", { name: title }).click();
  await expect(t.page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await expect(t.page.getByText(`By ${name}`)).toBeVisible();
  await expect(t.page.getByRole("main")).toContainText("You will talk with Dana Whitfield, Hiring manager.");
});

test("an unverified instructor saves a draft and sees why publishing is refused and what to do", async ({ openClient, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const { page } = await openClient();
  const instructor = await createInstructor(page, baseURL, `Uma Unverified ${rand()}`);
  await signInToDashboard(page, instructor);
  await openStudio(page);
  // Said before they try.
  const notice = main(page).getByRole("status").filter({ hasText: "You cannot publish yet" });
  await expect(notice).toContainText("Only verified instructors can publish");
  await expect(notice.getByRole("link", { name: "Complete your profile" })).toHaveAttribute("href", "/settings/profile");

  // Long enough that on a phone the list's columns share less room than they would like.
  const title = `Draft only, until an administrator has verified this instructor ${rand()}`;
  await writeChatScenario(page, title);
  await saveDraft(page);

  // Publishing: the server refuses, and the page says why and what to do; the draft stays.
  await main(page).getByRole("button", { name: "Publish", exact: true }).click();
  await expect(notice).toContainText("Complete your instructor profile and wait for an administrator to verify it");
  await expect(notice).toContainText("Your drafts save as usual");
  await expect(notice.getByRole("link", { name: "Complete your profile" })).toBeVisible();
  await expect(main(page).getByText("Draft", { exact: true })).toBeVisible();
  await snap(page, testInfo, "studio-unverified");

  await openStudio(page);
  const row = main(page).getByRole("row").filter({ hasText: title });
  await expect(row).toContainText("Draft");

  // On a phone the table scrolls sideways and the status keeps its whole label: the table's
  // columns squeezed it to "DR…" (the text was all there, so the check above passed).
  await page.setViewportSize({ width: 390, height: 844 });
  const badge = row.locator(".mantine-Badge-root");
  await expect(badge).toBeVisible();
  const hidden = await badge.evaluate((root) => Math.max(...[root, ...root.querySelectorAll("*")].map((el) => el.scrollWidth - el.clientWidth)));
  expect(hidden, "pixels of the status label cut off by its ellipsis").toBeLessThanOrEqual(0);
  await snap(page, testInfo, "studio-list-phone");
});
