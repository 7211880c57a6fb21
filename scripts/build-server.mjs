// Bundles the server ahead of time (npm run build:server → dist-server/main.js and
// dist-server/harper-worker.js), packages included, so that `npm start` loads one file instead
// of resolving and compiling several hundred modules (docs/decisions/028-one-file-server.md).
//
// Left out of the bundle, loaded from node_modules at run time:
// - the database stack: Prisma's runtime loads its query compiler (WebAssembly) from beside
//   itself, PGlite its .wasm and .data files; @prisma/adapter-pg checks `instanceof pg.Pool`,
//   so pg must be the one copy our code and the adapter share;
// - native addons (@node-rs/bcrypt, sharp) and harper.js (its WebAssembly file).
// Packages the server loads on first use through createRequire (wink-nlp, zxcvbn, the word
// frequencies, redoc) are not seen by esbuild and stay in node_modules as well.
//
// Usage: node scripts/build-server.mjs [outdir]   (default dist-server)
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const EXTERNAL = [
  "@prisma/*",
  "@electric-sql/*",
  "pglite-prisma-adapter",
  "pg",
  "pg-native",
  "@node-rs/*",
  "sharp",
  "harper.js",
];

export async function buildServer(outdir = "dist-server") {
  await build({
    entryPoints: ["server/main.ts", "server/services/evaluation/harper-worker.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: EXTERNAL,
    // The bundled CommonJS packages call require() for Node's own modules.
    banner: { js: 'import { createRequire as __hirexpCreateRequire } from "node:module"; const require = __hirexpCreateRequire(import.meta.url);' },
    // Not minified: stack traces keep the functions' names, and each module starts with a
    // `// server/….ts` comment. The map (without the sources' text) maps a line back to the
    // source for whoever runs with --enable-source-maps.
    sourcemap: true,
    sourcesContent: false,
    outdir,
    entryNames: "[name]",
    logLevel: "warning",
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServer(process.argv[2]);
}
