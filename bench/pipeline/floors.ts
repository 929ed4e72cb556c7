import { AUDIT_COLUMNS } from '@jobstream/audit';
import { EventEnvelope, JOB_AGGREGATE, JOB_CREATED, JOB_EVENT_SCHEMA_VERSION, JobSnapshotV1 } from '@jobstream/contracts';
import { assertBoundQueue, encodeEvent, routingKeyOf } from '@jobstream/messaging';
import { OutboxRow, toEvent } from '@jobstream/outbox';
import { loadJobSnapshots, OUTBOX_COLUMNS } from '@jobstream/persistence';
import { createJobsIndex, JobIndexWriter, toJobDocument } from '@jobstream/search';
import { inParallel, TestEnvironment } from '@jobstream/testing';
import { connect } from 'amqplib';
import { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { cpuMsPerItem, ProcessMeter } from './process-meter';
import { postgresGroup } from './services';
import { chunks, perSecond } from './stats';

export interface RawRate {
  items: number;
  ms: number;
  perSecond: number;
}

export interface MeteredRate extends RawRate {
  /** PostgreSQL's CPU per item (its processes as postgresGroup counts them). */
  postgresCpuMs: number;
}

/** What each store and the broker take at most on this machine, for the same rows, documents and events. */
export interface Floors {
  /** One job create (job, outbox and audit rows) per transaction, `pg` directly, the writer's pool size. */
  pgSingleJobTxPerS: number;
  /** 100 job creates per transaction, otherwise the same. */
  pgBatchJobsPerS: number;
  /** `_bulk` of the same documents, 1,000 per request, until refreshed. */
  esBulkDocsPerS: number;
  /** The same events published with confirms to a quorum queue, consumed and acked (amqplib directly). */
  amqpConfirmedPerS: number;
  /** Items and times behind each rate. */
  runs: Record<'esBulk' | 'amqpConfirmed', RawRate> & Record<'pgSingleJobTx' | 'pgBatch', MeteredRate>;
}

/** The job-writer's connection pool (DATABASE_POOL_SIZE's default) and the benchmark's writers at once. */
export const WRITER_POOL_SIZE = 10;
export const WRITERS = 32;

/**
 * The rows of job creates as plainly as PostgreSQL takes them: for each job its row, its
 * `job.created` outbox row and its audit row, the columns the job-writer's CREATE_JOBS writes,
 * in one statement (one transaction) per batch; the snapshot JSON is built by the caller.
 */
const INSERT_CREATE_ROWS = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($5::jsonb) AS i(
    id uuid, user_id uuid, user_email text, workspace_id uuid, type text, project_name text, hostname text, arch text,
    metadata jsonb, snapshot jsonb, event_id uuid, audit_id uuid)
),
jobs AS (
  INSERT INTO job (id, user_id, user_email, workspace_id, status, type, project_name, hostname, arch, metadata, version)
  SELECT id, user_id, user_email, workspace_id, 'PENDING', type, project_name, hostname, arch, metadata, 1 FROM input
),
events AS (
  INSERT INTO outbox (${OUTBOX_COLUMNS})
  SELECT event_id, '${JOB_AGGREGATE}', id, '${JOB_CREATED}', 1, ${JOB_EVENT_SCHEMA_VERSION}, snapshot, NULL, now() FROM input
)
INSERT INTO audit_logs (${AUDIT_COLUMNS})
SELECT audit_id, $1::uuid, 'job.create', 'job', id, NULL, snapshot, $2::inet, $3, $4 FROM input`;

const createRow = (template: JobSnapshotV1) => {
  const snapshot = { ...template, id: uuidv7() };
  return {
    id: snapshot.id,
    user_id: snapshot.userId,
    user_email: snapshot.userEmail,
    workspace_id: snapshot.workspaceId,
    type: snapshot.type,
    project_name: snapshot.projectName,
    hostname: snapshot.hostname,
    arch: snapshot.arch,
    metadata: snapshot.metadata,
    snapshot,
    event_id: uuidv7(),
    audit_id: uuidv7(),
  };
};

/**
 * PostgreSQL's floor for job creates, with `pg` directly: `jobs` new jobs, `jobsPerTransaction`
 * per statement, their snapshots copied from the environment's own `job.created` events (so the
 * JSON is the size the writer writes), on the writer's pool size with WRITERS callers at once.
 */
export async function pgCreateRowsRate(t: TestEnvironment, jobs: number, jobsPerTransaction: number): Promise<MeteredRate> {
  const templates: JobSnapshotV1[] = (await t.db.dataSource.query(`SELECT payload FROM outbox WHERE event_type = $1 LIMIT 1000`, [JOB_CREATED])).map(
    (row: { payload: JobSnapshotV1 }) => row.payload,
  );
  const batches = chunks(
    Array.from({ length: jobs }, (_, i) => templates[i % templates.length]),
    jobsPerTransaction,
  );
  const pool = new Pool({ connectionString: t.db.url, max: WRITER_POOL_SIZE });
  try {
    const actor = [templates[0].userId, '127.0.0.1', 'jobstream-bench', null];
    const meter = new ProcessMeter({ postgres: postgresGroup(t) });
    meter.start();
    const started = Date.now();
    await inParallel(batches, WRITERS, (batch) => pool.query(INSERT_CREATE_ROWS, [...actor, JSON.stringify(batch.map(createRow))]));
    const ms = Date.now() - started;
    const { postgres: postgresCpuMs } = cpuMsPerItem(await meter.stop(), jobs);
    return { items: jobs, ms, perSecond: perSecond(jobs, ms), postgresCpuMs };
  } finally {
    await pool.end();
  }
}

/** The relay's batch (OUTBOX_BATCH_SIZE) and the indexer's prefetch (INDEXER_PREFETCH), as they default. */
const PUBLISH_WINDOW = 500;
const CONSUMER_PREFETCH = 500;

/**
 * RabbitMQ's floor for events, with amqplib directly: the environment's outbox events, encoded
 * as the relay encodes them, published persistent and mandatory with publisher confirms (a
 * window of PUBLISH_WINDOW at a time) to a topic exchange, routed to a quorum queue like the
 * indexer's, and consumed on another connection that acks each message: from the first publish
 * to the last ack.
 */
export async function amqpConfirmedRate(t: TestEnvironment): Promise<RawRate> {
  const rows: OutboxRow[] = await t.db.dataSource.query(`SELECT * FROM outbox ORDER BY seq`);
  const events: EventEnvelope[] = rows.map(toEvent);
  const [publisher, consumer] = await Promise.all([connect(t.vhost.url), connect(t.vhost.url)]);
  try {
    const binding = { exchange: 'bench.events', queue: 'bench.floor', patterns: ['#'] };
    const confirms = await publisher.createConfirmChannel();
    await assertBoundQueue(confirms, binding, []);
    const consuming = await consumer.createChannel();
    await consuming.prefetch(CONSUMER_PREFETCH);
    let acked = 0;
    const allAcked = new Promise<void>((resolve) =>
      consuming.consume(binding.queue, (message) => {
        consuming.ack(message!);
        if (++acked === events.length) resolve();
      }),
    );
    const started = Date.now();
    for (let from = 0; from < events.length; from += PUBLISH_WINDOW) {
      for (const event of events.slice(from, from + PUBLISH_WINDOW)) {
        const { content, options } = encodeEvent(event);
        confirms.publish(binding.exchange, routingKeyOf(event.type), content, { ...options, mandatory: true });
      }
      await confirms.waitForConfirms();
    }
    await allAcked;
    const ms = Date.now() - started;
    return { items: events.length, ms, perSecond: perSecond(events.length, ms) };
  } finally {
    await Promise.all([publisher.close(), consumer.close()]);
  }
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
  for (const batch of chunks(docs, 1000)) {
    const outcomes = await writer.write(batch.map((doc) => ({ kind: 'index' as const, doc })));
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
  for (const batch of chunks(rows, 1000)) {
    await db.query(`INSERT INTO raw_job SELECT * FROM jsonb_populate_recordset(NULL::raw_job, $1::jsonb)`, [JSON.stringify(batch.map(({ row }) => row))]);
  }
  const ms = Date.now() - started;
  return { items: rows.length, ms, perSecond: perSecond(rows.length, ms) };
}

/** Every floor, on an environment whose jobs a run has written (their rows, documents and events are the floors' data). */
export async function measureFloors(
  t: TestEnvironment,
  sizes: { floorJobs: number; floorBatchJobs: number },
): Promise<{ floors: Floors; rawInsert: RawRate; rawBulk: RawRate }> {
  const rawInsert = await rawInsertRate(t);
  const esBulk = await rawBulkRate(t);
  // Before the PostgreSQL floors add their own job.created events to the outbox.
  const amqpConfirmed = await amqpConfirmedRate(t);
  const pgSingleJobTx = await pgCreateRowsRate(t, sizes.floorJobs, 1);
  const pgBatch = await pgCreateRowsRate(t, sizes.floorBatchJobs, 100);
  return {
    rawInsert,
    rawBulk: esBulk,
    floors: {
      pgSingleJobTxPerS: pgSingleJobTx.perSecond,
      pgBatchJobsPerS: pgBatch.perSecond,
      esBulkDocsPerS: esBulk.perSecond,
      amqpConfirmedPerS: amqpConfirmed.perSecond,
      runs: { pgSingleJobTx, pgBatch, esBulk, amqpConfirmed },
    },
  };
}
