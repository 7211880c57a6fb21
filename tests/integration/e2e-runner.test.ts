// tests/e2e/run.mjs without a browser: skips (exit 0) unless REQUIRE_BROWSER is truthy —
// by the same rule as REQUIRE_REAL_POSTGRES (set, and not "", "0" or "false").
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

async function runner(requireBrowser: string | undefined) {
  const env: NodeJS.ProcessEnv = { ...process.env, CHROMIUM_PATH: "/nonexistent/chromium" };
  if (requireBrowser === undefined) delete env.REQUIRE_BROWSER;
  else env.REQUIRE_BROWSER = requireBrowser;
  return run(process.execPath, ["tests/e2e/run.mjs"], { env }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

describe("browser test runner without Chromium", () => {
  it.each(["1", "true", "TRUE", "yes"])("REQUIRE_BROWSER=%s fails the run", async (value) => {
    const r = await runner(value);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Chromium not found at \/nonexistent\/chromium.*so this fails the run/);
  });

  it.each([undefined, "", "0", "false"])("REQUIRE_BROWSER=%s skips and says so", async (value) => {
    const r = await runner(value);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SKIPPED the browser tests/);
  });
});
