// The grammar checker on its worker thread (server/services/evaluation/harper.ts,
// runHarperOnWorkerThread: the app's setting, so that harper's synchronous WebAssembly setup
// never holds up requests) gives the same findings as in-process.
import { describe, expect, it } from "vitest";
import { harperReady, lintTexts, lintTextsHere, runHarperOnWorkerThread } from "../../server/services/evaluation/harper.ts";

describe("harper on a worker thread", () => {
  it("lints on the worker exactly as in-process", { timeout: 300_000 }, async () => {
    const texts = ["I has a apple. We should of went their yesterday.", "", "colour organised recieve", "The the report was finish."];
    const here = await lintTextsHere(texts);
    runHarperOnWorkerThread();
    await harperReady();
    const there = await lintTexts(texts);
    expect(there).toEqual(here);
    expect(there[0]!.length).toBeGreaterThan(0);
    expect(there[2]!.map((f) => f.kind)).toEqual(["Spelling"]); // British spellings are not mistakes
  });
});
