// Audio for speech-to-text tests (vitest and Playwright): speech made by espeak-ng (`espeak-ng -w file.wav "text"`,
// a real RIFF/WAVE file of synthesized speech) and a short silent WAV built here for tests that
// only need a well-formed file. espeak-ng is a system package (apt-get install -y espeak-ng);
// without it the tests that need it are reported as skipped with the reason in their name —
// unless REQUIRE_ESPEAK is truthy (as in .ci/run), where a missing espeak-ng fails them.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const isTruthyEnv = (name: string) => {
  const v = process.env[name];
  return v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
};

let status: { available: true } | { available: false; reason: string } | undefined;

/** Whether espeak-ng can be run here, and why not. */
export function espeakStatus() {
  if (!status) {
    const r = spawnSync("espeak-ng", ["--version"], { encoding: "utf8" });
    status = r.status === 0 ? { available: true } : { available: false, reason: "espeak-ng is not installed (apt-get install -y espeak-ng)" };
  }
  return status;
}

/** Whether a missing espeak-ng must fail the tests that need it (REQUIRE_ESPEAK truthy, as in .ci/run). */
export const espeakRequired = () => isTruthyEnv("REQUIRE_ESPEAK");

/** `text` spoken by espeak-ng, as the bytes of a WAV file (written to a temporary file first, as the CLI does). */
export function espeakWav(text: string, voice = "en-us"): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-espeak-"));
  try {
    const file = path.join(dir, "speech.wav");
    const r = spawnSync("espeak-ng", ["-v", voice, "-w", file, text], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`espeak-ng failed: ${r.stderr || r.error?.message}`);
    return fs.readFileSync(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A well-formed 16-bit mono PCM WAV of `ms` milliseconds of silence at 16 kHz. */
export function silentWav(ms = 200): Buffer {
  const rate = 16_000;
  const data = Math.round((rate * ms) / 1000) * 2;
  const b = Buffer.alloc(44 + data);
  b.write("RIFF", 0, "ascii");
  b.writeUInt32LE(36 + data, 4);
  b.write("WAVE", 8, "ascii");
  b.write("fmt ", 12, "ascii");
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write("data", 36, "ascii");
  b.writeUInt32LE(data, 40);
  return b;
}
