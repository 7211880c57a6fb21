// Call recording in a real browser: Chromium with its fake microphone
// (--use-fake-device-for-media-stream, a beeping test signal) and the permission prompt
// answered yes (--use-fake-ui-for-media-stream). The trainee says yes to "Record your side of
// this call?", types two utterances (recognition is removed, as in a browser without it), ends
// the call, and the report plays the uploaded recording, served back as audio by the server.
import config from "../../playwright.config.ts";
import { createVerifiedAccount, expect, signInToDashboard, test } from "./helpers.ts";

const baseArgs = config.use?.launchOptions?.args ?? [];
test.use({
  launchOptions: { ...config.use?.launchOptions, args: [...baseArgs, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"] },
});

test("a trainee says yes to recording a call; the report plays their recording", async ({ openClient, baseURL }) => {
  test.setTimeout(120_000);
  const { page, context } = await openClient();
  await context.addInitScript(() => {
    const w = window as unknown as { SpeechRecognition?: unknown; webkitSpeechRecognition?: unknown; recordedBytes: number };
    delete w.SpeechRecognition;
    delete w.webkitSpeechRecognition;
    // Counts the audio the page's recorder hands over (it does every second), so the test can
    // wait for some before ending the call: the embedded coach answers so fast that a call
    // could end with less than a second recorded.
    w.recordedBytes = 0;
    const Recorder = window.MediaRecorder;
    window.MediaRecorder = class extends Recorder {
      constructor(...args: ConstructorParameters<typeof MediaRecorder>) {
        super(...args);
        this.addEventListener("dataavailable", (e) => (w.recordedBytes += e.data.size));
      }
    };
  });
  const account = await createVerifiedAccount(page, baseURL, "call-recording", "Rita Record");
  await signInToDashboard(page, account);
  await page.goto("/practice");
  await page.getByRole("main").getByLabel("Search").fill("Phone screen with a recruiter");
  await page.getByRole("main").getByRole("link", { name: "Phone screen with a recruiter" }).first().click();
  await page.getByRole("button", { name: "Start the call" }).click();
  await expect(page).toHaveURL(/\/practice\/call\/[^/]+$/);

  // Asked, with No as the default (focused) answer.
  const question = page.getByRole("region", { name: "Record your side of this call?" });
  await expect(question).toBeVisible();
  await expect(question.getByRole("button", { name: "No, don't record" })).toBeFocused();
  await question.getByRole("button", { name: "Yes, record" }).click();
  await expect(page.getByText("Recording your side")).toBeVisible();
  await expect(question).toHaveCount(0);

  const transcript = page.getByRole("log", { name: "Call transcript" });
  for (const text of ["Yes, I am still very interested in the role.", "I worked in reception for two years and managed the scheduling."]) {
    const box = page.getByLabel("Type what you say");
    await box.fill(text);
    await box.press("Enter");
    await expect(transcript.getByText(text)).toBeVisible();
    // The coach's reply is in before the next utterance.
    await expect(page.getByText(/is thinking…/)).toHaveCount(0);
  }

  // Some of the microphone's test signal is in the recording before the call ends.
  await expect.poll(() => page.evaluate(() => (window as unknown as { recordedBytes: number }).recordedBytes), { timeout: 15_000 }).toBeGreaterThan(1000);
  await page.getByRole("button", { name: "End call" }).click();
  await page.getByRole("dialog", { name: "End this call?" }).getByRole("button", { name: "End and evaluate" }).click();
  await expect(page).toHaveURL(/\/practice\/sessions\/[^/]+$/);
  const sessionId = new URL(page.url()).pathname.split("/").at(-1)!;

  const player = page.locator("audio");
  await expect(player).toHaveAttribute("src", `/api/practice/calls/${sessionId}/recording`);
  // The browser loads it: the server answered with playable audio.
  await expect.poll(() => player.evaluate((a: HTMLAudioElement) => a.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  const res = await page.request.get(`/api/practice/calls/${sessionId}/recording`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/^audio\/(webm|ogg|mp4)$/);
  expect((await res.body()).length).toBeGreaterThan(1000);

  // Someone else (a fresh, signed-out browser) cannot fetch it.
  const other = await openClient();
  expect((await other.page.request.get(`/api/practice/calls/${sessionId}/recording`)).status()).toBe(401);
});
