import { HeartbeatEventV1, JOB_DELETED, JobEventV1, parseHeartbeatEvent, parseJobEvent, PIPELINE_HEARTBEAT } from '@jobstream/contracts';
import { ACK, decodeBody, Settlement } from '@jobstream/messaging';
import { IndexOperation, IndexOutcome, JobIndexWriter, toJobDocument } from '@jobstream/search';
import { Logger } from '@nestjs/common';
import { ConsumeMessage } from 'amqplib';
import { BatchingPolicy } from './batching-policy';
import { IndexingMetrics } from './indexing-metrics';
import { MicroBatcher } from './micro-batcher';
import { RefreshScheduler } from './refresh-scheduler';

/** What the indexer needs of PostgreSQL (the job table's sync columns, refusals, and which jobs exist). */
export interface JobSyncStore {
  existing(ids: string[]): Promise<Set<string>>;
  markSynced(jobs: { id: string; version: number }[]): Promise<void>;
  /** Versions Elasticsearch refused: counted apart from "missing", and not re-sent in a loop. */
  markRejected(jobs: { id: string; version: number; reason: string }[]): Promise<void>;
}

/** Where heartbeats end: Elasticsearch, next to the documents (see libs/heartbeat). */
export interface HeartbeatSink {
  record(event: HeartbeatEventV1): Promise<void>;
}

const retry = (reason: string, permanent = false): Settlement => ({ kind: 'retry', reason, permanent });

/**
 * Turns job events into search documents, in bulk. A message is acknowledged only after its own
 * document was accepted (or found stale) and the sync mark is written. Failures that may pass
 * (Elasticsearch or PostgreSQL away, overload) are retried; messages that cannot be indexed
 * (undecodable, refused by the mapping) are retried a few times and then parked.
 */
export class JobIndexingPipeline {
  private readonly logger = new Logger('Indexer');
  private readonly batcher: MicroBatcher<ConsumeMessage, Settlement>;

  constructor(
    private readonly writer: JobIndexWriter,
    private readonly store: JobSyncStore,
    policy: BatchingPolicy,
    private readonly metrics: IndexingMetrics,
    private readonly heartbeats: HeartbeatSink,
    private readonly refresher: RefreshScheduler,
  ) {
    this.batcher = new MicroBatcher((messages) => this.process(messages), policy.maxBatch, policy.maxWaitMs);
  }

  /**
   * Heartbeats share the queue with job events, so they arrive only while job events flow; they
   * are told apart by the message type, which survives the retry queue (the routing key does not).
   */
  handle(message: ConsumeMessage): Promise<Settlement> {
    return message.properties.type === PIPELINE_HEARTBEAT ? this.recordHeartbeat(message) : this.batcher.add(message);
  }

  /** After the consumer stopped: no refresh is left scheduled. */
  stop(): void {
    this.refresher.stop();
  }

  private async recordHeartbeat(message: ConsumeMessage): Promise<Settlement> {
    let event: HeartbeatEventV1;
    try {
      event = parseHeartbeatEvent(decodeBody(message));
    } catch (error) {
      return retry(`undecodable: ${String(error)}`, true);
    }
    try {
      await this.heartbeats.record(event);
      return ACK;
    } catch (error) {
      return retry(`heartbeat not recorded: ${String(error)}`);
    }
  }

