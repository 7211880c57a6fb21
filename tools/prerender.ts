// Prerendering at build time (docs/decisions/026-prerendered-first-pages.md): the pages of
// shared/prerender.ts are rendered to HTML by client/prerender.tsx and written, as whole
// documents, to `.vite/prerender.json` in the built client. server/spa-html.ts serves them (with
// its hints) instead of the empty index.html; the browser paints them before any script runs and
// React hydrates them (client/main.tsx).
//
// Each document carries the CSS its markup needs inline (the rules of the built stylesheet whose
// selectors match an element of the page, in their order) and loads the full stylesheet as
// `media="print"`, which does not block rendering; main.tsx applies it to all media once the
// JavaScript runs. Run after `vite build` by the `hirexp-prerender` plugin in vite.config.ts: an
// error here (a page that does not render, a missing stylesheet) fails the build.
import fs from "node:fs";
import path from "node:path";
import { JSDOM } from "jsdom";
import postcss, { type AtRule, type ChildNode, type Container, type Root } from "postcss";
import react from "@vitejs/plugin-react";
import { createServer, type Plugin } from "vite";
import { PRERENDERED_PAGES, prerenderedDocuments, type FrameRole } from "../shared/prerender.ts";
import type { Manifest } from "./bundle-budget.ts";

/** Where the documents go, relative to the built client. */
export const PRERENDER_FILE = path.join(".vite", "prerender.json");

/** `.vite/prerender.json`: a whole HTML document per prerendered path, and per path and role (`/studio#INSTRUCTOR`, see shared/prerender.ts). */
export type PrerenderOutput = { pages: Record<string, string> };

/** Renders a page as it is before `auth.me` answers: for nobody, or the frame of a role's page (decision 027). */
export type RenderPage = (url: string, role: FrameRole | null) => string | Promise<string>;

// Pseudo-classes of a state the first paint does not have (hover, focus…) and pseudo-elements:
// taken out of a selector before it is matched against the page, so that `.x:hover` is kept
// when `.x` is on the page.
const DYNAMIC_PSEUDO =
  /::?(?:hover|focus-visible|focus-within|focus|active|visited|link|target|autofill|placeholder-shown|placeholder|selection|before|after|first-letter|first-line|marker|backdrop|file-selector-button|(?:-webkit-|-moz-|-ms-)[\w-]+)(?:\([^()]*\))?/g;

function selectorMatches(document: Document, selector: string): boolean {
  let s = selector.replace(DYNAMIC_PSEUDO, "").trim();
  if (/[>+~]$/.test(s)) s += " *";
  if (!s) return true; // only pseudo-elements of anything (`::before`)
  try {
    return document.querySelector(s) !== null;
  } catch {
    return true; // a selector the matcher does not know (`:host`…): kept, to be safe
  }
}

/**
 * The rules of `css` that can apply to the document's elements, in their order, inside their
 * at-rules (@media, @supports, @layer); @keyframes only when a kept rule names them.
 */
export function criticalCss(css: string, document: Document): string {
  const root: Root = postcss.parse(css);
  const prune = (container: Container<ChildNode>) => {
    container.each((node) => {
      if (node.type === "rule") {
        if (!node.selectors.some((sel) => selectorMatches(document, sel))) node.remove();
      } else if (node.type === "atrule") {
        const at = node as AtRule;
        const name = at.name.toLowerCase();
        if (/^(media|supports|layer|container|scope|document)$/.test(name) && at.nodes) {
          prune(at as Container<ChildNode>);
          if (at.nodes.length === 0) at.remove();
        }
      }
    });
  };
  prune(root);
  pruneCustomProperties(root, document);
  const kept = root.toString();
  root.walkAtRules(/keyframes$/i, (at) => {
    // The name is used in an `animation` (or `animation-name`) of a kept rule, or not at all.
    const used = new RegExp(`animation[\\w-]*\\s*:[^;}]*\\b${at.params.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`).test(kept.replace(at.toString(), ""));
    if (!used) at.remove();
  });
  root.walkComments((c) => void c.remove());
  return root.toString();
}

