// Fault: SIGTERM under load (issue 12, "Faults survived"). The real app runs as a child process
// with CLIENTS signed-in clients hammering it (each its own company and session; three reads
// for each write). On SIGTERM the app must stop accepting, finish what it accepted and exit 0,
// and a second instance takes over the same database: on PostgreSQL it is already running
// (a rolling deploy), on the embedded database it starts once the first has let go of the
// folder. The invariant: 0 failed requests among those the first instance answered from the
// SIGTERM on, exit code 0 within 10 s with nothing cut, and no failure at all on the second;
// every write acknowledged by the first is read back from the second, with the same sessions. "Accepted" is what the app's own log says it received (Fastify logs
// every incoming request with its URL; each request carries a mark in its URL): a request
// that met a closed port or a connection the server closed before reading it was never
// accepted, and the client sends it again, as a browser or a load balancer does.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { ALL_DB_KINDS, describeRealPostgres, type DbKind } from "../helpers/db.ts";
import { agent, JOB, listJobTitles, percentile, prepareDatabase, seedCompanies, startApp, trpc, trpcErrorOf, type AppProcess, type Outcome, type PreparedDatabase, type SignedInCompany } from "../helpers/fault-app.ts";

// The 200 clients on PostgreSQL. On the embedded database 50: it is one connection in
// the app's own thread, and 200 clients that send without pause saturate that thread — measured
// here (load ≈ 11): ~50–120 requests/s, the event loop turning ~2 times a second, ~190
// connections waiting unaccepted in the listen backlog while the accepted kept-alive ones were
// served again and again: after 2 minutes 79 of the 200 clients had no answer yet, and a run
// did not finish in 10 minutes (docs/operations.md, "Faults survived").
// FAULT_SIGTERM_CLIENTS overrides both.
const clientsFor = (kind: DbKind) => Number(process.env.FAULT_SIGTERM_CLIENTS ?? (kind === "pglite" ? 50 : 200));

type Sent = { client: number; mark: string; to: "A" | "B"; write: boolean; title?: string; at: number; outcome: Outcome };

// Both databases: on PostgreSQL the second instance runs before the first is stopped (a rolling
// deploy); on the embedded database it starts once the first has let go of the folder.
for (const kind of ALL_DB_KINDS) {
  if (kind === "postgres") describeRealPostgres("SIGTERM under load", () => sigtermSuite(kind)); // named "… [postgres]"
  else describe(`SIGTERM under load [${kind}]`, () => sigtermSuite(kind));
}

