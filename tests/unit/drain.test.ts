// server/drain.ts: stopping the HTTP side (SIGTERM) does not wait for kept-alive connections
// to time out, answers what was accepted with `Connection: close`, and cuts — and lists — what
// is still unanswered at the deadline. A real Fastify on 127.0.0.1 and undici clients.
import { afterEach, describe, expect, it } from "vitest";
import Fastify from "fastify";
import { Agent, request } from "undici";
import { registerDrain } from "../../server/drain.ts";

const agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.destroy()));
});

async function app() {
  // A keep-alive timeout far beyond the test's own timeout: a drain that waited for it would fail the test.
  const f = Fastify({ keepAliveTimeout: 600_000, forceCloseConnections: "idle", return503OnClosing: false });
  const drain = registerDrain(f);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  f.get("/fast", async () => ({ ok: true }));
  f.get("/slow", async () => {
    await gate;
    return { ok: "slow" };
  });
  f.get("/hang", () => new Promise(() => {}));
  await f.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(f.server.address() as { port: number }).port}`;
  const connections = () => new Promise<number>((r) => f.server.getConnections((_e, n) => r(n)));
  return { f, drain, release, base, connections };
}

function client(): Agent {
  const a = new Agent({ connections: 8, keepAliveTimeout: 600_000, keepAliveMaxTimeout: 600_000, pipelining: 1 });
  agents.push(a);
  return a;
}

describe("drain", () => {
  it("answers the request in flight with Connection: close, closes kept-alive connections, and cuts nothing", { timeout: 60_000 }, async () => {
    const { drain, release, base, connections } = await app();
    const http = client();
    // Four kept-alive connections: three idle, one of them then busy with /slow.
    await Promise.all([1, 2, 3, 4].map(() => request(`${base}/fast`, { dispatcher: http }).then((r) => r.body.json())));
    expect(await connections()).toBeGreaterThan(0);
    const slow = request(`${base}/slow`, { dispatcher: http });
    while (drain.inFlight().length === 0) await new Promise((r) => setTimeout(r, 10)); // until /slow has arrived
    expect(drain.inFlight().map((r) => r.url)).toEqual(["/slow"]);

    const drained = drain.drain(30_000);
    expect(drain.draining()).toBe(true);
    release();
    const res = await slow;
    expect(res.statusCode).toBe(200);
    expect(res.headers.connection).toBe("close");
    expect(await res.body.json()).toEqual({ ok: "slow" });

    const { cut } = await drained; // resolves only when every connection is closed
    expect(cut).toEqual([]);
    expect(drain.inFlight()).toEqual([]);
    // Not listening any more: a new request is refused (the client goes to another instance).
    await expect(request(`${base}/fast`, { dispatcher: client() })).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });

  it("at the deadline, destroys what is still open and lists the requests it cut", { timeout: 60_000 }, async () => {
    const { drain, base } = await app();
    const hung = request(`${base}/hang?token=secret`, { dispatcher: client() }).then(
      () => "answered",
      (e: Error & { code?: string }) => e.code ?? e.message,
    );
    while (drain.inFlight().length === 0) await new Promise((r) => setTimeout(r, 10));
    const { cut } = await drain.drain(300);
    expect(cut.map((r) => ({ method: r.method, url: r.url }))).toEqual([{ method: "GET", url: "/hang?token=secret" }]);
    expect(await hung).not.toBe("answered");
  });
});
