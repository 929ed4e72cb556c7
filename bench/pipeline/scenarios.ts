import { dataSourceOptions, JobSyncMarker, loadJobSnapshots } from '@jobstream/persistence';
import { createJobsIndex, ensureJobsIndex, JobIndexWriter, toJobDocument } from '@jobstream/search';
import { AppProcess, seededRandom, TestEnvironment, writeJobs } from '@jobstream/testing';
import { quantileSorted } from 'simple-statistics';
import { DataSource } from 'typeorm';
import { PollingSync } from './polling-sync';
import { SearchableProbe } from './searchable-probe';

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
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  probeSearches: number;
}

export interface RawRate {
  items: number;
  ms: number;
  perSecond: number;
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
  const startSync = () => (options.design === 'pipeline' ? startPipeline(t) : startPolling(t));
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
    const sorted = [...probe.latencies].sort((a, b) => a - b);
    return {
      design: options.design,
      jobs: counts.jobs,
      writes,
      offeredJobsPerSecond: options.jobsPerSecond ?? null,
      committedJobsPerSecond: perSecond(counts.jobs, writtenMs),
      ms,
      jobsPerSecond: perSecond(counts.jobs, ms),
      writesPerSecond: perSecond(writes, ms),
      latencyMs: { p50: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95), p99: quantileSorted(sorted, 0.99), max: sorted[sorted.length - 1] },
      probeSearches: probe.searches,
    };
  } finally {
    await sync?.stop();
    await db.destroy();
  }
}

async function startPipeline(t: TestEnvironment): Promise<{ stop(): Promise<unknown> }> {
  const [relay, indexer] = await Promise.all([AppProcess.start('outbox-relay', t.env), AppProcess.start('indexer', t.env)]);
  return { stop: () => Promise.all([relay.stop(), indexer.stop()]) };
}

async function startPolling(t: TestEnvironment): Promise<PollingSync> {
  const polling = new PollingSync(t.db.dataSource, new JobIndexWriter(t.search.client, t.search.alias), new JobSyncMarker(t.db.dataSource));
  polling.start();
  return polling;
}

/**
 * The same documents a run indexed, bulk-indexed straight into a fresh index with the jobs
 * mapping (1,000 per request, external versions, as the indexer writes them), until searchable.
 */
export async function rawBulkRate(t: TestEnvironment): Promise<RawRate> {
  const ids: string[] = (await t.db.dataSource.query(`SELECT id FROM job ORDER BY id`)).map((row: { id: string }) => row.id);
  const docs = (await loadJobSnapshots(t.db.dataSource.manager, ids)).map(toJobDocument);
  const index = `${t.search.alias}_raw`;
  await createJobsIndex(t.search.client, index);
  const writer = new JobIndexWriter(t.search.client, index);
  const started = Date.now();
  for (let from = 0; from < docs.length; from += 1000) {
    const outcomes = await writer.write(docs.slice(from, from + 1000).map((doc) => ({ kind: 'index' as const, doc })));
    const failed = outcomes.find((outcome) => outcome.kind !== 'indexed');
    if (failed) throw new Error(`raw _bulk: ${JSON.stringify(failed)}`);
  }
  await t.search.client.indices.refresh({ index });
  const ms = Date.now() - started;
  return { items: docs.length, ms, perSecond: perSecond(docs.length, ms) };
}

/**
 * The same job rows a run wrote, inserted 1,000 per statement into a copy of the job table
 * (its columns, defaults and indexes; no outbox, no audit, no triggers).
 */
export async function rawInsertRate(t: TestEnvironment): Promise<RawRate> {
  const db = t.db.dataSource;
  const rows: { row: object }[] = await db.query(`SELECT to_jsonb(j) AS row FROM job j ORDER BY id`);
  await db.query(`CREATE TABLE raw_job (LIKE job INCLUDING DEFAULTS INCLUDING INDEXES)`);
  const started = Date.now();
  for (let from = 0; from < rows.length; from += 1000) {
    const batch = JSON.stringify(rows.slice(from, from + 1000).map(({ row }) => row));
    await db.query(`INSERT INTO raw_job SELECT * FROM jsonb_populate_recordset(NULL::raw_job, $1::jsonb)`, [batch]);
  }
  const ms = Date.now() - started;
  return { items: rows.length, ms, perSecond: perSecond(rows.length, ms) };
}

const perSecond = (items: number, ms: number) => Math.round((items * 1000) / Math.max(ms, 1));
