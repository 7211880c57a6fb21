// index.html per page (server/spa-html.ts): the auth.me preload and the route's lazy chunks as
// modulepreload hints, from a build manifest shaped like Vite's.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { paths } from "../../client/lib/paths.ts";
import { AUTH_ME_URL, createSpaHtml, pageHints, ROUTE_MODULES } from "../../server/spa-html.ts";

const INDEX = `<!doctype html><html><head><title>HireXp</title>
<script type="module" crossorigin src="/assets/index-A.js"></script>
<link rel="modulepreload" crossorigin href="/assets/react-B.js">
</head><body><div id="root"></div></body></html>`;
const MANIFEST = {
  "index.html": { file: "assets/index-A.js", isEntry: true, imports: ["_react-B.js"] },
  "_react-B.js": { file: "assets/react-B.js" },
  "_Menu-C.js": { file: "assets/Menu-C.js", imports: ["_react-B.js"] },
  "app/app-shell-layout.tsx": { file: "assets/app-shell-layout-D.js", imports: ["index.html", "_react-B.js", "_Menu-C.js"] },
  "features/dashboard/dashboard-page.tsx": { file: "assets/dashboard-page-E.js", imports: ["index.html", "_Menu-C.js"], css: ["assets/dashboard-F.css"] },
  "features/studio/studio-page.tsx": { file: "assets/studio-page-G.js", imports: ["index.html"] },
};

/** A built client folder: INDEX, MANIFEST and these prerendered documents (prerender.json). */
function builtClient(prerendered: Record<string, string>): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-spa-html-pre-"));
  fs.writeFileSync(path.join(d, "index.html"), INDEX);
  fs.mkdirSync(path.join(d, ".vite"));
  fs.writeFileSync(path.join(d, ".vite", "manifest.json"), JSON.stringify(MANIFEST));
  fs.writeFileSync(path.join(d, ".vite", "prerender.json"), JSON.stringify({ pages: prerendered }));
  return d;
}

