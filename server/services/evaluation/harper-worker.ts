// The grammar checker's worker thread (started by runHarperOnWorkerThread() in ./harper.ts):
// harper's WebAssembly setup and lints run here, off the app's event loop.
import { parentPort } from "node:worker_threads";
import { harperReady, lintTextsHere, type HarperReply, type HarperRequest } from "./harper.ts";

const port = parentPort;
if (!port) throw new Error("harper-worker.ts runs as a worker thread (server/services/evaluation/harper.ts)");
port.on("message", (m: HarperRequest & { id: number }) => {
  const work = m.op === "lint" ? lintTextsHere(m.texts) : harperReady().then(() => null);
  work.then(
    (result) => port.postMessage({ id: m.id, result } satisfies HarperReply),
    (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies HarperReply),
  );
});
// Start loading at once: the app asks for it right after it starts listening.
void harperReady().catch(() => {});
