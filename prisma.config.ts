// Prisma CLI configuration. `engine: "js"` + a driver adapter means generate and
// migrate dev need no engine download (see docs/decisions/001-prisma-6-js-engine.md).
// Migrations are generated against a throw-away in-memory PGlite (`prisma migrate dev`
// only); the app applies committed migrations itself at start (server/db/migrate.ts).
import path from "node:path";
import { defineConfig } from "prisma/config";

// generate tries to download an engine when DATABASE_URL is unset; the URL is not used.
process.env.DATABASE_URL ??= "postgresql://placeholder@localhost:5432/placeholder";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const { PGlite } = await import("@electric-sql/pglite");
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    // In memory: each run replays the committed migrations, then diffs against the schema.
    return new PrismaPGlite(new PGlite({ extensions: { pg_trgm } }));
  },
});
