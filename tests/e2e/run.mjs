// Runs the browser tests when Chromium is on this machine; otherwise says so and skips,
// unless REQUIRE_BROWSER is set to a truthy value (CI), where a missing browser fails the run.
//
// Before Playwright starts the app server it: builds the SPA and the server (as `npm start`
// does) into throwaway folders, creates
// the e2e admin in the throwaway database (PGlite allows one process per folder, so this must
// happen before the server opens it), and starts a real OpenID Connect provider
// (tests/e2e/oidc-server.ts) whose issuer the app server is configured with. What the tests
// need to know is passed on as E2E_* variables (see playwright.config.ts).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";

/** Same rule as REQUIRE_REAL_POSTGRES (tests/helpers/global-setup.ts): set, and not "", "0" or "false". */
const isTruthyEnv = (name) => {
  const v = process.env[name];
  return v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
};

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  const msg = `Browser tests: Chromium not found at ${chromium} (install it with: apt-get install -y chromium).`;
  if (isTruthyEnv("REQUIRE_BROWSER")) {
    console.error(`${msg} REQUIRE_BROWSER=${process.env.REQUIRE_BROWSER}, so this fails the run.`);
    process.exit(1);
  }
  console.log(`${msg} SKIPPED the browser tests.`);
  process.exit(0);
}

// The suite always runs on its own embedded database, never on a configured one.
const baseEnv = { ...process.env };
delete baseEnv.DATABASE_URL;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-e2e-"));
// The server the tests run is the one `npm start` runs: bundled ahead of time
// (scripts/build-server.mjs), here into a folder of this run's own inside the project, where the
// bundle finds the project folder and node_modules as dist-server/ does.
const serverDir = path.resolve("node_modules", ".cache", "hirexp-e2e", path.basename(dataDir));
const cleanup = () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(serverDir, { recursive: true, force: true });
};

const step = (cmd, args, env = baseEnv) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) {
    cleanup();
    process.exit(r.status ?? 1);
  }
};

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });

// The suite builds into its own folder, so another build in this checkout (npm start,
// a second run) cannot swap the files under a running test server.
const clientDir = path.join(dataDir, "client");
const appDataDir = path.join(dataDir, "data");
step("node_modules/.bin/vite", ["build", "--logLevel", "warn", "--outDir", clientDir, "--emptyOutDir"]);
step(process.execPath, ["scripts/build-server.mjs", serverDir]);
const port = process.env.E2E_PORT ?? String(await freePort());
// Must match playwright.config.ts (baseURL and the server's APP_URL).
const appUrl = `http://localhost:${port}`;

// The admin the admin-console tests sign in as (access level 3).
const admin = { email: "admin@e2e.test", password: "Harbor-Quill-Velvet-Compass-2049", name: "E2E Admin" };
step("node_modules/.bin/tsx", ["server/cli/admin-create.ts", "--email", admin.email, "--password", admin.password, "--name", admin.name], {
  ...baseEnv,
  DATA_DIR: appDataDir,
  LOG_LEVEL: "warn",
});

/** Starts the OIDC provider; resolves with its issuer and client once it listens. */
function startOidc() {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/e2e/oidc-server.ts"], {
    env: { ...baseEnv, E2E_OIDC_REDIRECT_URI: `${appUrl}/auth/oauth/oidc/callback` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Its start-up warnings (development adapter and interactions, Node version) are expected.
  readline.createInterface({ input: child.stderr }).on("line", (line) => {
    if (!line.startsWith("oidc-provider WARNING:")) console.error(`[oidc] ${line}`);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the OIDC provider did not start within 30 s")), 30_000);
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`the OIDC provider exited (${code}) before it was ready`)));
    // Read every line (so the pipe never fills); the first OIDC_READY line says where it is.
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /^OIDC_READY (.+)$/.exec(line);
      if (!m) {
        console.log(`[oidc] ${line}`);
        return;
      }
      clearTimeout(timer);
      resolve({ child, ...JSON.parse(m[1]) });
    });
  });
}

let oidc;
try {
  oidc = await startOidc();
} catch (e) {
  console.error(`Browser tests: ${e.message}`);
  cleanup();
  process.exit(1);
}
const oidcExited = new Promise((resolve) => oidc.child.once("exit", resolve));

const playwright = spawn("node_modules/.bin/playwright", ["test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: {
    ...baseEnv,
    E2E_DATA_DIR: appDataDir,
    E2E_PORT: port,
    CHROMIUM_PATH: chromium,
    CLIENT_DIR: clientDir,
    E2E_SERVER_ENTRY: path.join(serverDir, "main.js"),
    E2E_ADMIN_EMAIL: admin.email,
    E2E_ADMIN_PASSWORD: admin.password,
    E2E_ADMIN_NAME: admin.name,
    E2E_OIDC_ISSUER: oidc.issuer,
    E2E_OIDC_CLIENT_ID: oidc.clientId,
    E2E_OIDC_CLIENT_SECRET: oidc.clientSecret,
  },
});
// Ctrl-C reaches Playwright and the provider too (same process group); wait for them.
process.on("SIGINT", () => {});
const status = await new Promise((resolve) => {
  playwright.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  playwright.on("error", (e) => {
    console.error(e);
    resolve(1);
  });
});

if (oidc.child.exitCode === null && oidc.child.signalCode === null) oidc.child.kill("SIGTERM");
await oidcExited;
cleanup();
process.exit(status);
