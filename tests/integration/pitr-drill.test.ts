// Point-in-time recovery, proven: runs ops/pitr-drill.sh (npm run ops:pitr-drill), which
// builds a throwaway PostgreSQL 15 cluster with WAL archiving, takes a base backup, writes,
// marks a moment, makes a destructive mistake and recovers to the mark twice (by time and by
// restore point name), checking the rows before the mark present and after it absent.
// Needs the PostgreSQL server binaries, like the real-PostgreSQL suites: without them it is
// reported as skipped, unless REQUIRE_REAL_POSTGRES is set, which makes it fail instead.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const BIN = process.env.PG_BIN_DIR ?? "/usr/lib/postgresql/15/bin";
const missing = ["initdb", "pg_ctl", "pg_basebackup", "psql"].filter((t) => !fs.existsSync(path.join(BIN, t)));
const required = ["1", "true", "yes"].includes((process.env.REQUIRE_REAL_POSTGRES ?? "").toLowerCase());
const reason = missing.length ? `no ${missing.join(", ")} in ${BIN}` : null;

if (reason && required) {
  describe("point-in-time recovery drill [postgres]", () => {
    it("needs the PostgreSQL server binaries (REQUIRE_REAL_POSTGRES is set)", () => {
      throw new Error(`REQUIRE_REAL_POSTGRES=1 but ${reason} (apt-get install postgresql-15, or set PG_BIN_DIR)`);
    });
  });
} else {
  (reason ? describe.skip : describe)(`point-in-time recovery drill [postgres]${reason ? ` (skipped: ${reason})` : ""}`, () => {
    it("recovers a base backup + archived WAL to a marked time and to a named restore point: rows before present, after absent", { timeout: 600_000 }, async () => {
      const { stdout } = await run("bash", ["ops/pitr-drill.sh"], { env: { ...process.env, PG_BIN_DIR: BIN }, maxBuffer: 4 * 1024 * 1024 });
      console.log(stdout.trim());
      const marked = stdout.match(/marked at .* with (\d+):([0-9a-f]{32})/);
      expect(marked?.[1]).toBe("150");
      for (const target of ["target-time", "target-name"]) {
        expect(stdout).toContain(`${target}: PASS — ${marked![1]}:${marked![2]} present (as marked), 0 rows from after the mistake`);
      }
      expect(stdout).toMatch(/^pitr-drill: PASS: recovered to the marked time and to the named restore point/m);
      // Its temp folder is gone (it keeps it only on failure or with KEEP=1).
      const folder = stdout.match(/a throwaway cluster in (\S+),/)?.[1];
      expect(folder && fs.existsSync(folder)).toBe(false);
    });
  });
}
