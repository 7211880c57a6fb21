// A small closed-loop HTTP load generator (undici, already a dev dependency): `connections`
// keep-alive connections, each sending its next request as soon as the previous answer is read,
// for `durationMs`. Returns requests/s, latencies and errors (status outside 2xx, or thrown).
import { Client, Pool } from "undici";

export type LoadRequest = { path: string; method?: "GET" | "POST"; headers?: Record<string, string>; body?: string };
export type LoadResult = {
  requests: number;
  errors: number;
  seconds: number;
  /** Answers (ok or not) that arrived within the run's duration, per second of it: requests still in flight at the end do not stretch it. */
  rps: number;
  /** Successful answers that arrived within the duration, per second. */
  okPerSecond: number;
  latenciesMs: number[];
  /** Open loop only: how late each request left this process after its scheduled time (a busy load generator, not the server). */
  sendLateMs?: number[];
  firstError?: string;
};

export async function runLoad(opts: {
  url: string;
  connections: number;
  durationMs: number;
  /** The request connection `c` sends next (its i-th). */
  request: (c: number, i: number) => LoadRequest;
  /** Checks a 2xx body; return a message to count it as an error. */
  check?: (body: string, c: number) => string | null;
}): Promise<LoadResult> {
  const clients = Array.from({ length: opts.connections }, () => new Client(opts.url, { pipelining: 1, keepAliveTimeout: 60_000 }));
  const latencies: number[] = [];
  let requests = 0;
  let errors = 0;
  let inWindow = 0;
  let okInWindow = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const end = t0 + opts.durationMs;
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; performance.now() < end; i++) {
        const r = opts.request(c, i);
        const s = performance.now();
        let failed = false;
        try {
          const res = await client.request({ path: r.path, method: r.method ?? "GET", headers: r.headers, body: r.body });
          const body = await res.body.text();
          const bad = res.statusCode < 200 || res.statusCode > 299 ? `HTTP ${res.statusCode}: ${body.slice(0, 200)}` : (opts.check?.(body, c) ?? null);
          if (bad) {
            failed = true;
            errors++;
            firstError ??= bad;
          }
        } catch (e) {
          failed = true;
          errors++;
          firstError ??= String(e);
        }
        const done = performance.now();
        latencies.push(done - s);
        requests++;
        if (done <= end) {
          inWindow++;
          if (!failed) okInWindow++;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(clients.map((c) => c.close()));
  const window = opts.durationMs / 1000;
  return { requests, errors, seconds, rps: inWindow / window, okPerSecond: okInWindow / window, latenciesMs: latencies, ...(firstError ? { firstError } : {}) };
}

/**
 * An open loop: `rate` requests per second on schedule for `durationMs`, whatever the answers'
 * speed (as users clicking would), over a pool of up to `connections` keep-alive connections.
 * Latency counts from the scheduled time, so waiting for a free connection is included.
 */
export async function runOpenLoad(opts: {
  url: string;
  rate: number;
  durationMs: number;
  connections: number;
  request: (i: number) => LoadRequest;
  check?: (body: string) => string | null;
  /** Connections already open (kept open at the end); otherwise up to `connections` new ones, closed at the end. */
  pool?: Pool;
}): Promise<LoadResult> {
  const pool = opts.pool ?? new Pool(opts.url, { connections: opts.connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const latencies: number[] = [];
  let errors = 0;
  let okInWindow = 0;
  let inWindow = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const end = t0 + opts.durationMs;
  const total = Math.floor((opts.rate * opts.durationMs) / 1000);
  const inflight: Promise<void>[] = [];
  const sendLate: number[] = [];
  for (let i = 0; i < total; i++) {
    const at = t0 + (i * 1000) / opts.rate;
    const wait = at - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    sendLate.push(Math.max(0, performance.now() - at));
    const r = opts.request(i);
    inflight.push(
      (async () => {
        let failed = false;
        try {
          const res = await pool.request({ path: r.path, method: r.method ?? "GET", headers: r.headers, body: r.body });
          const body = await res.body.text();
          const bad = res.statusCode < 200 || res.statusCode > 299 ? `HTTP ${res.statusCode}: ${body.slice(0, 200)}` : (opts.check?.(body) ?? null);
          if (bad) {
            failed = true;
            errors++;
            firstError ??= bad;
          }
        } catch (e) {
          failed = true;
          errors++;
          firstError ??= String(e);
        }
        const done = performance.now();
        latencies.push(done - at);
        if (done <= end) {
          inWindow++;
          if (!failed) okInWindow++;
        }
      })(),
    );
  }
  await Promise.all(inflight);
  const seconds = (performance.now() - t0) / 1000;
  if (!opts.pool) await pool.close();
  const window = opts.durationMs / 1000;
  return { requests: total, errors, seconds, rps: inWindow / window, okPerSecond: okInWindow / window, latenciesMs: latencies, sendLateMs: sendLate, ...(firstError ? { firstError } : {}) };
}
