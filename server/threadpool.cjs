// Loaded first (node --require ./server/threadpool.cjs, see package.json): sizes libuv's thread
// pool before anything can start using it. The pool runs bcrypt (@node-rs/bcrypt's async API),
// file reads (static files, uploads), zlib and DNS lookups; its default of 4 threads lets a login
// storm's hashes hold up every file read. It gets one thread per core for hashing (the bcrypt
// limiter in server/auth/password.ts never runs more at once) plus a margin of 4 for the rest.
// An explicit UV_THREADPOOL_SIZE (environment or .env) is kept.
"use strict";
const os = require("node:os");

const fs = require("node:fs");
const util = require("node:util");

// The app reads .env at start (server/main.ts), after this file has run: the two settings read
// here are taken from it too (the real environment wins, as for every other setting).
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

// The pool's threads run at the lowest CPU priority (nice 19; Linux, where nice is per thread):
// during a login storm its bcrypt hashes keep every core busy, and the event loop (and whatever
// else of this process's scheduling group runs at normal priority) then always goes first —
// signed-in reads do not wait behind hashes, and the hashes still get every cycle nobody else
// needs. libuv starts all its threads at once, on the first work queued: pbkdf2 always runs on
// the pool (a file operation may go through io_uring instead), and the threads that appear
// then are the pool's — if exactly the pool's size appeared. Otherwise (something used the pool
// before this file ran, or started a thread meanwhile) nothing is changed, and it says so.
// HIREXP_POOL_NICE=0 (or false/off) leaves the pool at normal priority.
// (Preloads also run in worker threads, e.g. a module-hooks thread: only the main thread does it.)
if (process.platform === "linux" && require("node:worker_threads").isMainThread && !["0", "false", "off"].includes(setting("HIREXP_POOL_NICE").toLowerCase())) {
  const tasks = () => {
    try {
      return fs.readdirSync("/proc/self/task");
    } catch {
      return [];
    }
  };
  const before = new Set(tasks());
  require("node:crypto").pbkdf2("", "", 1, 1, "sha1", () => {
    const started = tasks().filter((tid) => !before.has(tid));
    if (started.length !== Number(process.env.UV_THREADPOOL_SIZE)) {
      process.stderr.write(
        `threadpool.cjs: ${started.length} new threads, not the pool's ${process.env.UV_THREADPOOL_SIZE}: libuv's pool keeps normal priority ` +
          `(load ./server/threadpool.cjs first, before anything uses the pool)\n`,
      );
      return;
    }
    for (const tid of started) {
      try {
        os.setPriority(Number(tid), 19);
      } catch {
        /* not permitted here: the pool keeps the default priority */
      }
    }
  });
}
