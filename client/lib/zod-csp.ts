// zod 4 probes whether it may compile parsers with `new Function` the first time an object
// schema is built. The probe's error is caught, but under our CSP (`script-src 'self'`, no
// 'unsafe-eval') Chrome still reports it as a Content-Security-Policy violation in the Issues
// panel (Lighthouse's best-practices `inspector-issues`). `jitless` skips the probe and the
// compiled fast path (which that CSP forbids anyway). Imported first by main.tsx so it runs
// before any schema module (they load lazily, with the pages that use them).
//
// zod keeps its configuration on `globalThis.__zod_globalConfig` and adopts an existing object
// (zod/v4/core/core.js). Setting it here rather than calling `config()` keeps zod's core (~4 KB
// gzip) out of the first page's JavaScript; tests/component/zod-csp.test.ts checks that zod
// sees the setting.
const g = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
g.__zod_globalConfig = { ...g.__zod_globalConfig, jitless: true };
