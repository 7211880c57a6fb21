// Lighthouse 12 on the built app in Debian's Chromium: performance, accessibility, best practices
// and SEO for the landing page, sign-in, and each role's dashboard (trainee, instructor studio,
// company, admin), with the mobile preset (Lighthouse's default: simulated slow 4G, 4× CPU
// slowdown) and the desktop preset.
//
// Run: npx tsx bench/lighthouse.ts        (CHROME_PATH defaults to /usr/bin/chromium)
//   BENCH_SKIP_BUILD=1   use the last `npm run build`
//   BENCH_PAGES=landing,sign-in   only these pages;  BENCH_PRESETS=mobile   only this preset
//   BENCH_RUNS=3         runs per page and preset; the row shows the run with the median performance
//   BENCH_TRACE=1        also keep the median run's Chrome trace (tmp/lighthouse/<page>-<preset>.trace.json,
//                        unthrottled: Lighthouse's mobile preset simulates the 4× slowdown from it),
//                        for bench/trace-tasks.ts; BENCH_TRACE=profile adds V8's sampling profiler to the
//                        trace (which task ran what), at a cost: those runs' scores are for diagnosis only
// It builds (SPA + server), starts `node dist-server/main.js` (NODE_ENV=production) on a free port
// with a fresh embedded database, seeds the demo data (`npm run seed`) and signs each role in over
// HTTP. A signed-in page is measured as a returning visitor's: before its runs the session cookie
// goes into the browser's cookie jar and the page is opened once (not measured), so the app itself
// sets the role hint cookie the server picks the page's prerendered frame with (decision 027);
// Lighthouse keeps cookies between runs (it clears the cache and service workers only).
// Full reports: tmp/lighthouse/<page>-<preset>.json.
// Lab scores move with the machine's load: the load average is printed beside them.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import lighthouse from "lighthouse";
import puppeteer from "puppeteer-core";
import { ROLE_HINT_COOKIE } from "../shared/prerender.ts";
import { transformer } from "../shared/transformer.ts";
import { readLibrary } from "../server/services/content/library.ts";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const root = path.resolve(import.meta.dirname, "..");
const chromePath = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const reportDir = path.join(root, "tmp", "lighthouse");
const PASSWORD = "practice makes progress";

type PageSpec = {
  name: string;
  path: string;
  account?: string;
  /** Run once before the page's first run, with the account's session cookie (after the pages before it were measured). */
  prepare?: (appUrl: string, cookie: string) => Promise<void>;
};
const PAGES: PageSpec[] = [
  { name: "landing", path: "/" },
  { name: "sign-in", path: "/sign-in" },
  { name: "trainee", path: "/dashboard", account: "trainee@demo.hirexp.test" },
  // The instructor's dashboard (where they land after signing in), then their studio.
  { name: "instructor", path: "/dashboard", account: "instructor@demo.hirexp.test" },
  // The demo instructor has written nothing yet: the studio shows its "Create your first item" card.
  { name: "studio", path: "/studio", account: "instructor@demo.hirexp.test" },
  // The same instructor once they have written something (three drafts): the list, as a returning instructor sees it.
  { name: "studio-items", path: "/studio", account: "instructor@demo.hirexp.test", prepare: (appUrl, cookie) => writeDrafts(appUrl, cookie, 3) },
  { name: "company", path: "/dashboard", account: "company@demo.hirexp.test" },
  { name: "admin", path: "/admin", account: "admin@demo.hirexp.test" },
];
const wantedPages = process.env.BENCH_PAGES?.split(",");
const presets = (process.env.BENCH_PRESETS?.split(",") ?? ["mobile", "desktop"]) as ("mobile" | "desktop")[];
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
type Result = NonNullable<Awaited<ReturnType<typeof lighthouse>>>["lhr"];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"], env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}`);
}

