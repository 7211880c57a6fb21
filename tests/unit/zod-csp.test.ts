// The SPA turns zod's `new Function` probe off (client/lib/zod-csp.ts) so that Chrome reports no
// CSP violation under `script-src 'self'`. It sets zod's global configuration object directly
// (to keep zod out of the first page's JavaScript): this checks zod reads that very object.
import "../../client/lib/zod-csp.ts";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { util } from "zod/v4/core";

describe("zod under the SPA's CSP", () => {
  it("is jitless, so it never probes `new Function`", () => {
    expect(z.config().jitless).toBe(true);
    // Node allows eval: without the setting the probe would answer true.
    expect(util.allowsEval.value).toBe(false);
  });

  it("still parses objects", () => {
    const schema = z.object({ email: z.string().email(), n: z.number().int() });
    expect(schema.parse({ email: "a@b.test", n: 3 })).toEqual({ email: "a@b.test", n: 3 });
    expect(schema.safeParse({ email: "nope", n: 1.5 }).success).toBe(false);
  });
});
