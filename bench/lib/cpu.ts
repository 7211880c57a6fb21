// Where the machine's CPU went during a bench phase (Linux /proc, clock ticks of 10 ms): the
// whole machine (busy and idle, and steal by the hypervisor), a process with all its threads,
// this process (the load generator), and the bench's PostgreSQL (its postmaster, found by the
// port in its command line, and the backends it forked).
import fs from "node:fs";

const HZ = 100;
type Machine = { busyMs: number; idleMs: number; stealMs: number };

export function machineCpu(): Machine {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f as [number, number, number, number, number, number, number, number];
  return { busyMs: ((user + nice + system + irq + softirq) * 1000) / HZ, idleMs: ((idle + iowait) * 1000) / HZ, stealMs: (steal * 1000) / HZ };
}

function procStat(pid: number | string): { ppid: number; cpuMs: number; childrenMs: number } | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / HZ, childrenMs: ((Number(f[13]) + Number(f[14])) * 1000) / HZ };
  } catch {
    return null;
  }
}

/** User + system CPU of a process, all its threads (ms). */
export function processCpu(pid: number): number {
  return procStat(pid)?.cpuMs ?? 0;
}

/** The CPU of the PostgreSQL serving `url` (127.0.0.1:port): postmaster and its children, the ended ones' through the postmaster's counters of reaped children. */
export function postgresCpu(url: string): number {
  const port = new URL(url).port;
  let total = 0;
  const pids = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  let postmaster: string | undefined;
  for (const p of pids) {
    try {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, "utf8").replaceAll("\0", " ");
      if (cmd.includes("postgres") && cmd.includes(`-p ${port}`) && !cmd.includes("pg_ctl")) postmaster = p;
    } catch {
      /* gone */
    }
  }
  if (!postmaster) return NaN;
  for (const p of pids) {
    const st = procStat(p);
    if (st && p === postmaster) total += st.cpuMs + st.childrenMs;
    else if (st && String(st.ppid) === postmaster) total += st.cpuMs;
  }
  return total;
}

/** A snapshot of the parts, to subtract from a later one. */
export function cpuSnapshot(serverPid: number, pgUrl: string) {
  const u = process.cpuUsage();
  return { machine: machineCpu(), server: processCpu(serverPid), self: (u.user + u.system) / 1000, postgres: postgresCpu(pgUrl) };
}

/** "machine busy 92 % (steal 0 %): server 23 %, load generator 6 %, PostgreSQL 4 %, rest 59 %" (of all cores), between two snapshots. */
export function cpuBreakdown(a: ReturnType<typeof cpuSnapshot>, b: ReturnType<typeof cpuSnapshot>): string {
  const total = b.machine.busyMs - a.machine.busyMs + (b.machine.idleMs - a.machine.idleMs) + (b.machine.stealMs - a.machine.stealMs);
  const pct = (ms: number) => `${((100 * ms) / total).toFixed(1)} %`;
  const busy = b.machine.busyMs - a.machine.busyMs;
  const server = b.server - a.server;
  const self = b.self - a.self;
  const pg = b.postgres - a.postgres;
  return `machine busy ${pct(busy)} (steal ${pct(b.machine.stealMs - a.machine.stealMs)}) of ${(total / 1000).toFixed(1)} core-s: server ${pct(server)}, load generator ${pct(self)}, PostgreSQL ${pct(pg)}, other processes ${pct(busy - server - self - pg)}`;
}
