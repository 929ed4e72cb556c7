import { JobSnapshotEventV1 } from '@jobstream/contracts';
import { ACK, Settlement } from '@jobstream/messaging';
import { IndexOperation, IndexOutcome, JobIndexWriter } from '@jobstream/search';
import { ConsumeMessage } from 'amqplib';
import { Registry } from 'prom-client';
import { defaultBatchingPolicy } from './batching-policy';
import { IndexingMetrics } from './indexing-metrics';
import { JobIndexingPipeline, JobSyncStore } from './job-indexing.pipeline';
import { RefreshScheduler } from './refresh-scheduler';

const JOB = '019ab8f4-2b00-7c11-8e22-3f4a5b6c7d8e';
const OTHER = '019ab8f4-2b00-7c11-8e22-3f4a5b6c7d8f';

/** A job.status-changed event of `id` at `version`, as docs/events shows one. */
function event(id: string, version: number): JobSnapshotEventV1 {
  const at = '2026-11-25T05:01:02.345678Z';
  return {
    eventId: `019ab8f4-3c1e-7d2a-9f10-5b6c7d8e9f${String(version).padStart(2, '0')}`,
    aggregateType: 'job',
    aggregateId: id,
    aggregateVersion: version,
    type: 'job.status-changed',
    schemaVersion: 1,
    occurredAt: at,
    correlationId: 'unit',
    payload: {
      id,
      workspaceId: null,
      workspaceHostname: null,
      userId: '019ab8f3-0a00-7b00-8a00-112233445566',
      userName: 'Ann',
      userEmail: 'ann@example.com',
      userDeleted: false,
      status: 'RUNNING',
      type: 'IMAGE_BUILD',
      projectName: 'backend-api',
      hostname: null,
      arch: 'arm64',
      errorMessage: null,
      metadata: null,
      createdAt: at,
      updatedAt: at,
      completedAt: null,
      version,
    },
  } as JobSnapshotEventV1;
}

const message = (body: unknown) => ({ content: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), properties: { headers: {} } }) as unknown as ConsumeMessage;

/**
 * The pipeline's outcome mapping, with Elasticsearch and PostgreSQL faked: which messages are
 * acked, retried or parked, and what the sync columns are told. (The integration tests show the
 * same against the real stores.)
 */
describe('JobIndexingPipeline', () => {
  let outcomes: Map<string, IndexOutcome>;
  let written: IndexOperation[];
  let store: jest.Mocked<JobSyncStore>;
  let refresher: { request: jest.Mock; stop: jest.Mock };
  let pipeline: JobIndexingPipeline;

  beforeEach(() => {
    outcomes = new Map();
    written = [];
    const writer = {
      write: async (operations: IndexOperation[]) => {
        written.push(...operations);
        return operations.map((op) => outcomes.get(op.kind === 'index' ? `${op.doc.jobId}@${op.doc.version}` : op.id) ?? { kind: 'indexed' });
      },
    } as unknown as JobIndexWriter;
    store = {
      existing: jest.fn(async (ids: string[]) => new Set(ids)),
      markSynced: jest.fn(async (_jobs: { id: string; version: number }[]) => {}),
      markRejected: jest.fn(async (_jobs: { id: string; version: number; reason: string }[]) => {}),
    };
    refresher = { request: jest.fn(), stop: jest.fn() };
    pipeline = new JobIndexingPipeline(
      writer,
      store,
      defaultBatchingPolicy({ maxBatch: 10, maxWaitMs: 1 }),
      new IndexingMetrics(new Registry()),
      { record: async () => undefined },
      refresher as unknown as RefreshScheduler,
    );
  });

  const handleAll = (...bodies: unknown[]): Promise<Settlement[]> => Promise.all(bodies.map((body) => pipeline.handle(message(body))));

  it('acks indexed and stale events, marks each job synced at its newest version, and asks for a refresh', async () => {
    outcomes.set(`${JOB}@1`, { kind: 'stale' });

    const settlements = await handleAll(event(JOB, 1), event(JOB, 2), event(OTHER, 1));

    expect(settlements).toEqual([ACK, ACK, ACK]);
    expect(store.markSynced).toHaveBeenCalledWith(expect.arrayContaining([{ id: JOB, version: 2 }, { id: OTHER, version: 1 }]));
    expect(store.markSynced.mock.calls[0][0]).toHaveLength(2);
    expect(refresher.request).toHaveBeenCalled();
  });

  it('retries what may pass, parks what cannot, and records the refusal with its reason', async () => {
    outcomes.set(`${JOB}@1`, { kind: 'retry', reason: 'es_rejected_execution_exception' });
    outcomes.set(`${OTHER}@1`, { kind: 'rejected', reason: 'mapper_parsing_exception' });

    const [retried, refused] = await handleAll(event(JOB, 1), event(OTHER, 1));

    expect(retried).toEqual({ kind: 'retry', reason: 'es_rejected_execution_exception', permanent: false });
    expect(refused).toEqual({ kind: 'retry', reason: 'mapper_parsing_exception', permanent: true });
    expect(store.markRejected).toHaveBeenCalledWith([{ id: OTHER, version: 1, reason: 'mapper_parsing_exception' }]);
    expect(store.markSynced).toHaveBeenCalledWith([]);
  });

  it('drops an event of a job that no longer exists without writing it, so the document stays deleted', async () => {
    store.existing.mockResolvedValue(new Set([OTHER]));

    const settlements = await handleAll(event(JOB, 3), event(OTHER, 1));

    expect(settlements).toEqual([ACK, ACK]);
    expect(written.map((op) => (op.kind === 'index' ? op.doc.jobId : op.id))).toEqual([OTHER]);
  });

  it('parks an undecodable message at once, and the others of its batch go on', async () => {
    const [garbage, good] = await handleAll('{not json', event(JOB, 1));

    expect(garbage).toMatchObject({ kind: 'retry', permanent: true });
    expect(good).toEqual(ACK);
  });

  it('retries the whole batch when PostgreSQL cannot say which jobs exist', async () => {
    store.existing.mockRejectedValue(new Error('connection refused'));

    const settlements = await handleAll(event(JOB, 1), event(OTHER, 1));

    expect(settlements.map((s) => [s.kind, (s as { permanent?: boolean }).permanent])).toEqual([
      ['retry', false],
      ['retry', false],
    ]);
    expect(written).toEqual([]);
  });

  it('retries indexed events whose sync mark failed: the ack waits until PostgreSQL knows', async () => {
    store.markSynced.mockRejectedValue(new Error('deadlock detected'));

    const [settlement] = await handleAll(event(JOB, 1));

    expect(settlement).toMatchObject({ kind: 'retry', permanent: false, reason: expect.stringMatching(/sync mark failed/) });
  });
});
