// Vite builds the SPA in client/ into dist/client, which the Fastify server serves.
// In development `npm run dev:client` serves the SPA with hot reload and forwards API and
// health requests to the server on :3000.
//
// The server checks the Origin of every mutation against APP_URL (CSRF), and mail links
// point at APP_URL. When you work through this dev server, start the API with
// APP_URL=http://localhost:5173 so both match what the browser sees.
//
// A build writes a brotli (.br) and a gzip (.gz) copy beside every text file; the server sends
// them to browsers that accept them (server/app.ts). Source maps: `vite build` runs with
// NODE_ENV=production unless you set another, and a production build has none (the server also
// never serves .map files in production). `NODE_ENV=development npm run build` keeps them.
import path from "node:path";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import { compression } from "vite-plugin-compression2";
import { formatReport, measureInitialJs } from "./tools/bundle-budget.ts";
import { prerenderPlugin } from "./tools/prerender.ts";

// After the build, tools/prerender.ts renders the landing and sign-in pages to HTML
// (docs/decisions/026-prerendered-first-pages.md); a page that fails to render fails the build.

// Fails the build when the first page's JavaScript (entry chunk + its static imports, gzip)
// exceeds the budget in tools/bundle-budget.ts (issue 13: 180 KB).
function bundleBudget(): Plugin {
  let outDir = "";
  return {
    name: "hirexp-bundle-budget",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const report = measureInitialJs(outDir);
      this.info(formatReport(report));
      if (!report.withinBudget) this.error(`first-page JavaScript budget exceeded:\n${formatReport(report)}`);
    },
  };
}

// The server listens on 127.0.0.1 in development (HOST).
const api = process.env.API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  root: "client",
  plugins: [react(), compression({ algorithms: ["brotliCompress", "gzip"], threshold: 1024 }), bundleBudget(), prerenderPlugin()],
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    // .vite/manifest.json: which chunks the entry imports statically (tools/bundle-budget.ts).
    manifest: true,
    sourcemap: process.env.NODE_ENV !== "production",
    rolldownOptions: {
      output: {
        // Libraries change less often than our code: separate chunks stay cached across releases.
        // Only libraries every page needs are grouped; the rest (Mantine's components, zod, charts,
        // Markdown) is split by where it is used, so a lazy page's libraries stay in lazy chunks.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            { name: "data", test: /node_modules[\\/](@tanstack|@trpc|superjson|copy-anything|is-what)[\\/]/ },
            // Mantine's core (provider, Box, styles API) and the few components and hooks the first
            // pages render: one chunk instead of ten small ones. Each request costs a round trip on
            // HTTP/1.1 and on a phone, more than these bytes do (Lighthouse's mobile preset).
            {
              name: "mantine",
              test: /node_modules[\\/]@mantine[\\/](core[\\/]esm[\\/](core|utils|components[\\/](Stack|Loader|Input|Alert|CloseButton|Transition|Text))|hooks[\\/]esm[\\/](use-id|use-isomorphic-effect|use-reduced-motion|use-did-update|use-merged-ref))[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      "/api": { target: api },
      "/healthz": { target: api },
      "/readyz": { target: api },
      "/auth": { target: api },
    },
  },
  preview: {
    port: 4173,
  },
});
