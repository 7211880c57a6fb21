// A call with server-side speech-to-text in a real browser: Chromium's fake microphone plays a
// WAV that espeak-ng spoke (--use-fake-device-for-media-stream
// --use-file-for-fake-audio-capture), the call page records it with MediaRecorder, uploads it,
// and a local server speaking the OpenAI audio-transcriptions protocol
// (tests/helpers/transcription-server.ts) answers with the text; the text is said in the call
// and the coach answers.
//
// The suite's shared app server has no STT_BASE_URL (the other call test checks the browser's
// own recognition path), so this test starts its own HireXp server on a throwaway data folder,
// configured with the fake STT server, and its own Chromium with the fake-media flags.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { espeakRequired, espeakStatus, espeakWav } from "../helpers/speech-audio.ts";
import { startTranscriptionServer, type TranscriptionTestServer } from "../helpers/transcription-server.ts";
import { createVerifiedAccount, expect, expectNoAxeViolations, newClient, signInToDashboard, test } from "./helpers.ts";

const SAID = "Yes, I am still very interested in the role.";
const STT_KEY = "sk-e2e-stt-key";

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });

async function waitReady(url: string, server: ChildProcess, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`the HireXp server exited (${server.exitCode}) before it was ready`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the HireXp server was not ready within ${timeoutMs / 1000} s`);
}

test.describe("call practice with server speech-to-text", () => {
  const espeak = espeakStatus();
  if (!espeak.available && !espeakRequired()) {
    test.skip(true, `${espeak.reason}: skipped`);
  }

  let dir: string;
  let stt: TranscriptionTestServer;
  let server: ChildProcess;
  let browser: Browser;
  let baseURL: string;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    if (!espeak.available) throw new Error(`${espeak.reason}; REQUIRE_ESPEAK=${process.env.REQUIRE_ESPEAK}, so this fails`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-e2e-stt-"));
    const wav = path.join(dir, "speech.wav");
    fs.writeFileSync(wav, espeakWav(SAID));
    stt = await startTranscriptionServer();
    // What the fake server "hears": the spoken sentence, when what arrives is a WebM recording
    // of some length (Chromium records the fake microphone as WebM/Opus).
    stt.transcriber = (file) => (file.bytes.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])) && file.bytes.length > 2000 ? SAID : "(nothing recognisable)");
    const port = await freePort();
    baseURL = `http://localhost:${port}`;
    // Its own embedded database; no OIDC or LLM coach from the suite's environment.
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (/^(DATABASE_URL|OIDC_|COACH_|STT_|SMTP_URL)/.test(k)) delete env[k];
    server = spawn("node_modules/.bin/tsx", ["server/main.ts"], {
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...env,
        PORT: String(port),
        HOST: "127.0.0.1",
        APP_URL: baseURL,
        DATA_DIR: path.join(dir, "data"),
        NODE_ENV: "development",
        TRUST_PROXY: "127.0.0.1,::1",
        LOG_LEVEL: "warn",
        STT_BASE_URL: stt.baseURL,
        STT_API_KEY: STT_KEY,
        STT_MODEL: "e2e-whisper",
      },
    });
    await waitReady(baseURL, server, 150_000);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        `--use-file-for-fake-audio-capture=${wav}`,
      ],
    });
  });

  test.afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once("exit", r));
      server.kill("SIGTERM");
      await exited;
    }
    await stt?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a trainee records an utterance, the server transcribes it, and it is said in the call", async ({}, testInfo) => {
    test.setTimeout(120_000);
    const { page, context } = await newClient(browser, baseURL, testInfo);
    await context.grantPermissions(["microphone"], { origin: baseURL });
    const account = await createVerifiedAccount(page, baseURL, "call-stt", "Sam Speech");
    await signInToDashboard(page, account);
    await startCall(page, "Phone screen with a recruiter");

    // Server speech-to-text replaces the browser's recognition, and says where the audio goes.
    await expect(page.getByText(/your recording is sent to the transcription server your organisation set up/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Turn microphone on" })).toHaveCount(0);
    await expectNoAxeViolations(page, "practice: call with server speech-to-text");

    // Hold the transcription until "Transcribing…" has been seen.
    let release!: () => void;
    stt.respond({ kind: "ok", until: new Promise<void>((r) => (release = r)) });

    // From the keyboard: focus the button, Enter starts, Enter again stops and sends.
    const record = page.getByRole("button", { name: "Record what you say" });
    await record.focus();
    await page.keyboard.press("Enter");
    const stop = page.getByRole("button", { name: /^Stop and send/ });
    await expect(stop).toBeVisible();
    await expect(stop).toHaveAttribute("aria-pressed", "true");
    // Two seconds of the fake microphone's speech on the recording's own clock.
    await expect(stop).toHaveText(/\(0:0[2-9]\)/, { timeout: 15_000 });
    await stop.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByText("Transcribing…")).toBeVisible();
    release();

    const transcript = page.getByRole("log", { name: "Call transcript" });
    await expect(transcript.getByText(SAID)).toBeVisible();
    // The coach answered (a second coach line after the opening).
    await expect(transcript.locator("div")).toHaveCount(3);
    await expect(page.getByRole("list", { name: "Goals" }).locator('[data-covered="true"]')).toHaveCount(1);

    // What reached the STT server: a WebM recording with the model and the key.
    const got = stt.requests.at(-1)!;
    expect(got.path).toBe("/v1/audio/transcriptions");
    expect(got.headers.authorization).toBe(`Bearer ${STT_KEY}`);
    expect(got.fields).toMatchObject({ model: "e2e-whisper", response_format: "json" });
    expect(got.file).toMatchObject({ name: "utterance.webm", type: "audio/webm" });
    expect(got.file!.bytes.length).toBeGreaterThan(2000);
  });
});

async function startCall(page: Page, title: string) {
  await page.goto("/practice");
  await page.getByRole("main").getByLabel("Search").fill(title);
  await page.getByRole("main").getByRole("link", { name: title }).first().click();
  await expect(page.getByRole("heading", { name: title, level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Start the call" }).click();
  await expect(page).toHaveURL(/\/practice\/call\/[^/]+$/);
}
