import { Periodic } from '@jobstream/util';
import { cpuTicks, machineBusyTicks, MS_PER_TICK, residentKb } from './proc-stats';

/** The processes of one part of the system, looked up again at every sample (PostgreSQL backends come and go). */
export type ProcessGroup = () => number[];

/** What one group of processes spent while the meter ran. */
export interface GroupUsage {
  cpuMs: number;
  /** Peak of the group's summed resident memory over the samples, in MB. */
  peakRssMb: number;
}

export interface MeterReading<G extends string> {
  ms: number;
  groups: Record<G, GroupUsage>;
  /** This (load-generating) process's own CPU time. */
  selfCpuMs: number;
  /** CPU time of the whole machine: whatever the groups and this process do not explain belongs to someone else. */
  machineBusyMs: number;
}

/**
 * CPU time and memory of groups of processes from /proc, between `start` and `stop`. A process
 * first seen after the start counts from zero (it started during the run); one that exits
 * counts up to its last sample, so CPU a short-lived process spends after its last sample is
 * missed (our services keep pooled connections, so their backends live through a run).
 */
export class ProcessMeter<G extends string> {
  private readonly baseline = new Map<number, number>();
  private readonly latest = new Map<G, Map<number, number>>();
  private readonly peakKb = new Map<G, number>();
  private readonly periodic: Periodic;
  private started = { at: 0, machineTicks: 0, self: process.cpuUsage() };

  constructor(
    private readonly groups: Record<G, ProcessGroup>,
    intervalMs = 250,
  ) {
    this.periodic = new Periodic(async () => this.sample(), intervalMs);
  }

  start(): void {
    this.sample(true);
    this.started = { at: Date.now(), machineTicks: machineBusyTicks(), self: process.cpuUsage() };
    this.periodic.start();
  }

  async stop(): Promise<MeterReading<G>> {
    await this.periodic.stop();
    this.sample();
    const self = process.cpuUsage(this.started.self);
    const names = Object.keys(this.groups) as G[];
    return {
      ms: Date.now() - this.started.at,
      groups: Object.fromEntries(names.map((name) => [name, this.usage(name)])) as Record<G, GroupUsage>,
      selfCpuMs: (self.user + self.system) / 1000,
      machineBusyMs: (machineBusyTicks() - this.started.machineTicks) * MS_PER_TICK,
    };
  }

  private usage(name: G): GroupUsage {
    const ticks = [...(this.latest.get(name) ?? new Map<number, number>())].reduce((sum, [pid, last]) => sum + last - (this.baseline.get(pid) ?? 0), 0);
    return { cpuMs: ticks * MS_PER_TICK, peakRssMb: Math.round((this.peakKb.get(name) ?? 0) / 1024) };
  }

  private sample(asBaseline = false): void {
    for (const [name, pids] of Object.entries(this.groups) as [G, ProcessGroup][]) {
      const latest = this.latest.get(name) ?? new Map<number, number>();
      let residentTotal = 0;
      for (const pid of pids()) {
        const ticks = cpuTicks(pid);
        if (ticks === undefined) continue;
        if (asBaseline) this.baseline.set(pid, ticks);
        latest.set(pid, ticks);
        residentTotal += residentKb(pid) ?? 0;
      }
      this.latest.set(name, latest);
      this.peakKb.set(name, Math.max(this.peakKb.get(name) ?? 0, residentTotal));
    }
  }
}

const twoDecimals = (value: number) => Math.round(value * 100) / 100;

/** Each group's CPU milliseconds per item (a write, a command, a request). */
export function cpuMsPerItem<G extends string>({ groups }: MeterReading<G>, items: number): Record<G, number> {
  return Object.fromEntries(Object.entries<GroupUsage>(groups).map(([name, usage]) => [name, twoDecimals(usage.cpuMs / items)])) as Record<G, number>;
}

/** CPU per item of every group together, of the load generator, and of the rest of the machine (anyone else running meanwhile). */
export function cpuMsPerItemTotals<G extends string>(reading: MeterReading<G>, items: number): { total: number; loadGenerator: number; elsewhere: number } {
  const groups = Object.values<GroupUsage>(reading.groups).reduce((sum, usage) => sum + usage.cpuMs, 0);
  return {
    total: twoDecimals(groups / items),
    loadGenerator: twoDecimals(reading.selfCpuMs / items),
    elsewhere: twoDecimals(Math.max(0, reading.machineBusyMs - groups - reading.selfCpuMs) / items),
  };
}

/** Each group's peak resident memory. */
export const peakRssMb = <G extends string>({ groups }: MeterReading<G>): Record<G, number> =>
  Object.fromEntries(Object.entries<GroupUsage>(groups).map(([name, usage]) => [name, usage.peakRssMb])) as Record<G, number>;
