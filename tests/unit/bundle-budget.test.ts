// The first-page budget check (tools/bundle-budget.ts) that fails `vite build`: which chunks it
// counts (the entry and its static imports, not lazy ones) and how it sizes them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { initialChunks, measureInitialJs, type Manifest } from "../../tools/bundle-budget.ts";

const manifest: Manifest = {
  "main.tsx": { file: "assets/index-a.js", isEntry: true, imports: ["_react.js", "_ui.js"], dynamicImports: ["pages/admin.tsx"], css: ["assets/index-a.css"] },
  "_react.js": { file: "assets/react-b.js" },
  // Imported by the entry and by a lazy page: counted once.
  "_ui.js": { file: "assets/ui-c.js", imports: ["_react.js"] },
  // Lazy: a dynamic import of the entry, with a library only it uses.
  "pages/admin.tsx": { file: "assets/admin-d.js", imports: ["_ui.js", "_charts.js"] },
  "_charts.js": { file: "assets/charts-e.js" },
};

let dir = "";
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = "";
});

/** A built client in a temporary folder: the manifest and a file of `size` pseudo-random bytes per chunk. */
function writeBuild(sizes: Record<string, number>): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hx-budget-"));
  fs.mkdirSync(path.join(dir, ".vite"));
  fs.mkdirSync(path.join(dir, "assets"));
  fs.writeFileSync(path.join(dir, ".vite", "manifest.json"), JSON.stringify(manifest));
  let seed = 1;
  for (const chunk of Object.values(manifest)) {
    for (const file of [chunk.file, ...(chunk.css ?? [])]) {
      // Text that compresses somewhat, like code: random words from a small alphabet.
      const words = Array.from({ length: (sizes[file] ?? 100) / 8 }, () => {
        seed = (seed * 48271) % 2147483647;
        return seed.toString(36).slice(0, 7);
      });
      fs.writeFileSync(path.join(dir, file), words.join(" "));
    }
  }
  return dir;
}

describe("first-page budget", () => {
  it("counts the entry and the chunks it imports statically, each once, and no lazy chunk", () => {
    expect(initialChunks(manifest).sort()).toEqual(["_react.js", "_ui.js", "main.tsx"]);
    // From a lazy page: its own closure.
    expect(initialChunks(manifest, "pages/admin.tsx").sort()).toEqual(["_charts.js", "_react.js", "_ui.js", "pages/admin.tsx"]);
  });

  it("refuses a manifest without an entry or with a dangling import", () => {
    expect(() => initialChunks({ "a.js": { file: "a.js" } })).toThrow(/no entry/);
    expect(() => initialChunks({ "m.tsx": { file: "m.js", isEntry: true, imports: ["_gone.js"] } })).toThrow(/_gone\.js/);
  });

  it("sums the gzip size of the initial files and compares it with the budget", () => {
    const out = writeBuild({ "assets/index-a.js": 4000, "assets/react-b.js": 8000, "assets/ui-c.js": 2000, "assets/admin-d.js": 50_000, "assets/charts-e.js": 90_000 });
    const gz = (f: string) => zlib.gzipSync(fs.readFileSync(path.join(out, f)), { level: 9 }).length;
    const expected = gz("assets/index-a.js") + gz("assets/react-b.js") + gz("assets/ui-c.js");

    const within = measureInitialJs(out, expected);
    expect(within.files.map((f) => f.file).sort()).toEqual(["assets/index-a.js", "assets/react-b.js", "assets/ui-c.js"]);
    expect(within.totalGzipBytes).toBe(expected);
    expect(within.cssGzipBytes).toBe(gz("assets/index-a.css"));
    expect(within.withinBudget).toBe(true);

    // One byte less budget: over. The lazy chunks (140 KB) never counted.
    const over = measureInitialJs(out, expected - 1);
    expect(over.withinBudget).toBe(false);
  });

  it("says so when the build has no manifest", () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hx-budget-"));
    expect(() => measureInitialJs(dir)).toThrow(/manifest\.json is missing/);
  });
});
