import { dataSourceOptions, JobSyncMarker } from '@jobstream/persistence';
import { ensureJobsIndex, JobIndexWriter } from '@jobstream/search';
import { seededRandom, TestEnvironment, writeJobs } from '@jobstream/testing';
import { DataSource } from 'typeorm';
import { PollingSync } from './polling-sync';
import { SearchableProbe } from './searchable-probe';
import { Services } from './services';
import { percentiles, Percentiles, perSecond } from './stats';

/** Which design moves changes from PostgreSQL to Elasticsearch during a run. */
export type SyncDesign = 'pipeline' | 'polling';

export interface WorkloadRun {
  design: SyncDesign;
  jobs: number;
  /** Creates and status changes committed. */
  writes: number;
  /** Jobs per second offered; null when unpaced (as fast as the write side goes). */
  offeredJobsPerSecond: number | null;
  /** Jobs per second the write side committed. */
  committedJobsPerSecond: number;
  /** From the first write to the last commit searchable. */
  ms: number;
  jobsPerSecond: number;
  writesPerSecond: number;
  latencyMs: Percentiles;
  probeSearches: number;
}

export interface RunOptions {
  design: SyncDesign;
  jobs: number;
  jobsPerSecond?: number;
  seed: number;
  /** How often the probe searches: finer for latency runs, coarser when it would load the node. */
  probeIntervalMs: number;
  /**
   * 'after': the relay and indexer start only once every job is written, and the run is timed
   * from their start: how fast the pipeline drains a backlog, whatever the write side's pace.
   */
  syncStarts?: 'before' | 'after';
}

/**
 * Writes jobs through the real write path while `design` carries them to Elasticsearch, and
 * times every commit until it is searchable. The pipeline is the real outbox relay and indexer,
 * as processes on their production defaults; the polling baseline runs in this process.
 */
export async function runWorkload(t: TestEnvironment, options: RunOptions): Promise<WorkloadRun> {
  await ensureJobsIndex(t.search.client, t.search.alias);
  // The write side gets a pool big enough that commits, not connections, set its pace.
  const db = await new DataSource(dataSourceOptions(t.db.url, 20)).initialize();
  const startSync = () => (options.design === 'pipeline' ? Services.start(t, ['relay', 'indexer'] as const) : startPolling(t));
  let sync = options.syncStarts === 'after' ? undefined : await startSync();
  const probe = new SearchableProbe(t.search.client, t.search.alias, options.probeIntervalMs);
  try {
    probe.start();
    let started = Date.now();
    const counts = await writeJobs(db, options.jobs, {
      concurrency: 32,
      random: seededRandom(options.seed),
      jobsPerSecond: options.jobsPerSecond,
      withoutDeletes: true,
      onCommit: (id, version) => probe.committed(id, version),
    });
    const writtenMs = Date.now() - started;
    if (!sync) {
      sync = await startSync();
      // From both services answering ready: the drain, not their boot.
      started = Date.now();
    }
    await probe.drained(300_000);
    const ms = probe.lastSearchableAt - started;
    const writes = counts.jobs + counts.transitions;
    return {
      design: options.design,
      jobs: counts.jobs,
      writes,
      offeredJobsPerSecond: options.jobsPerSecond ?? null,
      committedJobsPerSecond: perSecond(counts.jobs, writtenMs),
      ms,
      jobsPerSecond: perSecond(counts.jobs, ms),
      writesPerSecond: perSecond(writes, ms),
      latencyMs: percentiles(probe.latencies),
      probeSearches: probe.searches,
    };
  } finally {
    await sync?.stop();
    await db.destroy();
  }
}

async function startPolling(t: TestEnvironment): Promise<PollingSync> {
  const polling = new PollingSync(t.db.dataSource, new JobIndexWriter(t.search.client, t.search.alias), new JobSyncMarker(t.db.dataSource));
  polling.start();
  return polling;
}
