// The project folder (the one holding package.json), found from where this module runs: the same
// from server/*.ts under tsx and from the ahead-of-time bundle dist-server/main.js, so files the
// server reads (migrations, the content library, the built SPA) resolve in both.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
