// Stopping the HTTP side within a deadline (SIGTERM, issue 12 "Faults survived"; decision 023).
//
// Measured before this existed: with 200 kept-alive clients, `app.close()` took 72 s. It
// stops listening and closes the connections idle at that moment, but the ~190 connections
// busy then became idle a moment later and were left to Fastify's keep-alive timeout (72 s,
// which clients honour through the `Keep-Alive: timeout=72` hint) before they closed.
//
// While draining:
//   - every answer carries `Connection: close`, including those of requests already in flight,
//     so each connection ends with its current request and the client opens a new one —
//     refused here, so it goes to another instance;
//   - a request that still arrives on an open connection is served (and its connection closed
//     after it), not refused with a 503: it was accepted, and it is answered;
//   - connections that become idle are closed every 100 ms;
//   - at the deadline whatever is still open is destroyed, and the requests it cut are listed.
import type { FastifyInstance } from "fastify";

type InFlight = { id: string; method: string; url: string; since: number };

export type Drain = {
  /** Starts draining; resolves once every connection is closed (at the latest at deadlineMs). */
  drain(deadlineMs: number): Promise<{ cut: InFlight[]; ms: number }>;
  /** Requests accepted and not yet answered. */
  inFlight(): InFlight[];
  draining(): boolean;
};

const drains = new WeakMap<FastifyInstance, Drain>();

/** The drain registered on `app` by buildApp (server/app.ts). */
export function drainOf(app: FastifyInstance): Drain {
  const d = drains.get(app);
  if (!d) throw new Error("no drain registered on this app (server/app.ts registers it)");
  return d;
}

/** Registers the hooks on `app` (first, before any route); drainOf(app).drain() on SIGTERM. */
export function registerDrain(app: FastifyInstance, redact: (url: string) => string = (u) => u): Drain {
  const d = drainable(app, redact);
  drains.set(app, d);
  return d;
}

function drainable(app: FastifyInstance, redact: (url: string) => string): Drain {
  const open = new Map<string, InFlight>();
  let draining = false;
  // Hooks with callbacks, not async ones: each runs on every request, and an async hook costs a
  // promise and a microtask turn. The URL is redacted only when someone asks for the list.
  app.addHook("onRequest", (req, _reply, next) => {
    open.set(String(req.id), { id: String(req.id), method: req.method, url: req.url, since: Date.now() });
    next();
  });
  const done = (req: { id: unknown }, _reply: unknown, next: () => void) => {
    open.delete(String(req.id));
    next();
  };
  app.addHook("onResponse", done);
  // The client went away before its answer: nothing of ours was cut.
  app.addHook("onRequestAbort", (req, next) => {
    open.delete(String(req.id));
    next();
  });
  app.addHook("onSend", (_req, reply, payload, next) => {
    if (draining && !reply.raw.headersSent) reply.header("connection", "close");
    next(null, payload);
  });

  const listed = () => [...open.values()].map((r) => ({ ...r, url: redact(r.url) }));
  return {
    draining: () => draining,
    inFlight: listed,
    async drain(deadlineMs) {
      const t0 = Date.now();
      draining = true;
      const server = app.server;
      const reaper = setInterval(() => server.closeIdleConnections(), 100);
      let cut: InFlight[] = [];
      const deadline = setTimeout(() => {
        cut = listed();
        server.closeAllConnections();
      }, deadlineMs);
      try {
        await app.close();
      } finally {
        clearInterval(reaper);
        clearTimeout(deadline);
      }
      return { cut, ms: Date.now() - t0 };
    },
  };
}
