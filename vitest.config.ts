// Two test projects: `node` (unit + integration, real databases) and `jsdom` (React
// components). Only the node project has the global setup, so a component-only run does
// not pay for the PGlite dump or the throwaway PostgreSQL cluster.
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

export default defineConfig({
  test: {
    // A 2-vCPU machine: two test files at a time. Each integration file holds an embedded
    // PGlite (~150 MB of WASM memory) or a real PostgreSQL database; more workers only thrash.
    maxWorkers: 2,
    // bcrypt cost 12 is ~0.25 s a hash and a test may make several; opening a database in a
    // hook takes 0.5-3 s, more while another worker is busy.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          environment: "node",
          include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
          globalSetup: ["tests/helpers/global-setup.ts"],
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: "jsdom",
          environment: "jsdom",
          include: ["tests/component/**/*.test.tsx"],
          setupFiles: ["tests/helpers/jsdom-setup.ts"],
        },
      },
    ],
  },
});
