// A trainee takes the timed starter assessment "Workplace grammar check" in a real browser:
// from the catalogue item's Start button, answering a section by mouse and keyboard, a reload
// in the middle that keeps the answers (server autosave + resume), submitting, the results
// page with the review, and the result in the assessment history.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { createVerifiedAccount, expect, expectNoAxeViolations, signInToDashboard, snap, test } from "./helpers.ts";

type Q = { id: string; kind: string; options?: string[]; answer?: number | boolean; acceptedAnswers?: string[] };
const file = JSON.parse(fs.readFileSync(path.resolve("prisma/library/assessments/workplace-grammar-check.json"), "utf8")) as {
  item: { title: string; data: { sections: { questions: Q[] }[] } };
};
const TITLE = file.item.title;
const FIRST = file.item.data.sections[0]!.questions;
const TOTAL = file.item.data.sections.reduce((n, s) => n + s.questions.length, 0);
/** An order question always has an answer: its items as shown, until moved. */
const ORDERS = file.item.data.sections.flatMap((s) => s.questions).filter((q) => q.kind === "order").length;

const mainOf = (page: Page) => page.getByRole("main");
const card = (page: Page, id: string) => page.locator(`[data-question="${id}"]`);

test("a trainee takes a timed starter assessment to the results page, and a reload keeps the answers", async ({ openClient, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const { page } = await openClient();
  const account = await createVerifiedAccount(page, baseURL, "assessment", "Asha Assess");
  await signInToDashboard(page, account);

  await page.goto("/practice");
  await mainOf(page).getByLabel("Search").fill(TITLE);
  await mainOf(page).getByRole("link", { name: TITLE }).first().click();
  await expect(page.getByRole("heading", { name: TITLE, level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Start (or continue) the assessment" }).click();
  await expect(page).toHaveURL(/\/assessments\/[^/]+$/);
  await expect(page.getByRole("heading", { name: TITLE, level: 1 })).toBeVisible();
  // 20 minutes on the server's clock
  await expect(page.getByTestId("countdown")).toHaveText(/^Time left (20:00|19:[0-5]\d)$/);
  await expectNoAxeViolations(page, "assessment: taking it");

  // The first section, all right: choices by mouse, typed answers by keyboard.
  for (const q of FIRST) {
    const c = card(page, q.id);
    if (q.kind === "single") await c.getByRole("radio", { name: q.options![q.answer as number]!, exact: true }).check();
    else if (q.kind === "true_false") await c.getByRole("radio", { name: q.answer ? "True" : "False", exact: true }).check();
    else if (q.kind === "text") {
      await c.getByRole("textbox").focus();
      await page.keyboard.type(q.acceptedAnswers![0]!);
      await page.keyboard.press("Enter"); // does not submit the assessment
    }
  }
  await expect(page).toHaveURL(/\/assessments\/[^/]+$/);
  await expect(page.getByTestId("save-status")).toHaveText("All answers saved");

  // A reload continues the same attempt with the answers kept.
  const url = page.url();
  await page.reload();
  await expect(page).toHaveURL(url);
  for (const q of FIRST) {
    const c = card(page, q.id);
    if (q.kind === "single") await expect(c.getByRole("radio", { name: q.options![q.answer as number]!, exact: true })).toBeChecked();
    else if (q.kind === "true_false") await expect(c.getByRole("radio", { name: q.answer ? "True" : "False", exact: true })).toBeChecked();
    else if (q.kind === "text") await expect(c.getByRole("textbox")).toHaveValue(q.acceptedAnswers![0]!);
  }
  await expect(page.getByText(`${TOTAL - FIRST.length - ORDERS} questions not answered yet`)).toBeVisible();

  // One question per screen, moved through by keyboard.
  await page.getByText("One per screen").click();
  await expect(page.locator("[data-question]")).toHaveCount(1);
  await expect(page.getByText(`Question 1 of ${TOTAL}`)).toBeVisible();
  await page.getByRole("button", { name: "Next →" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText(`Question 2 of ${TOTAL}`)).toBeVisible();
  await snap(page, testInfo, "assessment-one-per-screen");

  await page.getByRole("button", { name: "Submit my answers" }).click();
  await expect(page).toHaveURL(/\/assessments\/results\/[^/]+$/);
  await expect(page.getByRole("heading", { name: `${TITLE}: your result`, level: 1 })).toBeVisible();
  await expect(page.getByTestId("result-summary")).toContainText(`${FIRST.length} of ${TOTAL} questions right`);
  await expect(page.getByTestId("result-summary")).toContainText(`Your score: ${Math.round((FIRST.length / TOTAL) * 100)}% — not passed yet`);
  const review = page.getByRole("region", { name: "Review" });
  await expect(review.getByText("Right", { exact: true })).toHaveCount(FIRST.length);
  await expect(review.getByText("Right answer:", { exact: false }).first()).toBeVisible();
  await expectNoAxeViolations(page, "assessment: results");
  await snap(page, testInfo, "assessment-results");

  // The history lists it, linked from the navigation.
  await page.getByRole("navigation").getByRole("link", { name: "Assessments", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Assessments", level: 1 })).toBeVisible();
  await expect(mainOf(page).getByRole("link", { name: TITLE })).toBeVisible();
  await expect(mainOf(page).getByText("Not passed")).toBeVisible();
});

test("the countdown warns at one minute and submits by itself at zero", async ({ openClient, baseURL }) => {
  test.setTimeout(120_000);
  const vocab = JSON.parse(fs.readFileSync(path.resolve("prisma/library/assessments/workplace-vocabulary-basics.json"), "utf8")) as typeof file & {
    item: { data: { timeLimitSeconds: number } };
  };
  const title = vocab.item.title;
  const all = vocab.item.data.sections.flatMap((s) => s.questions);
  const single = all.find((q) => q.kind === "single")!;
  const { page } = await openClient();
  // The page's clock is Playwright's: it runs normally until the test moves it forward. The
  // server's deadline is untouched, so the auto-submitted answers arrive in time.
  await page.clock.install();
  const account = await createVerifiedAccount(page, baseURL, "assessment-timer", "Tim Timer");
  await signInToDashboard(page, account);
  await page.goto("/practice");
  await mainOf(page).getByLabel("Search").fill(title);
  await mainOf(page).getByRole("link", { name: title }).first().click();
  await page.getByRole("button", { name: "Start (or continue) the assessment" }).click();
  await expect(page).toHaveURL(/\/assessments\/[^/]+$/);
  await card(page, single.id).getByRole("radio", { name: single.options![single.answer as number]!, exact: true }).check();
  await expect(page.getByRole("alert").filter({ hasText: "Less than a minute left" })).toHaveCount(0);

  await page.clock.fastForward((vocab.item.data.timeLimitSeconds - 50) * 1000);
  await expect(page.getByRole("alert").filter({ hasText: "Less than a minute left" })).toBeVisible();
  await expect(page.getByTestId("countdown")).toHaveText(/^Time left 0:[0-5]\d$/);

  await page.clock.fastForward(60_000);
  await expect(page).toHaveURL(/\/assessments\/results\/[^/]+$/);
  await expect(page.getByTestId("result-summary")).toContainText(`1 of ${all.length} questions right`);
});