  private async process(messages: ConsumeMessage[]): Promise<Settlement[]> {
    const decoded = messages.map(decode);
    const events = decoded.filter((d): d is JobEventV1 => !(d instanceof Error));
    let existing: Set<string>;
    try {
      existing = await this.store.existing(events.filter((e) => e.type !== JOB_DELETED).map((e) => e.aggregateId));
    } catch (error) {
      this.logger.warn(`PostgreSQL unavailable, ${messages.length} events will be retried: ${String(error)}`);
      return messages.map(() => retry(`PostgreSQL unavailable: ${String(error)}`));
    }
    // An event of a job that no longer exists is dropped: it must not bring the document back.
    const live = events.filter((e) => e.type === JOB_DELETED || existing.has(e.aggregateId));
    const outcomes = new Map<JobEventV1, IndexOutcome>();
    const bulk = this.metrics.bulkSeconds.startTimer();
    (await this.writer.write(live.map(toOperation))).forEach((outcome, i) => outcomes.set(live[i], outcome));
    if (live.length > 0) bulk();
    if ([...outcomes.values()].some((outcome) => outcome.kind === 'indexed')) this.refresher.request();
    const indexedAt = Date.now();

    const snapshots = live.filter((e) => e.type !== JOB_DELETED);
    const held = snapshots.filter((e) => ['indexed', 'stale'].includes(outcomes.get(e)!.kind));
    const refused = snapshots.filter((e) => outcomes.get(e)!.kind === 'rejected');
    try {
      // A stale event still proves Elasticsearch holds at least its version.
      await Promise.all([
        this.store.markSynced(latestPerJob(held).map(versionOf)),
        this.store.markRejected(latestPerJob(refused).map((e) => ({ ...versionOf(e), reason: (outcomes.get(e) as { reason: string }).reason }))),
      ]);
    } catch (error) {
      [...held, ...refused].forEach((e) => outcomes.set(e, { kind: 'retry', reason: `sync mark failed: ${String(error)}` }));
    }

    for (const event of events) {
      const outcome = outcomes.get(event);
      this.metrics.events.inc({ outcome: outcome?.kind ?? 'gone' });
      this.logOutcome(event, outcome);
      if (outcome?.kind === 'indexed') this.metrics.lagSeconds.observe((indexedAt - Date.parse(event.occurredAt)) / 1_000);
    }
    const retried = [...outcomes.values()].filter((o): o is Extract<IndexOutcome, { kind: 'retry' }> => o.kind === 'retry');
    if (retried.length > 0) this.logger.warn(`${retried.length} of ${messages.length} events will be retried: ${retried[0].reason}`);

    return decoded.map((d): Settlement => {
      if (d instanceof Error) return retry(d.message, true);
      const outcome = outcomes.get(d);
      if (!outcome || outcome.kind === 'indexed' || outcome.kind === 'stale') return ACK;
      return retry(outcome.reason, outcome.kind === 'rejected');
    });
  }

  /**
   * One line per event with its job, version, outcome and correlation id (`gone`: its job no
   * longer exists); retries only at debug, as an outage would repeat them for every event.
   */
  private logOutcome(event: JobEventV1, outcome: IndexOutcome | undefined): void {
    const line = {
      msg: 'job event processed',
      eventType: event.type,
      jobId: event.aggregateId,
      version: event.aggregateVersion,
      outcome: outcome?.kind ?? 'gone',
      correlationId: event.correlationId,
    };
    if (outcome?.kind === 'retry') this.logger.debug({ ...line, reason: outcome.reason });
    else if (outcome?.kind === 'rejected') this.logger.warn({ ...line, reason: outcome.reason });
    else this.logger.log(line);
  }
}

function decode(message: ConsumeMessage): JobEventV1 | Error {
  try {
    return parseJobEvent(decodeBody(message));
  } catch (error) {
    return new Error(`undecodable: ${String(error)}`);
  }
}

function toOperation(event: JobEventV1): IndexOperation {
  return event.type === JOB_DELETED
    ? { kind: 'delete', id: event.payload.id, version: event.payload.version }
    : { kind: 'index', doc: toJobDocument(event.payload) };
}

/** The newest event of each job among `events`. */
function latestPerJob(events: JobEventV1[]): JobEventV1[] {
  const latest = new Map<string, JobEventV1>();
  for (const event of events) {
    if (event.aggregateVersion > (latest.get(event.aggregateId)?.aggregateVersion ?? 0)) latest.set(event.aggregateId, event);
  }
  return [...latest.values()];
}

const versionOf = (event: JobEventV1) => ({ id: event.aggregateId, version: event.aggregateVersion });