describe("index.html per page", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-spa-html-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("preloads auth.me on every page, with the URL the tRPC client requests", () => {
    // httpBatchLink: /api/trpc/<path>?batch=1&input=<{"0": superjson(undefined)}>
    expect(AUTH_ME_URL).toBe("/api/trpc/auth.me?batch=1&input=" + encodeURIComponent('{"0":{"json":null,"meta":{"values":["undefined"],"v":1}}}'));
    for (const p of ["/", "/sign-in", "/no/such/page"]) {
      const hints = pageHints(INDEX, MANIFEST, p);
      expect(hints, p).toEqual([`<link rel="preload" as="fetch" crossorigin href="${AUTH_ME_URL.replace(/&/g, "&amp;")}">`]);
    }
  });

  it("adds the route's chunks and their imports once, not the entry's", () => {
    const hints = pageHints(INDEX, MANIFEST, "/dashboard");
    expect(hints.slice(1)).toEqual([
      '<link rel="modulepreload" crossorigin href="/assets/app-shell-layout-D.js">',
      '<link rel="modulepreload" crossorigin href="/assets/Menu-C.js">',
      '<link rel="modulepreload" crossorigin href="/assets/dashboard-page-E.js">',
      '<link rel="preload" as="style" crossorigin href="/assets/dashboard-F.css">',
    ]);
    expect(pageHints(INDEX, MANIFEST, "/studio").slice(1)).toEqual([
      '<link rel="modulepreload" crossorigin href="/assets/app-shell-layout-D.js">',
      '<link rel="modulepreload" crossorigin href="/assets/Menu-C.js">',
      '<link rel="modulepreload" crossorigin href="/assets/studio-page-G.js">',
    ]);
    // Without a manifest, auth.me only.
    expect(pageHints(INDEX, null, "/dashboard")).toHaveLength(1);
  });

  it("builds each page once, puts the hints in <head>, and re-reads a rebuilt client", () => {
    fs.writeFileSync(path.join(dir, "index.html"), INDEX);
    fs.mkdirSync(path.join(dir, ".vite"));
    fs.writeFileSync(path.join(dir, ".vite", "manifest.json"), JSON.stringify(MANIFEST));
    const pageFor = createSpaHtml(dir);
    const dashboard = pageFor("/dashboard")!;
    expect(dashboard.html).toContain('<link rel="modulepreload" crossorigin href="/assets/dashboard-page-E.js">');
    expect(dashboard.html).toMatch(/<link rel="preload" as="style" crossorigin href="\/assets\/dashboard-F\.css">\s*<\/head>/);
    expect(pageFor("/dashboard")).toBe(dashboard);
    // Pages without chunks of their own share one variant, different from the dashboard's.
    expect(pageFor("/sign-in")).toBe(pageFor("/verify-email"));
    expect(pageFor("/sign-in")!.etag).not.toBe(dashboard.etag);
    fs.writeFileSync(path.join(dir, "index.html"), INDEX.replace("HireXp", "HireXp 2"));
    const rebuilt = pageFor("/dashboard")!;
    expect(rebuilt.html).toContain("HireXp 2");
    expect(rebuilt.etag).not.toBe(dashboard.etag);
    // A file without <head>: served as it is.
    fs.writeFileSync(path.join(dir, "index.html"), "<!doctype html><div id=root></div>");
    expect(pageFor("/dashboard")).toBeNull();
  });

  it("names client routes and modules that exist", () => {
    const routes = new Set<string>(Object.values(paths));
    const router = fs.readFileSync(path.resolve(import.meta.dirname, "../../client/app/router.tsx"), "utf8");
    for (const [route, modules] of Object.entries(ROUTE_MODULES)) {
      expect(routes.has(route), route).toBe(true);
      for (const m of modules) {
        expect(fs.existsSync(path.resolve(import.meta.dirname, "../../client", m)), m).toBe(true);
        // The router loads it lazily (a static import would already be in the entry).
        expect(router.includes(`import("./${path.basename(m)}")`) || router.includes(`import("../${m}")`), m).toBe(true);
      }
    }
  });

  it("serves the prerendered document of a prerendered page, with its hints, unless the query changes the page", () => {
    const pre = (p: string) => INDEX.replace('<div id="root"></div>', `<div id="root" data-prerendered="${p}"><h1>${p}</h1></div>`);
    const d = builtClient({ "/": pre("/"), "/sign-in": pre("/sign-in"), "/dashboard": pre("/dashboard") });
    try {
      const pageFor = createSpaHtml(d);
      const signIn = pageFor("/sign-in", "next=%2Fpractice")!;
      expect(signIn.html).toContain('<div id="root" data-prerendered="/sign-in"><h1>/sign-in</h1></div>');
      expect(signIn.html).toMatch(/<link rel="preload" as="fetch" crossorigin href="[^"]+">\s*<\/head>/);
      expect(pageFor("/sign-in")).toBe(signIn);
      expect(pageFor("/")!.html).toContain('data-prerendered="/"><h1>/</h1>');
      // A prerendered dashboard keeps its route's hints.
      const dashboard = pageFor("/dashboard")!.html;
      expect(dashboard).toContain('data-prerendered="/dashboard"');
      expect(dashboard).toContain('<link rel="modulepreload" crossorigin href="/assets/dashboard-page-E.js">');
      // A query that changes the first render, or a page that is not prerendered: the plain file.
      expect(pageFor("/sign-in", "signed-out=1")!.html).toContain('<div id="root"></div>');
      expect(pageFor("/sign-up")!.html).toContain('<div id="root"></div>');
      // A new build without prerendered pages: the plain file again.
      fs.rmSync(path.join(d, ".vite", "prerender.json"));
      expect(pageFor("/sign-in")!.html).toContain('<div id="root"></div>');
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it("serves a signed-in page's frame by the role hint cookie, the generic frame without a usable one (decision 027)", () => {
    const pre = (p: string, role: string) => INDEX.replace('<div id="root"></div>', `<div id="root" data-prerendered="${p}"><p>${p} for ${role}</p></div>`);
    const pages = Object.fromEntries(
      ["/dashboard", "/dashboard#TRAINEE", "/dashboard#COMPANY", "/studio", "/studio#INSTRUCTOR", "/studio#ADMIN"].map((key) => {
        const [p, role = "nobody"] = key.split("#") as [string, string?];
        return [key, pre(p, role)];
      }),
    );
    const d = builtClient(pages);
    try {
      const pageFor = createSpaHtml(d);
      expect(pageFor("/dashboard", "", "trainee")!.html).toContain("<p>/dashboard for TRAINEE</p>");
      expect(pageFor("/dashboard", "", "company")!.html).toContain("<p>/dashboard for COMPANY</p>");
      // Each keeps the route's hints; each is built once.
      expect(pageFor("/dashboard", "", "company")!.html).toContain('<link rel="modulepreload" crossorigin href="/assets/dashboard-page-E.js">');
      expect(pageFor("/dashboard", "", "company")).toBe(pageFor("/dashboard", "", "company"));
      expect(pageFor("/dashboard", "", "company")!.etag).not.toBe(pageFor("/dashboard", "", "trainee")!.etag);
      // No hint or a forged one: the generic frame.
      for (const hint of [undefined, "", "TRAINEE", "root", "<script>"]) expect(pageFor("/dashboard", "", hint)!.html, String(hint)).toContain("<p>/dashboard for nobody</p>");
      // The studio is the instructor's by path; an admin's hint gets the admin's frame of it; a trainee's the generic one.
      expect(pageFor("/studio")!.html).toContain("<p>/studio for INSTRUCTOR</p>");
      expect(pageFor("/studio", "", "forged")!.html).toContain("<p>/studio for INSTRUCTOR</p>");
      expect(pageFor("/studio", "", "admin")!.html).toContain("<p>/studio for ADMIN</p>");
      expect(pageFor("/studio", "", "trainee")!.html).toContain("<p>/studio for nobody</p>");
      // A document the build did not write (an older build): the plain file.
      expect(pageFor("/dashboard", "", "admin")!.html).toContain('<div id="root"></div>');
      // A page without frames ignores the hint.
      expect(pageFor("/sign-up", "", "trainee")).toBe(pageFor("/sign-up"));
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