/** Resolves once the child prints a line matching `re` (with the match), rejects if it exits first. */
function waitForLine(child: ChildProcess, stream: NodeJS.ReadableStream, re: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${what} exited (${code}) before it was ready`)));
    readline.createInterface({ input: stream }).on("line", (line) => {
      const m = re.exec(line);
      if (m) resolve(m);
    });
  });
}

async function signIn(appUrl: string, email: string): Promise<string> {
  const res = await fetch(`${appUrl}/api/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: appUrl },
    body: JSON.stringify({ json: { email, password: PASSWORD } }),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => /session/.test(c));
  if (!res.ok || !cookie) throw new Error(`signing in ${email}: ${res.status} ${await res.text()}`);
  return cookie;
}

/** `n` drafts by the signed-in instructor, from the content library's items (their titles and data). */
async function writeDrafts(appUrl: string, cookie: string, n: number): Promise<void> {
  for (const { item } of readLibrary().slice(0, n)) {
    const res = await fetch(`${appUrl}/api/trpc/content.create`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: appUrl, cookie },
      body: JSON.stringify(transformer.serialize(item)),
    });
    if (!res.ok) throw new Error(`writing a draft: ${res.status} ${await res.text()}`);
  }
}

if (!process.env.BENCH_SKIP_BUILD) run("npm", ["run", "--silent", "build"]);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-lighthouse-"));
const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-lighthouse-chrome-"));
const port = await freePort();
const appUrl = `http://localhost:${port}`;
const { DATABASE_URL: _, ...env } = process.env; // the embedded database
const serverEnv = { ...env, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", APP_URL: appUrl, LOG_LEVEL: "warn" };
const server = spawn(process.execPath, ["dist-server/main.js"], { cwd: root, env: { ...serverEnv, NODE_ENV: "production" }, stdio: ["ignore", "ignore", "pipe"] });
server.stderr!.on("data", () => {}); // the production mail warning
let chrome: ChildProcess | undefined;
try {
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode})`);
    if (await fetch(`${appUrl}/readyz`).then((r) => r.ok, () => false)) break;
    if (i > 3000) throw new Error("the server was not ready within 10 minutes");
    await new Promise((r) => setTimeout(r, 200)); // poll interval while the server starts
  }
  // Demo data, through the running app's operator socket (the seed refuses NODE_ENV=production).
  run(process.execPath, ["--import", "tsx", "prisma/seed.ts"], { ...serverEnv, NODE_ENV: "development" });
  const cookies = new Map<string, string>();
  for (const p of PAGES) if (p.account && !cookies.has(p.account)) cookies.set(p.account, await signIn(appUrl, p.account));

  chrome = spawn(chromePath, ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", `--user-data-dir=${profileDir}`, "--remote-debugging-port=0", "about:blank"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const [, debugPort] = await waitForLine(chrome, chrome.stderr!, /DevTools listening on ws:\/\/[^:]+:(\d+)\//, "Chromium");
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${debugPort}` });
  /** A returning visitor: signed in (the session cookie in the jar), and the page opened once, which sets the role hint. */
  const visitOnce = async (account: string, pagePath: string) => {
    const [name, value] = cookies.get(account)!.split(/=(.*)/s) as [string, string];
    await browser.setCookie({ name, value, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax" });
    const tab = await browser.newPage();
    try {
      await tab.goto(`${appUrl}${pagePath}`);
      await tab.waitForFunction((hint) => document.cookie.split("; ").some((c) => c.startsWith(`${hint}=`) && c.length > hint.length + 1), {}, ROLE_HINT_COOKIE);
    } finally {
      await tab.close();
    }
  };
  fs.mkdirSync(reportDir, { recursive: true });

  console.log(`Lighthouse ${(await import("lighthouse/package.json", { with: { type: "json" } })).default.version} on ${appUrl} (node dist-server/main.js, NODE_ENV=production), ${new Date().toISOString()}`);
  console.log(`${"page".padEnd(10)} ${"preset".padEnd(8)} perf  a11y  bp   seo   FCP     LCP     TBT    CLS    load (1 min)`);
  const misses: string[] = [];
  for (const page of PAGES.filter((p) => !wantedPages || wantedPages.includes(p.name))) {
    if (page.prepare) await page.prepare(appUrl, cookies.get(page.account!)!);
    for (const preset of presets) {
      const flags = {
        port: Number(debugPort),
        output: "json" as const,
        logLevel: "error" as const,
        onlyCategories: [...CATEGORIES],
        ...(process.env.BENCH_TRACE === "profile" ? { additionalTraceCategories: "disabled-by-default-v8.cpu_profiler" } : {}),
      };
      if (page.account) await visitOnce(page.account, page.path);
      // BENCH_RUNS runs; the row is the run with the median performance score (the others' scores
      // are printed after it). A run Lighthouse could not trace (e.g. NO_NAVSTART on a loaded
      // machine) is repeated, at most twice.
      const runs: Result[] = [];
      const traces = new Map<Result, unknown>();
      for (let attempt = 0; runs.length < RUNS; attempt++) {
        const result = await lighthouse(`${appUrl}${page.path}`, flags, preset === "desktop" ? desktopConfig : undefined);
        if (!result) throw new Error(`no result for ${page.name}`);
        if (result.lhr.runtimeError && attempt < RUNS + 2) continue;
        runs.push(result.lhr);
        if (process.env.BENCH_TRACE) traces.set(result.lhr, (result.artifacts as { Trace?: unknown }).Trace);
      }
      const byPerf = [...runs].sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0));
      const lhr = byPerf[Math.floor((byPerf.length - 1) / 2)]!;
      fs.writeFileSync(path.join(reportDir, `${page.name}-${preset}.json`), JSON.stringify(lhr));
      if (traces.has(lhr)) fs.writeFileSync(path.join(reportDir, `${page.name}-${preset}.trace.json`), JSON.stringify(traces.get(lhr)));
      const score = (c: string) => String(Math.round((lhr.categories[c]?.score ?? 0) * 100)).padStart(3);
      const ms = (id: string) => `${Math.round(lhr.audits[id]?.numericValue ?? 0)}`.padStart(5) + "ms";
      if (lhr.finalDisplayedUrl.replace(appUrl, "") !== page.path) misses.push(`${page.name}: ended on ${lhr.finalDisplayedUrl} (not signed in?)`);
      console.log(
        `${page.name.padEnd(10)} ${preset.padEnd(8)} ${CATEGORIES.map(score).join("   ")}   ${ms("first-contentful-paint")} ${ms("largest-contentful-paint")} ${ms("total-blocking-time")} ${(lhr.audits["cumulative-layout-shift"]?.numericValue ?? 0).toFixed(3)}  ${os.loadavg()[0]!.toFixed(1)}${RUNS > 1 ? `   perf (TBT) of the runs: ${runs.map((r) => `${Math.round((r.categories.performance?.score ?? 0) * 100)} (${Math.round(r.audits["total-blocking-time"]?.numericValue ?? 0)})`).join(", ")}` : ""}`,
      );
      // What keeps a category below 100: the audits that failed (accessibility, best practices,
      // SEO) and the performance opportunities worth more than 50 ms.
      for (const c of CATEGORIES) {
        for (const ref of lhr.categories[c]?.auditRefs ?? []) {
          const a = lhr.audits[ref.id];
          if (!a || a.score === null || ref.weight === 0) continue;
          if (c !== "performance" && a.score < 1) misses.push(`${page.name}/${preset} ${c}: ${a.id} — ${a.title}`);
        }
      }
      for (const a of Object.values(lhr.audits)) {
        const savings = (a.details as { overallSavingsMs?: number } | undefined)?.overallSavingsMs ?? 0;
        if (savings > 50) misses.push(`${page.name}/${preset} performance: ${a.id} — ${a.title} (~${Math.round(savings)} ms)`);
      }
    }
  }
  await browser.disconnect();
  if (misses.length) console.log(`\n${misses.join("\n")}`);
  console.log(`\nload average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} on ${os.cpus().length} CPUs; reports in ${path.relative(root, reportDir)}/`);
} finally {
  chrome?.kill("SIGTERM");
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(profileDir, { recursive: true, force: true });
}
