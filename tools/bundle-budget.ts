// The first-page budget: the JavaScript a browser must download before the sign-in page (or the
// landing page) can render — the entry chunk and every chunk it imports statically, as Vite's
// build manifest lists them — compressed with gzip as the server sends it. Lazy chunks (dynamic
// imports) are not counted: they load only on the pages that use them.
//
// Run after `vite build` by the `bundle-budget` plugin in vite.config.ts, which fails the build
// when the total exceeds the budget; `npx tsx tools/bundle-budget.ts` prints the figures for the
// last build. See docs/decisions/020-lazy-routes-and-aot-server.md.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

/** The sign-in route's initial JavaScript may not exceed this (issue 13: 180 KB gzip). */
export const INITIAL_JS_BUDGET_BYTES = 180 * 1024;

/** The part of Vite's `.vite/manifest.json` this reads. */
export type ManifestChunk = { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[]; css?: string[] };
export type Manifest = Record<string, ManifestChunk>;

/** The manifest keys of the entry chunk and of every chunk reachable from it by static imports (each once). */
export function initialChunks(manifest: Manifest, entryKey?: string): string[] {
  const entry = entryKey ?? Object.keys(manifest).find((k) => manifest[k]?.isEntry);
  if (!entry || !manifest[entry]) throw new Error(`the build manifest has no entry chunk${entryKey ? ` "${entryKey}"` : ""}`);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the build manifest names "${key}" as an import but has no such chunk`);
    seen.add(key);
    for (const next of chunk.imports ?? []) visit(next);
  };
  visit(entry);
  return [...seen];
}

export type BudgetReport = {
  files: { file: string; bytes: number; gzipBytes: number }[];
  /** Initial JavaScript, gzip. */
  totalGzipBytes: number;
  /** Render-blocking CSS of the same chunks, gzip (reported, not budgeted). */
  cssGzipBytes: number;
  budgetBytes: number;
  withinBudget: boolean;
};

function gzipSize(buf: Buffer): number {
  // Level 9, as the build's precompressed .gz copies (vite-plugin-compression2) that the server sends.
  return zlib.gzipSync(buf, { level: 9 }).length;
}

/** Measures the initial JavaScript of a built client (the folder holding index.html and .vite/). */
export function measureInitialJs(outDir: string, budgetBytes = INITIAL_JS_BUDGET_BYTES): BudgetReport {
  const manifestPath = path.join(outDir, ".vite", "manifest.json");
  if (!fs.existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: build with build.manifest = true`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as Manifest;
  const keys = initialChunks(manifest);
  const files = keys.map((k) => {
    const file = manifest[k]!.file;
    const buf = fs.readFileSync(path.join(outDir, file));
    return { file, bytes: buf.length, gzipBytes: gzipSize(buf) };
  });
  const css = [...new Set(keys.flatMap((k) => manifest[k]!.css ?? []))];
  const cssGzipBytes = css.reduce((sum, f) => sum + gzipSize(fs.readFileSync(path.join(outDir, f))), 0);
  const totalGzipBytes = files.reduce((sum, f) => sum + f.gzipBytes, 0);
  return { files, totalGzipBytes, cssGzipBytes, budgetBytes, withinBudget: totalGzipBytes <= budgetBytes };
}

export function formatReport(r: BudgetReport): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  return [
    `initial JavaScript of the first page (entry + static imports), gzip: ${kb(r.totalGzipBytes)} of a ${kb(r.budgetBytes)} budget${r.withinBudget ? "" : " — OVER BUDGET"}`,
    ...r.files.map((f) => `  ${f.file}  ${kb(f.bytes)} → ${kb(f.gzipBytes)} gzip`),
    `  render-blocking CSS: ${kb(r.cssGzipBytes)} gzip`,
  ].join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = measureInitialJs(path.resolve(process.argv[2] ?? "dist/client"));
  console.log(formatReport(report));
  if (!report.withinBudget) process.exitCode = 1;
}
