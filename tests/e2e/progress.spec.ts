// The trainee's dashboard in Chromium (issue 10): the day-one empty state, then after a chat
// practice the new points, a one-day streak with today marked in the week, the first-practice
// badge and the session in the recent activity, linking to its report.
import type { Page } from "@playwright/test";
import { createVerifiedAccount, expect, expectNoAxeViolations, signInToDashboard, snap, test } from "./helpers.ts";

const mainOf = (page: Page) => page.getByRole("main");

test("after a practice the dashboard shows the new points, streak, badge and recent activity", async ({ openClient, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const { page } = await openClient();
  const account = await createVerifiedAccount(page, baseURL, "progress", "Paula Progress");
  await signInToDashboard(page, account);

  // Day one: an encouraging start, nothing earned yet.
  await expect(page.getByTestId("progress-empty")).toBeVisible();
  await expect(page.getByTestId("progress-points")).toHaveText("0 points");
  await expect(page.getByTestId("progress-streak")).toHaveText("0 days");
  await expectNoAxeViolations(page, "dashboard: trainee day one");

  await page.goto("/practice");
  await mainOf(page).getByLabel("Search").fill("Tell me about yourself");
  await mainOf(page).getByRole("link", { name: "Tell me about yourself" }).first().click();
  await page.getByRole("button", { name: "Start the chat" }).click();
  await expect(page).toHaveURL(/\/practice\/chat\/[^/]+$/);

  // Unfinished: the dashboard offers to continue it.
  const chatUrl = page.url();
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "Continue" }).click();
  await expect(page).toHaveURL(chatUrl);

  const log = page.getByRole("log", { name: /Conversation with/ });
  const lines = [
    "Um, I worked in customer support for three years at a busy online shop.",
    "My main strength is patience, for example I calmed down angry customers every day.",
    "I am really interested in this role because I want to grow into team leadership.",
    "Could you tell me what a typical day looks like for the team?",
  ];
  for (const [i, text] of lines.entries()) {
    const box = page.getByLabel("Your message");
    await box.fill(text);
    await box.press("Enter");
    await expect(log.getByText("You", { exact: true })).toHaveCount(i + 1);
    await expect(page.getByRole("button", { name: "Send" })).not.toHaveAttribute("data-loading", "true");
    await expect(page.getByRole("status").filter({ hasText: "is replying" })).toHaveCount(0);
  }
  await page.getByRole("button", { name: "End and see my evaluation" }).click();
  await page.getByRole("dialog", { name: "End this conversation?" }).getByRole("button", { name: "End and evaluate" }).click();
  await expect(page).toHaveURL(/\/practice\/sessions\/[^/]+$/);
  const reportUrl = page.url();
  const overall = Number((await page.getByTestId("overall-score").innerText()).match(/^\d+/)![0]);

  await page.goto("/dashboard");
  await expect(page.getByTestId("progress-points")).toHaveText(`${10 + Math.round(overall / 10)} points`);
  await expect(page.getByTestId("progress-streak")).toHaveText("1 day");
  await expect(page.locator('[data-testid^="week-"][data-active="true"]')).toHaveCount(1);
  await expect(page.getByTestId("progress-empty")).toHaveCount(0);
  await expect(page.getByTestId("badges")).toContainText("First practice");
  await expect(page.getByText("Nothing unfinished")).toBeVisible();
  await expect(page.getByText("Score trend")).toBeVisible();
  await snap(page, testInfo, "dashboard-trainee-progress");
  await expectNoAxeViolations(page, "dashboard: trainee with progress");
  await page.getByTestId("recent-activity").getByRole("link", { name: /Tell me about yourself/ }).click();
  await expect(page).toHaveURL(reportUrl);
});
