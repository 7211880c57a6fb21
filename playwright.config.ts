// Browser tests: Debian's Chromium (never `playwright install`) against the built SPA
// served by the real server on a throwaway data folder. Started by tests/e2e/run.mjs,
// which builds the client first, creates the e2e admin, starts a real OpenID Connect
// provider (tests/e2e/oidc-server.ts) and says plainly when Chromium is missing. Its E2E_*
// variables configure the server below and tell the tests the admin's sign-in.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E_OIDC_NAME } from "./tests/e2e/oidc-accounts.ts";

const port = Number(process.env.E2E_PORT ?? 3917);
const dataDir = process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-e2e-"));
process.env.E2E_DATA_DIR = dataDir;
export const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    // The server bundled as `npm start` runs it (tests/e2e/run.mjs builds it); tsx when run alone.
    command: process.env.E2E_SERVER_ENTRY ? `node --require ./server/threadpool.cjs ${process.env.E2E_SERVER_ENTRY}` : "node_modules/.bin/tsx server/main.ts",
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: baseURL,
      DATA_DIR: dataDir,
      ...(process.env.CLIENT_DIR ? { CLIENT_DIR: process.env.CLIENT_DIR } : {}),
      NODE_ENV: "development",
      // Each test poses as its own client IP (X-Forwarded-For), so per-IP limits don't collide.
      TRUST_PROXY: "127.0.0.1,::1",
      LOG_LEVEL: "warn",
      // Generic OpenID Connect sign-in against the provider run.mjs started ("Acme SSO").
      ...(process.env.E2E_OIDC_ISSUER
        ? {
            OIDC_ISSUER: process.env.E2E_OIDC_ISSUER,
            OIDC_CLIENT_ID: process.env.E2E_OIDC_CLIENT_ID ?? "",
            OIDC_CLIENT_SECRET: process.env.E2E_OIDC_CLIENT_SECRET ?? "",
            OIDC_NAME: E2E_OIDC_NAME,
          }
        : {}),
    },
  },
});
