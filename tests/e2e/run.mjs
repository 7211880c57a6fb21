// Runs the browser tests when Chromium is on this machine; otherwise says so and skips,
// unless REQUIRE_BROWSER=1 (CI), where a missing browser fails the run.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import net from "node:net";
import path from "node:path";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  const msg = `Browser tests: Chromium not found at ${chromium} (install it with: apt-get install -y chromium).`;
  if (process.env.REQUIRE_BROWSER === "1") {
    console.error(`${msg} REQUIRE_BROWSER=1, so this fails the run.`);
    process.exit(1);
  }
  console.log(`${msg} SKIPPED the browser tests.`);
  process.exit(0);
}

const step = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
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
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-e2e-"));
const clientDir = path.join(dataDir, "client");
step("node_modules/.bin/vite", ["build", "--logLevel", "warn", "--outDir", clientDir, "--emptyOutDir"]);
const port = process.env.E2E_PORT ?? String(await freePort());
const r = spawnSync("node_modules/.bin/playwright", ["test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, E2E_DATA_DIR: path.join(dataDir, "data"), E2E_PORT: port, CHROMIUM_PATH: chromium, CLIENT_DIR: clientDir },
});
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(r.status ?? 1);
