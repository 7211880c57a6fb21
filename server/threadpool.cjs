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
