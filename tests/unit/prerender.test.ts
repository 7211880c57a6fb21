// Prerendering at build time (tools/prerender.ts): the critical CSS of a page, the document the
// server sends, and the Vite plugin — which writes .vite/prerender.json after a build and fails
// the build when a page does not render. The app's own pages are checked in the browser
// (tests/e2e/prerender.spec.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { JSDOM } from "jsdom";
import { build } from "vite";
import { afterAll, describe, expect, it } from "vitest";
import { SIGNED_OUT_PARAM } from "../../client/lib/auth.ts";
import { OAUTH_ERROR_PARAM } from "../../client/lib/oauth.ts";
import { paths } from "../../client/lib/paths.ts";
import {
  documentVariesByRoleHint,
  FRAME_ROLES,
  PRERENDERED_PAGES,
  prerenderedDocumentKey,
  prerenderedDocuments,
  prerenderedPath,
  roleFromHint,
  roleHintValue,
} from "../../shared/prerender.ts";
import { criticalCss, PRERENDER_FILE, prerenderDocument, prerenderPlugin, type PrerenderOutput } from "../../tools/prerender.ts";

const CSS = `:root{--a:1px}
.card{border:1px solid}
.card:hover{color:red}
.btn:focus-visible::after{outline:2px solid}
.unused{color:blue}
.spin{animation:spin 1s linear infinite}
@keyframes spin{to{transform:rotate(1turn)}}
@keyframes fade{to{opacity:0}}
@media (min-width:48em){.card{padding:2rem}.unused{padding:0}}
@media print{.other{display:none}}
:where([data-mantine-color-scheme=light]) .card{background:#fff}`;

describe("critical CSS", () => {
  it("keeps the rules that can apply to the page (with their hover and focus variants), in order", () => {
    const { document } = new JSDOM(`<html data-mantine-color-scheme="light"><body><div class="card"><button class="btn">x</button></div></body></html>`).window;
    const css = criticalCss(CSS, document);
    expect(css).not.toContain(":root"); // its only custom property is unused
    expect(css).toContain(".card{border:1px solid}");
    expect(css).toContain(".card:hover{color:red}");
    expect(css).toContain(".btn:focus-visible::after{outline:2px solid}");
    expect(css).toContain("@media (min-width:48em){.card{padding:2rem}}");
    expect(css).toContain(":where([data-mantine-color-scheme=light]) .card{background:#fff}");
    expect(css).not.toContain(".unused");
    expect(css).not.toContain("@media print");
    // No element spins: neither the rule nor its keyframes.
    expect(css).not.toContain("spin");
    expect(css).not.toContain("fade");
    expect(css.indexOf(".card{border")).toBeLessThan(css.indexOf(".card:hover"));
  });

  it("keeps only the custom properties the page uses, directly or through another", () => {
    const { document } = new JSDOM(`<div class="card" style="--card-pad: var(--space-sm)"><style>.x{margin:var(--from-style)}</style></div>`).window;
    const css = criticalCss(
      `:root{--space-sm:4px;--space-lg:16px;--border:1px solid var(--line);--line:#ccc;--from-style:2px;--unused:var(--line)}.card{border:var(--border);padding:var(--card-pad)}.absent{margin:var(--space-lg)}@media (min-width:1px){:root{--only-here:1px}}`,
      document,
    );
    expect(css).toContain("--space-sm:4px");
    expect(css).toContain("--border:1px solid var(--line)");
    expect(css).toContain("--line:#ccc");
    expect(css).toContain("--from-style:2px");
    expect(css).not.toContain("--space-lg");
    expect(css).not.toContain("--unused");
    // A rule (and an at-rule) left with nothing is dropped.
    expect(css).not.toContain("@media");
  });

  it("keeps the keyframes a kept rule animates with", () => {
    const { document } = new JSDOM(`<div class="spin"></div>`).window;
    const css = criticalCss(CSS, document);
    expect(css).toContain(".spin{animation:spin 1s linear infinite}");
    expect(css).toContain("@keyframes spin");
    expect(css).not.toContain("@keyframes fade");
  });
});