function sigtermSuite(kind: DbKind): void {
  const CLIENTS = clientsFor(kind);
  let prepared: PreparedDatabase;
  let companies: SignedInCompany[];
  const apps: AppProcess[] = [];
  const http = agent(CLIENTS + 16);

  beforeAll(async () => {
    prepared = await prepareDatabase(kind);
    const db = await prepared.open();
    try {
      companies = await seedCompanies(db, CLIENTS);
    } finally {
      await db.close();
    }
  }, 300_000);
  afterAll(async () => {
    // FAULT_LOG_DIR: keep each instance's whole log (e.g. to see the first one's stop, step by step).
    if (process.env.FAULT_LOG_DIR) apps.forEach((a, i) => fs.writeFileSync(`${process.env.FAULT_LOG_DIR}/sigterm-${kind}-${"ab"[i] ?? i}.log`, a.stdout()));
    for (const a of apps) a.destroy();
    await Promise.all(apps.map((a) => a.exited));
    await http.close();
    await prepared?.remove();
  });

  it(`${CLIENTS} signed-in clients: the app drains, exits 0, and a second instance takes over with 0 failed requests`, { timeout: 600_000 }, async () => {
    const a = await startApp(prepared.env);
    apps.push(a);
    await a.ready();
    // PostgreSQL: the second instance runs before the first is stopped (a rolling deploy).
    let b: AppProcess | undefined;
    let bReady = false; // the balancer sends nothing to B before its /readyz answers
    if (kind === "postgres") {
      b = await startApp(prepared.env);
      apps.push(b);
      await b.ready();
      bReady = true;
    }

    const sent: Sent[] = [];
    let target: "A" | "B" = "A";
    let stop = false;
    const okOn = { A: new Set<number>(), B: new Set<number>() };
    let allOnA!: () => void;
    let allOnB!: () => void;
    const everyoneOnA = new Promise<void>((r) => (allOnA = r));
    const everyoneOnB = new Promise<void>((r) => (allOnB = r));

    const clients = companies.map(async (c, i) => {
      let n = 0;
      while (!stop) {
        const to = target;
        const app = to === "A" ? a : bReady ? b : undefined;
        if (!app) {
          await new Promise((r) => setTimeout(r, 100)); // the second instance is starting: retry soon
          continue;
        }
        const mark = `${i}-${++n}`;
        const write = n % 4 === 1; // a write first (so that each client has one acknowledged by A), then three reads
        const title = write ? `t${mark}` : undefined;
        const at = Date.now();
        const outcome = write
          ? await trpc(http, app.url, "mutation", "company.jobs.create", { ...JOB, title }, { cookie: c.cookie, mark })
          : await trpc(http, app.url, "query", "auth.me", undefined, { cookie: c.cookie, mark });
        sent.push({ client: i, mark, to, write, ...(title ? { title } : {}), at, outcome });
        if (outcome.ok) {
          okOn[to].add(i);
          if (okOn.A.size === CLIENTS) allOnA();
          if (okOn.B.size === CLIENTS) allOnB();
        } else if (outcome.status === 0 && to === "A") {
          // Not answered by A: a closed port (refused) or a kept-alive connection A closed.
          // The balancer sends it on to B when there is one; else wait for B to come up.
          if (bReady) target = "B";
          else await new Promise((r) => setTimeout(r, 100));
        } else if (to === "B") {
          await new Promise((r) => setTimeout(r, 100)); // a failure on B (asserted below): no hot loop
        }
      }
    });

    // Progress, for a reader of a long run: how many clients have been answered, and the statuses so far.
    const progress = setInterval(() => {
      const statuses: Record<string, number> = {};
      for (const x of sent) statuses[`${x.to}:${x.outcome.status || x.outcome.code}`] = (statuses[`${x.to}:${x.outcome.status || x.outcome.code}`] ?? 0) + 1;
      console.log(`[sigterm ${kind}] ${Math.round(performance.now() / 1000)} s: ok on A ${okOn.A.size}/${CLIENTS}, on B ${okOn.B.size}/${CLIENTS}; ${JSON.stringify(statuses)}`);
    }, 15_000);
    onTestFinished(() => clearInterval(progress));
    await everyoneOnA;
    const tTerm = Date.now();
    a.child.kill("SIGTERM");
    const exit = await a.exited;
    const stopMs = Date.now() - tTerm;
    let takeoverMs = 0;
    if (!b) {
      // The embedded database: the folder is free once A has exited.
      const t = Date.now();
      b = await startApp(prepared.env);
      apps.push(b);
      await b.ready();
      bReady = true;
      takeoverMs = Date.now() - t;
      target = "B";
    }
    target = "B";
    await everyoneOnB;
    stop = true;
    await Promise.all(clients);

    // What A received, from its own log.
    const logA = a.log();
    const drained = logA.find((l) => l.msg === "stop: HTTP drained") as { ms?: number; cut?: number } | undefined;
    const received = new Set(logA.filter((l) => l.msg === "incoming request").map((l) => new URL(l.req?.url ?? "/", "http://x").searchParams.get("m")));
    const onA = sent.filter((s) => s.to === "A");
    const onB = sent.filter((s) => s.to === "B");
    const acceptedByA = onA.filter((s) => s.outcome.status !== 0 || received.has(s.mark));
    // The stop's invariant is on what A answered from the SIGTERM on (in flight then, or arriving
    // on an open connection after it): none may fail. Before the SIGTERM, on a loaded machine, 200
    // clients sending without pause can keep all 20 pooled connections busy for longer than
    // DATABASE_POOL_TIMEOUT_MS: those requests get the designed 503 DATABASE_BUSY (never a 500,
    // never a cut connection) — counted apart, and asserted to be exactly that.
    const answeredAfterTerm = (s: Sent) => s.at + s.outcome.ms >= tTerm;
    const failedOnA = acceptedByA.filter((s) => !s.outcome.ok && answeredAfterTerm(s));
    const busyBeforeTerm = acceptedByA.filter((s) => !s.outcome.ok && !answeredAfterTerm(s));
    const notAccepted = onA.filter((s) => s.outcome.status === 0 && !received.has(s.mark));
    const failedOnB = onB.filter((s) => !s.outcome.ok);
    const afterTerm = acceptedByA.filter(answeredAfterTerm);

    const figures = {
      database: kind,
      clients: CLIENTS,
      requests: sent.length,
      acceptedByFirst: acceptedByA.length,
      answeredByFirstAfterSigterm: afterTerm.length,
      failedAccepted: failedOnA.length,
      busyBeforeSigterm: busyBeforeTerm.length,
      notAcceptedThenRetried: notAccepted.length,
      notAcceptedByCode: Object.fromEntries([...new Set(notAccepted.map((s) => s.outcome.code))].map((c) => [c, notAccepted.filter((s) => s.outcome.code === c).length])),
      servedBySecond: onB.length,
      failedOnSecond: failedOnB.length,
      sigtermToExitMs: stopMs,
      httpDrainMs: drained?.ms,
      cutAtDeadline: drained?.cut,
      ...(kind === "pglite" ? { secondStartToReadyMs: takeoverMs } : {}),
      latencyP50Ms: Math.round(percentile(sent.filter((s) => s.outcome.ok).map((s) => s.outcome.ms), 50)),
      latencyP99Ms: Math.round(percentile(sent.filter((s) => s.outcome.ok).map((s) => s.outcome.ms), 99)),
    };
    console.log(`[fault figures] SIGTERM under load: ${JSON.stringify(figures)}`);

    expect(logA.some((l) => l.msg === "SIGTERM: shutting down")).toBe(true);
    // The bound on the stop (a functional requirement, not a benchmark): exit 0 within 10 s.
    expect(exit, JSON.stringify(logA.filter((l) => l.level >= 50 || /^stop/.test(l.msg ?? "")).slice(-5))).toEqual({ code: 0, signal: null });
    expect(stopMs).toBeLessThanOrEqual(10_000);
    expect(drained?.cut).toBe(0);
    expect(failedOnA.map((s) => ({ mark: s.mark, status: s.outcome.status, error: s.outcome.error, body: s.outcome.body })).slice(0, 5)).toEqual([]);
    expect(busyBeforeTerm.map((s) => ({ status: s.outcome.status, appCode: trpcErrorOf(s.outcome)?.appCode })).filter((x) => x.status !== 503 || x.appCode !== "DATABASE_BUSY")).toEqual([]);
    expect(failedOnB.map((s) => ({ mark: s.mark, status: s.outcome.status, error: s.outcome.error, body: s.outcome.body })).slice(0, 5)).toEqual([]);
    expect(afterTerm.length).toBeGreaterThan(0);

    // Every write A acknowledged is there on B, read with the same sessions.
    const ackedOnA = onA.filter((s) => s.write && s.outcome.ok);
    expect(ackedOnA.length).toBeGreaterThan(0);
    const byClient = new Map<number, string[]>();
    for (const s of ackedOnA) byClient.set(s.client, [...(byClient.get(s.client) ?? []), s.title!]);
    for (const [client, titles] of byClient) {
      const seen = await listJobTitles(http, b.url, companies[client]!.cookie);
      expect(titles.filter((t) => !seen.has(t))).toEqual([]);
    }
  });
}