const VAR_REF = /var\(\s*(--[\w-]+)/g;

/**
 * Drops the custom properties (`--x: …`) that nothing on the page uses: not a kept declaration,
 * not an inline style or a `<style>` of the markup (Mantine's), not another property that is used.
 * Mantine defines several hundred on `:root`; the page uses a fraction of them.
 */
function pruneCustomProperties(root: Root, document: Document): void {
  const used = new Set<string>();
  const definitions = new Map<string, string[]>();
  const refsOf = (text: string) => [...text.matchAll(VAR_REF)].map((m) => m[1]!);
  const pending: string[] = [];
  const use = (name: string) => {
    if (!used.has(name)) {
      used.add(name);
      pending.push(name);
    }
  };
  root.walkDecls((decl) => {
    if (decl.prop.startsWith("--")) definitions.set(decl.prop, [...(definitions.get(decl.prop) ?? []), decl.value]);
    else refsOf(decl.value).forEach(use);
  });
  for (const el of document.querySelectorAll("[style]")) refsOf(el.getAttribute("style") ?? "").forEach(use);
  for (const el of document.querySelectorAll("style")) refsOf(el.textContent ?? "").forEach(use);
  while (pending.length > 0) {
    for (const value of definitions.get(pending.pop()!) ?? []) refsOf(value).forEach(use);
  }
  root.walkDecls(/^--/, (decl) => {
    if (!used.has(decl.prop)) decl.remove();
  });
  root.walkRules((rule) => {
    if (rule.nodes.length === 0) rule.remove();
  });
  root.walkAtRules((at) => {
    if (at.nodes && at.nodes.length === 0) at.remove();
  });
}

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
const escapeText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/**
 * The built index.html with the page's markup in #root (marked `data-prerendered` with its path),
 * its title, Mantine's light scheme on <html>, and each entry stylesheet as critical CSS inline
 * plus the full file as `media="print" data-deferred-css`.
 */
export function prerenderDocument(indexHtml: string, pathname: string, markup: string, stylesheets: Map<string, string>, title?: string): string {
  const page = PRERENDERED_PAGES[pathname];
  if (!page) throw new Error(`${pathname} is not a prerendered page (shared/prerender.ts)`);
  if (!indexHtml.includes('<div id="root"></div>')) throw new Error('the built index.html has no empty <div id="root"></div>');
  let html = indexHtml
    .replace(/<html\b([^>]*)>/, (_, attrs: string) => `<html${attrs} data-mantine-color-scheme="light">`)
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeText(title ?? page.title)}</title>`)
    .replace('<div id="root"></div>', `<div id="root" data-prerendered="${escapeAttr(pathname)}">${markup}</div>`);
  // The page paints without its scripts: they load at low priority, after what the paint needs
  // (the document; nothing else blocks it) — on a phone's connection they would otherwise be
  // first in line. They hydrate the page when they arrive.
  html = html
    .replace(/<script type="module"(?![^>]*fetchpriority)/g, '<script type="module" fetchpriority="low"')
    .replace(/<link rel="modulepreload"(?![^>]*fetchpriority)/g, '<link rel="modulepreload" fetchpriority="low"');
  const dom = new JSDOM(html);
  const links = [...html.matchAll(/<link rel="stylesheet"([^>]*) href="([^"]+)"([^>]*)>/g)];
  if (links.length === 0) throw new Error("the built index.html links no stylesheet");
  for (const [tag, before, href, after] of links) {
    const css = stylesheets.get(href!);
    if (css === undefined) throw new Error(`no stylesheet ${href} in the build`);
    const critical = criticalCss(css, dom.window.document).replace(/<\/style/gi, "<\\/style");
    html = html.replace(tag, `<style data-critical-css>${critical}</style>\n    <link rel="stylesheet"${before} href="${href}"${after} media="print" data-deferred-css>`);
  }
  dom.window.close();
  return html;
}

/** Renders every page of shared/prerender.ts into the built client at `outDir` (see the top of this file). */
export async function prerender(outDir: string, render: RenderPage): Promise<PrerenderOutput> {
  const indexHtml = fs.readFileSync(path.join(outDir, "index.html"), "utf8");
  const manifest = JSON.parse(fs.readFileSync(path.join(outDir, ".vite", "manifest.json"), "utf8")) as Manifest;
  const stylesheets = new Map<string, string>();
  for (const chunk of Object.values(manifest)) {
    for (const file of chunk.css ?? []) stylesheets.set(`/${file}`, fs.readFileSync(path.join(outDir, file), "utf8"));
  }
  const pages: Record<string, string> = {};
  for (const doc of prerenderedDocuments()) {
    const markup = await render(doc.path, doc.role);
    if (!markup.trim()) throw new Error(`prerendering ${doc.key} gave no markup`);
    pages[doc.key] = prerenderDocument(indexHtml, doc.path, markup, stylesheets, doc.title);
  }
  const output: PrerenderOutput = { pages };
  fs.writeFileSync(path.join(outDir, PRERENDER_FILE), JSON.stringify(output));
  return output;
}

/**
 * The Vite plugin: after a client build, loads `entry` (a module of the client's root exporting
 * `renderPage(url, role)`) through Vite's SSR loader — the app's own source, as the browser gets it —
 * and prerenders into the build's output folder. Any error fails the build.
 */
export function prerenderPlugin({ entry = "/prerender.tsx" }: { entry?: string } = {}): Plugin {
  let outDir = "";
  let root = "";
  return {
    name: "hirexp-prerender",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      root = config.root;
    },
    async closeBundle() {
      const loader = await createServer({
        configFile: false,
        root,
        logLevel: "error",
        appType: "custom",
        plugins: [react()],
        server: { middlewareMode: true, hmr: false, ws: false, watch: null },
      });
      try {
        const mod = (await loader.ssrLoadModule(entry)) as { renderPage?: RenderPage };
        if (typeof mod.renderPage !== "function") throw new Error(`${entry} exports no renderPage(url, role)`);
        const { pages } = await prerender(outDir, mod.renderPage);
        this.info(`prerendered ${Object.keys(pages).join(", ")}`);
      } catch (error) {
        this.error(`prerendering failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      } finally {
        await loader.close();
      }
    },
  };
}
