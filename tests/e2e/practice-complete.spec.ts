// A trainee does a starter-library exercise (hint, failed rewrite checks with reasons, try
// again) and a lesson's quiz (order question with the move buttons, by keyboard), then rates
// it; an admin opens the item's statistics page and sees the attempt. Screenshots go to
// /tmp/hirexp-ui-shots/ for people to look at (not asserted).
import fs from "node:fs";
import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";
import { createVerifiedAccount, e2eAdmin, expect, expectNoAxeViolations, newAccount, signInToDashboard, snap, test, verifyViaOutbox } from "./helpers.ts";

const SHOTS = "/tmp/hirexp-ui-shots";
async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  await snap(page, testInfo, name);
}

async function openFromCatalogue(page: Page, title: string): Promise<string> {
  await page.goto("/practice");
  await page.getByRole("textbox", { name: "Search" }).fill(title);
  await page.getByRole("link", { name: title }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  return page.url().split("/").at(-1)!;
}

test("a trainee does an exercise and a lesson quiz, rates it, and an admin sees the statistics", async ({ openClient, baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const { page } = await openClient();
  const trainee = await createVerifiedAccount(page, baseURL, "practice-trainee", "Tomas Trainee");
  await signInToDashboard(page, trainee);

  // The exercise: a hint on demand, then a rewrite that breaks its checks.
  const exerciseId = await openFromCatalogue(page, "Writing concise emails");
  await page.getByRole("button", { name: "Show a hint" }).first().click();
  await expect(page.getByText("Hint: Start with the request itself.")).toBeVisible();
  await page.getByRole("textbox", { name: /I am writing this email to you today/ }).fill("I am writing this email in order to ask for the numbers from last quarter please.");
  await expectNoAxeViolations(page, "exercise");
  await page.getByRole("button", { name: "Check my answers" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your score:" })).toBeVisible();
  await expect(page.getByText("Use “figures” in your answer.")).toBeVisible();
  await expect(page.getByText("Leave out “in order to”.")).toBeVisible();
  await expect(page.getByText(/words: cut it to 15 or fewer/)).toBeVisible();
  await shot(page, testInfo, "exercise-result");
  await expectNoAxeViolations(page, "exercise result");
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("textbox", { name: /I am writing this email to you today/ })).toBeEnabled();
  // Finished once: rating is open.
  // The stars by keyboard: focus one and press Space.
  await page.getByRole("radio", { name: "4 stars" }).focus();
  await page.keyboard.press("Space");
  await page.getByRole("button", { name: "Send my rating" }).click();
  await expect(page.getByText("Thank you, your rating is saved.")).toBeVisible();
  await expect(page.getByText("4.0 out of 5 from 1 rating")).toBeVisible();

  // The lesson's quiz, the order question by keyboard.
  await openFromCatalogue(page, "Answering behavioural questions with STAR");
  await page.getByRole("radio", { name: "Action" }).check();
  await page.getByRole("radio", { name: "False" }).check();
  const order = page.getByRole("group", { name: /Put the parts of a STAR answer in order/ });
  for (const [i, item] of ["Situation", "Task", "Action", "Result"].entries()) {
    // Move each item up until it sits at its place.
    for (let guard = 0; guard < 4; guard++) {
      const items = await order.getByRole("listitem").allInnerTexts();
      const at = items.findIndex((t) => t.includes(item));
      if (at <= i) break;
      await order.getByRole("button", { name: `Move “${item}” up` }).focus();
      await page.keyboard.press("Enter");
    }
  }
  await page.getByRole("checkbox", { name: /Tell me about a time you disagreed/ }).check();
  await page.getByRole("checkbox", { name: /Give me an example of a mistake/ }).check();
  await expectNoAxeViolations(page, "lesson quiz");
  await page.getByRole("button", { name: "Check my answers" }).click();
  await expect(page.getByText("Your score: 100%")).toBeVisible();
  await shot(page, testInfo, "lesson-quiz-result");
  await expectNoAxeViolations(page, "lesson quiz result");

  // An admin reads the exercise's statistics.
  const admin = await openClient();
  await signInToDashboard(admin.page, e2eAdmin());
  await admin.page.goto(`/studio/${exerciseId}/stats`);
  await expect(admin.page.getByRole("heading", { level: 1, name: "Writing concise emails" })).toBeVisible();
  await expect(admin.page.getByRole("heading", { name: "Item analysis" })).toBeVisible();
  await expect(admin.page.getByText("1 star: 0 · 2 stars: 0 · 3 stars: 0 · 4 stars: 1 · 5 stars: 0")).toBeVisible();
  await shot(admin.page, testInfo, "content-stats");
  await expectNoAxeViolations(admin.page, "statistics");
});

test("an instructor fills in the instructor profile on the profile page", async ({ openClient, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const { page } = await openClient();
  const account = newAccount("profile-instructor", "Ines Instructor");
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("radio", { name: "Instructor" }).check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await verifyViaOutbox(page, baseURL, account.email);
  await signInToDashboard(page, account);
  await page.goto("/settings/profile");
  const section = page.getByRole("region", { name: "Instructor profile" });
  await expect(section.getByText("Waiting for review")).toBeVisible();
  await section.getByRole("combobox", { name: "Specializations" }).fill("Job interviews");
  await page.keyboard.press("Enter");
  await section.getByRole("combobox", { name: "Certifications" }).fill("CELTA");
  await page.keyboard.press("Enter");
  await section.getByRole("textbox", { name: "Years of teaching or coaching experience" }).fill("6");
  await section.getByRole("button", { name: "Save instructor profile" }).click();
  await expect(page.getByText("Instructor profile saved")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("region", { name: "Instructor profile" }).getByText("CELTA", { exact: true })).toBeVisible();
  await shot(page, testInfo, "profile-instructor");
  await expectNoAxeViolations(page, "profile with the instructor part");
});
