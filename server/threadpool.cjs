// Loaded first (node --require ./server/threadpool.cjs, see package.json): sizes libuv's thread
// pool before anything can start using it. The pool runs file reads and writes (static files,
// uploads, the log), zlib, DNS lookups and image work; bcrypt runs on threads of its own
// (server/auth/bcrypt-threads.ts). One thread per core plus a margin of 4, so that a few slow
// operations never hold up the rest.
// An explicit UV_THREADPOOL_SIZE (environment or .env) is kept.
"use strict";
const os = require("node:os");

const fs = require("node:fs");
const util = require("node:util");

// The app reads .env at start (server/main.ts), after this file has run: the setting read here
// is taken from it too (the real environment wins, as for every other setting).
let dotenv = {};
try {
  if (typeof util.parseEnv === "function") dotenv = util.parseEnv(fs.readFileSync(".env", "utf8"));
} catch {
  /* no .env */
}
const setting = (name) => process.env[name] || dotenv[name] || "";

if (!setting("UV_THREADPOOL_SIZE")) {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  process.env.UV_THREADPOOL_SIZE = String(Math.min(1024, Math.max(1, cores) + 4));
} else if (!process.env.UV_THREADPOOL_SIZE) {
  process.env.UV_THREADPOOL_SIZE = setting("UV_THREADPOOL_SIZE");
}

