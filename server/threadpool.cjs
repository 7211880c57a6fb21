// Loaded first (node --require ./server/threadpool.cjs, see package.json): sizes libuv's thread
// pool before anything can start using it. The pool runs bcrypt (@node-rs/bcrypt's async API),
// file reads (static files, uploads), zlib and DNS lookups; its default of 4 threads lets a login
// storm's hashes hold up every file read. It gets one thread per core for hashing (the bcrypt
// limiter in server/auth/password.ts never runs more at once) plus a margin of 4 for the rest.
// An explicit UV_THREADPOOL_SIZE is kept.
"use strict";
const os = require("node:os");

if (!process.env.UV_THREADPOOL_SIZE) {
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  process.env.UV_THREADPOOL_SIZE = String(Math.min(1024, Math.max(1, cores) + 4));
}

// The pool's threads run at the lowest CPU priority (nice 19; Linux, where nice is per thread):
// during a login storm its bcrypt hashes keep every core busy, and the event loop and PostgreSQL,
// at normal priority, then always go first — signed-in reads do not wait behind hashes, and the
// hashes still get every cycle nobody else needs. libuv starts all its threads on the first work
// queued; the threads that appear then are the pool's.
if (process.platform === "linux" && process.env.HIREXP_POOL_NICE !== "0") {
  const fs = require("node:fs");
  const tasks = () => {
    try {
      return fs.readdirSync("/proc/self/task");
    } catch {
      return [];
    }
  };
  const before = new Set(tasks());
  fs.stat(__filename, () => {
    for (const tid of tasks()) {
      if (before.has(tid)) continue;
      try {
        os.setPriority(Number(tid), 19);
      } catch {
        /* not permitted here: the pool keeps the default priority */
      }
    }
  });
}
