// Practice with the coach in a real browser: a chat from the catalogue to the evaluation report
// (with a reload in the middle, and a second attempt compared with the first), and a call with
// typed utterances in which the coach's replies are spoken. The browser's speechSynthesis is
// wrapped by a page script (addInitScript) that records what the page asked it to say; the
// same script removes speech recognition, as in a browser that has none.
import type { Page } from "@playwright/test";
import { createVerifiedAccount, expect, expectNoAxeViolations, signInToDashboard, snap, test } from "./helpers.ts";

const mainOf = (page: Page) => page.getByRole("main");

async function openScenario(page: Page, title: string) {
  await page.goto("/practice");
  await mainOf(page).getByLabel("Search").fill(title);
  await mainOf(page).getByRole("link", { name: title }).first().click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
}

test("a trainee practises a chat from the catalogue to the evaluation report, and a second attempt is compared with the first", async ({ openClient, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const { page } = await openClient();
  const account = await createVerifiedAccount(page, baseURL, "chat-practice", "Chloe Chat");
  await signInToDashboard(page, account);

  await openScenario(page, "Tell me about yourself");
  await page.getByRole("button", { name: "Start the chat" }).click();
  await expect(page).toHaveURL(/\/practice\/chat\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "Tell me about yourself", level: 1 })).toBeVisible();
  const log = page.getByRole("log", { name: /Conversation with/ });
  await expect(log.getByText("You", { exact: true })).toHaveCount(0);
  const goals = page.getByRole("list", { name: "Goals" });
  await expect(goals.locator('[data-covered="true"]')).toHaveCount(0);
  await expectNoAxeViolations(page, "practice: chat");

  const say = async (text: string, youCount: number) => {
    const box = page.getByLabel("Your message");
    await box.fill(text);
    await box.press("Enter");
    await expect(log.getByText(text)).toBeVisible();
    await expect(log.getByText("You", { exact: true })).toHaveCount(youCount);
    // The reply has arrived when the composer is ready again.
    await expect(page.getByRole("button", { name: "Send" })).not.toHaveAttribute("data-loading", "true");
    await expect(page.getByRole("status").filter({ hasText: "is replying" })).toHaveCount(0);
  };
  await say("Um, I worked in customer support for three years at a busy online shop.", 1);
  await expect(goals.locator('[data-covered="true"]')).toHaveCount(1);
  await say("My main strength is patience, for example I calmed down angry customers every day.", 2);
  await expect(goals.locator('[data-covered="true"]')).toHaveCount(2);

  // A reload continues the same conversation.
  const url = page.url();
  const before = await log.innerText();
  await page.reload();
  await expect(page).toHaveURL(url);
  await expect(log.getByText("You", { exact: true })).toHaveCount(2);
  expect(await log.innerText()).toBe(before);
  await expect(goals.locator('[data-covered="true"]')).toHaveCount(2);

  await say("I am really interested in this role because I want to grow into team leadership.", 3);
  await say("Could you tell me what a typical day looks like for the team?", 4);
  await expect(goals.locator('[data-covered="true"]')).toHaveCount(4);
  await snap(page, testInfo, "practice-chat");

  await page.getByRole("button", { name: "End and see my evaluation" }).click();
  const dialog = page.getByRole("dialog", { name: "End this conversation?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "End and evaluate" }).click();
  await expect(page).toHaveURL(/\/practice\/sessions\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "Evaluation: Tell me about yourself", level: 1 })).toBeVisible();
  await expect(page.getByTestId("overall-score")).toHaveText(/^\d+/);
  const skills = page.getByRole("region", { name: "Skills" });
  for (const skill of ["Fluency", "Grammar", "Vocabulary", "Clarity", "Professionalism", "Task completion"]) {
    await expect(skills.getByRole("cell", { name: skill, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("region", { name: "What went well" })).toBeVisible();
  await expect(page.getByRole("region", { name: "What to work on" })).toBeVisible();
  const transcript = page.getByRole("region", { name: "Transcript" });
  await expect(transcript.getByText("I worked in customer support", { exact: false }).first()).toBeVisible();
  await expect(transcript.locator("mark").first()).toBeVisible();
  await expect(page.getByText("Your first evaluated attempt at this scenario.")).toBeVisible();
  await expectNoAxeViolations(page, "practice: evaluation report");
  await snap(page, testInfo, "practice-report");
  const firstReport = page.url();

  // Try again: a new conversation on the same scenario; its report compares with the first.
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page).toHaveURL(/\/practice\/chat\/[^/]+$/);
  await say("I worked as a team lead for two years, and I am interested in this role.", 1);
  await page.getByRole("button", { name: "End and see my evaluation" }).click();
  await page.getByRole("dialog", { name: "End this conversation?" }).getByRole("button", { name: "End and evaluate" }).click();
  await expect(page).toHaveURL(/\/practice\/sessions\/[^/]+$/);
  expect(page.url()).not.toBe(firstReport);
  await expect(page.getByTestId("comparison")).toHaveText(/(since last time|Same as last time)/);

  // The history lists both attempts with their scores; so does the scenario's page.
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Practice history" }).click();
  await expect(page.getByRole("heading", { name: "Practice history", level: 1 })).toBeVisible();
  await expect(mainOf(page).getByRole("row").filter({ hasText: "Tell me about yourself" })).toHaveCount(2);
  await expectNoAxeViolations(page, "practice: history");
  await openScenario(page, "Tell me about yourself");
  await snap(page, testInfo, "practice-scenario");
  await expect(page.getByRole("region", { name: "Your past attempts" }).getByText(/score \d+/)).toHaveCount(2);
  await expectNoAxeViolations(page, "practice: scenario page with past attempts");
});

test("a trainee practises a call by typing, hears the coach's replies, and gets an evaluation with pace", async ({ openClient, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const { page, context } = await openClient();
  // A page script around the browser's own API (not our code): record what is spoken, and
  // behave like a browser without speech recognition.
  await context.addInitScript(() => {
    const w = window as unknown as { __spoken: { text: string; lang: string }[]; SpeechRecognition?: unknown; webkitSpeechRecognition?: unknown };
    w.__spoken = [];
    delete w.SpeechRecognition;
    delete w.webkitSpeechRecognition;
    if ("speechSynthesis" in window) {
      const original = window.speechSynthesis.speak.bind(window.speechSynthesis);
      window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
        w.__spoken.push({ text: u.text, lang: u.lang });
        try {
          original(u);
        } catch {
          // Headless browsers may have no voice; what matters is that the page asked.
        }
      };
    }
  });
  const spoken = () => page.evaluate(() => (window as unknown as { __spoken: { text: string; lang: string }[] }).__spoken);

  const account = await createVerifiedAccount(page, baseURL, "call-practice", "Carl Call");
  await signInToDashboard(page, account);
  await openScenario(page, "Phone screen with a recruiter");
  await page.getByRole("button", { name: "Start the call" }).click();
  await expect(page).toHaveURL(/\/practice\/call\/[^/]+$/);
  await expect(page.getByRole("timer")).toHaveText(/^\d+:\d\d$/);
  await expect(page.getByText("Speech recognition is not available in this browser")).toBeVisible();
  await expect(page.getByRole("button", { name: "Turn microphone on" })).toHaveCount(0);
  // The coach's opening is spoken, in the scenario's voice.
  await expect.poll(async () => (await spoken()).length).toBe(1);
  expect((await spoken())[0]!.lang).toBe("en-US");
  const transcript = page.getByRole("log", { name: "Call transcript" });
  expect(await transcript.innerText()).toContain((await spoken())[0]!.text);
  await expectNoAxeViolations(page, "practice: call");

  // Typed utterances, from the keyboard: Enter submits.
  const utter = async (text: string, n: number) => {
    const box = page.getByLabel("Type what you say");
    await box.fill(text);
    await box.press("Enter");
    await expect(transcript.getByText(text)).toBeVisible();
    await expect.poll(async () => (await spoken()).length).toBe(n);
    const last = (await spoken()).at(-1)!;
    await expect(transcript).toContainText(last.text);
  };
  await utter("Yes, I am still very interested in the role.", 2);
  await expect(page.getByRole("list", { name: "Goals" }).locator('[data-covered="true"]')).toHaveCount(1);
  await utter("I worked in reception for two years, and I managed the scheduling for six doctors.", 3);
  await expect(page.getByRole("timer")).not.toHaveText("0:00");
  await snap(page, testInfo, "practice-call");

  await page.getByRole("button", { name: "End call" }).click();
  await page.getByRole("dialog", { name: "End this call?" }).getByRole("button", { name: "End and evaluate" }).click();
  await expect(page).toHaveURL(/\/practice\/sessions\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "Evaluation: Phone screen with a recruiter", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Skills" }).getByRole("cell", { name: "Pace", exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Transcript" })).toContainText("I managed the scheduling");
});