describe("the prerendered document", () => {
  const INDEX = `<!doctype html>
<html lang="en">
  <head>
    <title>HireXp</title>
    <script type="module" crossorigin src="/assets/index-A.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/react-B.js">
    <link rel="stylesheet" crossorigin href="/assets/index-C.css">
  </head>
  <body><div id="root"></div></body>
</html>`;

  it("has the markup in #root, the page's title, the light scheme, the critical CSS inline and the full stylesheet not blocking", () => {
    const html = prerenderDocument(INDEX, "/sign-in", '<main class="card"><h1>Sign in</h1></main>', new Map([["/assets/index-C.css", CSS]]));
    expect(html).toContain('<div id="root" data-prerendered="/sign-in"><main class="card"><h1>Sign in</h1></main></div>');
    expect(html).toContain(`<title>${PRERENDERED_PAGES["/sign-in"]!.title}</title>`);
    expect(html).toContain('<html lang="en" data-mantine-color-scheme="light">');
    const critical = /<style data-critical-css>([^<]*)<\/style>\s*<link rel="stylesheet" crossorigin href="\/assets\/index-C\.css" media="print" data-deferred-css>/.exec(html);
    expect(critical?.[1]).toContain(".card{border:1px solid}");
    expect(critical?.[1]).not.toContain(".unused");
    // The scripts hydrate the page; its paint does not wait for them.
    expect(html).toContain('<script type="module" fetchpriority="low" crossorigin src="/assets/index-A.js"></script>');
    expect(html).toContain('<link rel="modulepreload" fetchpriority="low" crossorigin href="/assets/react-B.js">');
  });

  it("refuses what it cannot build", () => {
    const css = new Map([["/assets/index-C.css", CSS]]);
    expect(() => prerenderDocument(INDEX, "/settings/profile", "<p>x</p>", css)).toThrow(/not a prerendered page/);
    expect(() => prerenderDocument(INDEX.replace('<div id="root"></div>', "<div id=root></div>"), "/", "<p>x</p>", css)).toThrow(/root/);
    expect(() => prerenderDocument(INDEX, "/", "<p>x</p>", new Map())).toThrow(/no stylesheet \/assets\/index-C\.css/);
  });
});

describe("which requests get a prerendered page", () => {
  it("the listed paths, unless a query parameter changes what they show first", () => {
    expect(prerenderedPath("/")).toBe("/");
    expect(prerenderedPath("/sign-in", "next=%2Fpractice")).toBe("/sign-in");
    expect(prerenderedPath("/sign-in", `?${SIGNED_OUT_PARAM}=1`)).toBeNull();
    expect(prerenderedPath("/sign-in", `${OAUTH_ERROR_PARAM}=denied&next=%2F`)).toBeNull();
    expect(prerenderedPath("/sign-up")).toBeNull();
    expect(prerenderedPath("/toString")).toBeNull();
    expect(PRERENDERED_PAGES["/sign-in"]!.paramsThatChangeMarkup.sort()).toEqual([OAUTH_ERROR_PARAM, SIGNED_OUT_PARAM].sort());
    for (const p of Object.keys(PRERENDERED_PAGES)) expect([paths.home, paths.signIn, paths.dashboard, paths.studio, paths.adminDashboard], p).toContain(p);
  });
});

describe("which document a signed-in page gets, by the role hint cookie (decision 027)", () => {
  it("the hinted role's frame where the page has one for it, else the page's frame without a hint", () => {
    expect(prerenderedDocumentKey("/dashboard", "", "trainee")).toBe("/dashboard#TRAINEE");
    expect(prerenderedDocumentKey("/dashboard", "", "company")).toBe("/dashboard#COMPANY");
    expect(prerenderedDocumentKey("/dashboard", "", "instructor")).toBe("/dashboard#INSTRUCTOR");
    expect(prerenderedDocumentKey("/dashboard", "", "admin")).toBe("/dashboard#ADMIN");
    // /dashboard serves every role: without a hint, the generic loading frame.
    expect(prerenderedDocumentKey("/dashboard")).toBe("/dashboard");
    // The studio and the console are their roles' by path.
    expect(prerenderedDocumentKey("/studio")).toBe("/studio#INSTRUCTOR");
    expect(prerenderedDocumentKey("/studio", "", "admin")).toBe("/studio#ADMIN");
    expect(prerenderedDocumentKey("/admin")).toBe("/admin#ADMIN");
    // A role that does not get the page: the generic loading frame, not another role's page.
    expect(prerenderedDocumentKey("/studio", "", "trainee")).toBe("/studio");
    expect(prerenderedDocumentKey("/admin", "", "company")).toBe("/admin");
    // Pages without frames ignore it.
    expect(prerenderedDocumentKey("/", "", "admin")).toBe("/");
    expect(prerenderedDocumentKey("/sign-in", "next=%2Fstudio", "instructor")).toBe("/sign-in");
    expect(prerenderedDocumentKey("/settings/profile", "", "trainee")).toBeNull();
    // The studio's filters change its first render: the plain index.html.
    expect(prerenderedDocumentKey("/studio", "type=LESSON", "instructor")).toBeNull();
  });

  it("treats a value that names no role (forged, another case, empty) as no hint", () => {
    for (const forged of ["TRAINEE", "Admin", "root", "", " admin", "admin;", '"><script>alert(1)</script>', "toString", "__proto__"]) {
      expect(roleFromHint(forged), forged).toBeNull();
      expect(prerenderedDocumentKey("/dashboard", "", forged), forged).toBe("/dashboard");
      expect(prerenderedDocumentKey("/admin", "", forged), forged).toBe("/admin#ADMIN");
    }
    for (const role of FRAME_ROLES) expect(roleFromHint(roleHintValue(role))).toBe(role);
  });

  it("lists a document per page and per role it has a frame for, and says which pages vary by the hint", () => {
    const keys = prerenderedDocuments().map((d) => d.key);
    expect(keys).toEqual(["/", "/sign-in", "/dashboard", "/dashboard#TRAINEE", "/dashboard#INSTRUCTOR", "/dashboard#COMPANY", "/dashboard#ADMIN", "/studio", "/studio#INSTRUCTOR", "/studio#ADMIN", "/admin", "/admin#ADMIN"]);
    // Every key a request can get is one the build writes.
    for (const p of Object.keys(PRERENDERED_PAGES)) {
      for (const hint of [undefined, ...FRAME_ROLES.map(roleHintValue)]) expect(keys, `${p} ${hint}`).toContain(prerenderedDocumentKey(p, "", hint));
    }
    expect(prerenderedDocuments().find((d) => d.key === "/studio#ADMIN")?.title).toBe("Studio · HireXp");
    expect(documentVariesByRoleHint("/dashboard")).toBe(true);
    expect(documentVariesByRoleHint("/admin")).toBe(true);
    expect(documentVariesByRoleHint("/sign-in")).toBe(false);
    expect(documentVariesByRoleHint("/studio", "q=x")).toBe(false);
  });
});

