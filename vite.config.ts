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
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { compression } from "vite-plugin-compression2";

// The server listens on 127.0.0.1 in development (HOST).
const api = process.env.API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  root: "client",
  plugins: [react(), compression({ algorithms: ["brotliCompress", "gzip"], threshold: 1024 })],
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    sourcemap: process.env.NODE_ENV !== "production",
    rolldownOptions: {
      output: {
        // Libraries change less often than our code: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            { name: "mantine", test: /node_modules[\\/](@mantine|@floating-ui|react-remove-scroll[^\\/]*|react-transition-group|react-number-format|use-sidecar|use-callback-ref|react-style-singleton|get-nonce|detect-node-es|tslib|clsx)[\\/]/ },
            { name: "data", test: /node_modules[\\/](@tanstack|@trpc|superjson|copy-anything|is-what|zod)[\\/]/ },
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
