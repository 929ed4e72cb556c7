import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { JobCommandsService } from '@jobstream/commands';
import { CreateJobCommand } from '@jobstream/contracts';
import { dataSourceOptions, OutboxWriter } from '@jobstream/persistence';
import { createWorkloadOwners, HttpClient, inParallel, TestEnvironment, waitFor, workloadJob } from '@jobstream/testing';
import { DataSource } from 'typeorm';
import { WRITER_POOL_SIZE } from './floors';
import { chunks, perSecond } from './stats';

export interface BulkOptions {
  jobs: number;
  /** Jobs per request (the API takes up to 1,000). */
  batchSize: number;
  /** Requests in flight at once. */
  concurrency: number;
}

export interface BulkRun extends BulkOptions {
  /**
   * How the batches were sent: `POST /jobs/bulk` through the gateway, or, where the gateway has
   * no such route, the write side's createMany in this process (the statement the route runs).
   */
  via: 'http' | 'service';
  /** From the first batch sent to the last job searchable (a `_count` of the alias, which sees refreshed documents only). */
  ms: number;
  jobsPerS: number;
  /** From the first batch sent to the last answered. */
  createdJobsPerS: number;
}

type SendBatch = (batch: CreateJobCommand[]) => Promise<void>;

const viaHttp =
  (http: HttpClient): SendBatch =>
  async (items) => {
    const answer = await http.post('/jobs/bulk', { items });
    const refused = answer.status === 200 ? answer.body.items.find((item: { status: number }) => item.status !== 201) : answer.body;
    if (refused) throw new Error(`POST /jobs/bulk answered ${answer.status}: ${JSON.stringify(refused)}`);
  };

const viaService =
  (commands: JobCommandsService): SendBatch =>
  async (batch) => {
    const refused = (await commands.createMany(batch, SYSTEM_ACTOR)).find((outcome) => outcome instanceof Error);
    if (refused) throw refused;
  };

/**
 * Jobs created in batches while the relay and indexer run, timed until all of them are
 * searchable; the alias must hold no other jobs.
 */
export async function measureBulk(t: TestEnvironment, http: HttpClient, options: BulkOptions): Promise<BulkRun> {
  const db = await new DataSource(dataSourceOptions(t.db.url, WRITER_POOL_SIZE)).initialize();
  try {
    const owners = await createWorkloadOwners(db);
    const jobs = Array.from({ length: options.jobs }, (_, i) => workloadJob(i, owners));
    // An empty batch is a 400 where the route exists.
    const via = (await http.post('/jobs/bulk', { items: [] })).status === 404 ? 'service' : 'http';
    const send = via === 'http' ? viaHttp(http) : viaService(new JobCommandsService(db, new OutboxWriter(), new AuditWriter()));
    const started = Date.now();
    await inParallel(chunks(jobs, options.batchSize), options.concurrency, send);
    const createdMs = Date.now() - started;
    await waitFor(async () => (await t.search.client.count({ index: t.search.alias })).count >= options.jobs, {
      timeoutMs: 300_000,
      intervalMs: 50,
      what: `${options.jobs} bulk-created jobs searchable`,
    });
    const ms = Date.now() - started;
    return { ...options, via, ms, jobsPerS: perSecond(options.jobs, ms), createdJobsPerS: perSecond(options.jobs, createdMs) };
  } finally {
    await db.destroy();
  }
}