describe("the Vite plugin", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  /** A tiny client: index.html, a script with a stylesheet, and a prerender module. */
  function client(prerenderModule: string): { root: string; outDir: string } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-prerender-"));
    dirs.push(root);
    fs.writeFileSync(path.join(root, "index.html"), `<!doctype html><html lang="en"><head><title>x</title></head><body><div id="root"></div><script type="module" src="/main.ts"></script></body></html>`);
    fs.writeFileSync(path.join(root, "main.ts"), `import "./style.css";\ndocument.title = "x";\n`);
    fs.writeFileSync(path.join(root, "style.css"), `.page{margin:0}\n.absent{margin:1px}\n`);
    fs.writeFileSync(path.join(root, "prerender.ts"), prerenderModule);
    return { root, outDir: path.join(root, "dist") };
  }
  const viteBuild = ({ root, outDir }: { root: string; outDir: string }) =>
    build({ configFile: false, root, logLevel: "silent", build: { outDir, manifest: true, emptyOutDir: true }, plugins: [prerenderPlugin({ entry: "/prerender.ts" })] });

  it("writes a document per page after the build", async () => {
    const c = client(`export function renderPage(url: string, role: string | null) { return '<main class="page">' + url + (role ? ' ' + role : '') + '</main>'; }`);
    await viteBuild(c);
    const out = JSON.parse(fs.readFileSync(path.join(c.outDir, PRERENDER_FILE), "utf8")) as PrerenderOutput;
    expect(Object.keys(out.pages).sort()).toEqual(prerenderedDocuments().map((d) => d.key).sort());
    expect(out.pages["/sign-in"]).toContain('<div id="root" data-prerendered="/sign-in"><main class="page">/sign-in</main></div>');
    // A role's document: that role's render, the page's title.
    expect(out.pages["/dashboard#COMPANY"]).toContain('<div id="root" data-prerendered="/dashboard"><main class="page">/dashboard COMPANY</main></div>');
    expect(out.pages["/dashboard#COMPANY"]).toContain("<title>Dashboard · HireXp</title>");
    expect(out.pages["/dashboard"]).toContain("<title>HireXp</title>");
    expect(out.pages["/"]).toMatch(/<style data-critical-css>\.page\{margin:0\}\s*<\/style>/);
  });

  it("fails the build when a page does not render", async () => {
    const c = client(`export function renderPage(url: string): string { throw new Error("cannot render " + url); }`);
    await expect(viteBuild(c)).rejects.toThrow(/prerendering failed[\s\S]*cannot render \//);
    expect(fs.existsSync(path.join(c.outDir, PRERENDER_FILE))).toBe(false);
  });

  it("fails the build when a page renders nothing", async () => {
    const c = client(`export function renderPage() { return ""; }`);
    await expect(viteBuild(c)).rejects.toThrow(/prerendering \/ gave no markup/);
  });
});
