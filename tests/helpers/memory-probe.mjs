// Preloaded into an app process by tests (node --expose-gc --import this file): on SIGUSR2 it
// collects garbage and prints one JSON line {"memprobe":{rss,heapUsed,…}} on stdout, so a
// test can read the app's memory after GC from outside. Never used in production.
process.on("SIGUSR2", () => {
  for (let i = 0; i < 3; i++) globalThis.gc?.();
  process.stdout.write(`${JSON.stringify({ memprobe: { ...process.memoryUsage(), gc: typeof globalThis.gc === "function" } })}\n`);
});
