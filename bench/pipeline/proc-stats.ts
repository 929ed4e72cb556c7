import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`; 100 on Linux everywhere we run). */
const CLOCK_TICKS_PER_SECOND = 100;
export const MS_PER_TICK = 1000 / CLOCK_TICKS_PER_SECOND;

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // The process exited between listing and reading.
    return undefined;
  }
};

const processIds = (): number[] => readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);

/** User + system CPU time of a process in clock ticks (/proc/<pid>/stat fields 14 and 15); undefined once it is gone. */
export function cpuTicks(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name (field 2) may hold spaces; the fields after it are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Resident memory now (VmRSS), in kB; undefined once the process is gone. */
export function residentKb(pid: number): number | undefined {
  const match = read(`/proc/${pid}/status`)?.match(/^VmRSS:\s+(\d+) kB/m);
  return match ? Number(match[1]) : undefined;
}

/** Busy clock ticks of the whole machine since boot: every CPU's time but idle and iowait (/proc/stat). */
export function machineBusyTicks(): number {
  const [, ...times] = read('/proc/stat')!.split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = times;
  return user + nice + system + irq + softirq + steal;
}

/** The process listening on this TCP port (IPv4 or IPv6), found by its socket's inode. */
export function listeningPid(port: number): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set(
    ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
      (read(file) ?? '')
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/))
        // local_address is field 2, st (0A: LISTEN) field 4, inode field 10.
        .filter((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A')
        .map((fields) => `socket:[${fields[9]}]`),
    ),
  );
  return processIds().find((pid) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`)));
    } catch {
      return false;
    }
  });
}

/**
 * Every PostgreSQL process (command name `postgres`: the postmaster, its background workers and
 * client backends) except client backends of databases not in `databases`: other test runs on
 * the same server are not ours to count. A backend's title is `postgres: [cluster: ]user db host(port) state`.
 */
export function postgresPids(databases: ReadonlySet<string>): number[] {
  return processIds().filter((pid) => {
    if (read(`/proc/${pid}/comm`)?.trim() !== 'postgres') return false;
    const title = read(`/proc/${pid}/cmdline`)?.replace(/\0/g, ' ').trim() ?? '';
    const backend = title.match(/^postgres: (?:[^:]*: )?\S+ (\S+) (?:\S+\(\d+\)|\[local\])/);
    return !backend || databases.has(backend[1]);
  });
}
