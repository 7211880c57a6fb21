// The SPA's index.html, per page: the built file with hints that let the browser fetch, while
// it still parses the HTML, what the page will ask for next (issue 13's first page):
//
// - `auth.me`, which every page reads before it renders (the route guards and the header), as a
//   `<link rel="preload" as="fetch">` of the exact URL the tRPC client requests, so the answer is
//   on its way while the JavaScript downloads instead of after it ran;
// - for the signed-in pages people land on (each role's dashboard, the studio, the admin
//   console…), `<link rel="modulepreload">` of the route's lazy chunks (the signed-in frame and
//   the page) and their imports, from Vite's build manifest: without it they load one after the
//   other (entry → auth.me → frame chunk → page chunk → data).
//
// - for the prerendered pages (landing, sign-in, the dashboards: shared/prerender.ts), the
//   document the build rendered (`.vite/prerender.json`, tools/prerender.ts) instead of the empty
//   index.html: the page's markup and critical CSS, painted before any script runs. For the
//   signed-in pages with a frame per role, the one of the role hint cookie (decision 027).
//
// Nothing here is per person: the variants depend on the path and the role hint only (a public
// choice among public documents), so they are built once per build (index.html and the manifest
// are re-read when they change: a rebuilt client needs no restart) and compressed once. They are
// sent `no-cache` with an ETag, like the file itself.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { prerenderedDocumentKey } from "../shared/prerender.ts";
import { transformer } from "../shared/transformer.ts";

/** The part of Vite's `.vite/manifest.json` this reads. */
type ManifestChunk = { file: string; isEntry?: boolean; imports?: string[]; css?: string[] };
type Manifest = Record<string, ManifestChunk>;

/** The signed-in frame every app page renders in (client/app/app-shell-layout.tsx). */
const SHELL = "app/app-shell-layout.tsx";

/**
 * Pages whose chunks are worth fetching with the HTML: where people land (dashboards, the
 * studio, the admin console) and the pages linked from the dashboard's first cards. Keys are
 * client routes (client/lib/paths.ts), values the modules the router loads lazily for them
 * (client/app/router.tsx); tests/unit/spa-html.test.ts checks both against the client.
 */
export const ROUTE_MODULES: Record<string, string[]> = {
  "/dashboard": [SHELL, "features/dashboard/dashboard-page.tsx"],
  "/studio": [SHELL, "features/studio/studio-page.tsx"],
  "/admin": [SHELL, "features/admin/admin-dashboard-page.tsx"],
  "/admin/users": [SHELL, "features/admin/users-page.tsx"],
  "/admin/audit": [SHELL, "features/admin/audit-page.tsx"],
  "/practice": [SHELL, "features/practice/catalog-page.tsx"],
  "/jobs": [SHELL, "features/jobs/job-board-page.tsx"],
  "/settings/profile": [SHELL, "features/settings/profile-page.tsx"],
  "/settings/security": [SHELL, "features/settings/security-page.tsx"],
};

/** The URL the tRPC client (httpBatchLink, client/lib/trpc.ts) requests for `auth.me` on its own. */
export const AUTH_ME_URL = `/api/trpc/auth.me?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: transformer.serialize(undefined) }))}`;

export type SpaPage = { html: string; br: Buffer; gzip: Buffer; etag: string };

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The hints for one page: auth.me, then the route's chunks not already in index.html. */
export function pageHints(indexHtml: string, manifest: Manifest | null, pathname: string): string[] {
  // crossorigin (anonymous = same-origin credentials) matches the tRPC client's fetch(), so
  // Chrome hands the preloaded answer to it rather than fetching again.
  const hints = [`<link rel="preload" as="fetch" crossorigin href="${escapeAttr(AUTH_ME_URL)}">`];
  const modules = ROUTE_MODULES[pathname];
  if (!manifest || !modules) return hints;
  const seen = new Set<string>();
  const files: string[] = [];
  const css: string[] = [];
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk || chunk.isEntry) return; // the entry (index.html) and its imports are in the page already
    files.push(chunk.file);
    css.push(...(chunk.css ?? []));
    for (const next of chunk.imports ?? []) visit(next);
  };
  for (const m of modules) visit(m);
  for (const file of files) {
    const href = `/${file}`;
    if (!indexHtml.includes(`"${href}"`)) hints.push(`<link rel="modulepreload" crossorigin href="${escapeAttr(href)}">`);
  }
  for (const file of new Set(css)) {
    const href = `/${file}`;
    if (!indexHtml.includes(`"${href}"`)) hints.push(`<link rel="preload" as="style" crossorigin href="${escapeAttr(href)}">`);
  }
  return hints;
}

function compile(html: string): SpaPage {
  const body = Buffer.from(html, "utf8");
  return {
    html,
    br: zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
    gzip: zlib.gzipSync(body, { level: 9 }),
    etag: `"${crypto.createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
  };
}

/**
 * index.html for a page path (and query string, and the role hint cookie's value, whatever it
 * is), with its hints (see the top of this file): the prerendered document where there is one;
 * null when the built file has no `</head>` to put them before (then the file is served as it is).
 */
export function createSpaHtml(clientDir: string) {
  const indexFile = path.join(clientDir, "index.html");
  const manifestFile = path.join(clientDir, ".vite", "manifest.json");
  const prerenderFile = path.join(clientDir, ".vite", "prerender.json");
  let stamp = "";
  let indexHtml = "";
  let manifest: Manifest | null = null;
  let prerendered: Record<string, string> = {};
  let pages = new Map<string, SpaPage | null>();

  const statStamp = (file: string) => {
    try {
      const s = fs.statSync(file);
      return `${s.mtimeMs}:${s.size}`;
    } catch {
      return "-";
    }
  };

  return function pageFor(pathname: string, search = "", roleHint?: string | null): SpaPage | null {
    const now = `${statStamp(indexFile)}|${statStamp(manifestFile)}|${statStamp(prerenderFile)}`;
    if (now !== stamp) {
      stamp = now;
      pages = new Map();
      indexHtml = fs.readFileSync(indexFile, "utf8");
      try {
        manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
      } catch {
        manifest = null; // no manifest (a hand-made client folder): auth.me's hint only
      }
      try {
        prerendered = (JSON.parse(fs.readFileSync(prerenderFile, "utf8")) as { pages: Record<string, string> }).pages;
      } catch {
        prerendered = {}; // not prerendered (a hand-made client folder): the empty index.html
      }
    }
    const document = prerenderedDocumentKey(pathname, search, roleHint);
    const base = document && Object.hasOwn(prerendered, document) ? prerendered[document]! : indexHtml;
    // Every path without its own chunks or prerendered document shares one variant.
    const key = base !== indexHtml ? `prerendered:${document}` : pathname in ROUTE_MODULES ? pathname : "";
    if (!pages.has(key)) {
      const at = base.indexOf("</head>");
      pages.set(key, at === -1 ? null : compile(`${base.slice(0, at)}${pageHints(base, manifest, pathname).map((h) => `    ${h}\n`).join("")}  ${base.slice(at)}`));
    }
    return pages.get(key) ?? null;
  };
}
