import { parseJobEvent } from '@jobstream/contracts';
import { decodeBody, Settlement } from '@jobstream/messaging';
import { IndexOutcome, JobIndexWriter, toJobDocument } from '@jobstream/search';
import { Logger } from '@nestjs/common';
import { ConsumeMessage } from 'amqplib';
import { BatchingPolicy } from './batching-policy';
import { MicroBatcher } from './micro-batcher';

/** Records which job versions Elasticsearch now holds (the job table's sync columns). */
export interface SyncRecorder {
  markSynced(jobs: { id: string; version: number }[]): Promise<void>;
}

type Decoded = { ok: true; id: string; version: number; doc: ReturnType<typeof toJobDocument> } | { ok: false; reason: string };

/**
 * Turns job events into search documents, in bulk. A message is acknowledged only after its own
 * document was accepted (or found stale) and the sync mark is written; failures that may pass
 * are requeued after a pause; messages that can never be indexed are rejected to the dead
 * letter queue.
 */
export class JobIndexingPipeline {
  private readonly logger = new Logger(JobIndexingPipeline.name);
  private readonly batcher: MicroBatcher<ConsumeMessage, Settlement>;
  private failures = 0;

  constructor(
    private readonly writer: JobIndexWriter,
    private readonly sync: SyncRecorder,
    private readonly policy: BatchingPolicy,
  ) {
    this.batcher = new MicroBatcher((messages) => this.process(messages), policy.maxBatch, policy.maxWaitMs);
  }

  handle(message: ConsumeMessage): Promise<Settlement> {
    return this.batcher.add(message);
  }

  private async process(messages: ConsumeMessage[]): Promise<Settlement[]> {
    const decoded = messages.map(decode);
    const valid = decoded.filter((d): d is Extract<Decoded, { ok: true }> => d.ok);
    const outcomes = new Map<Decoded, IndexOutcome>();
    (await this.writer.write(valid.map((d) => d.doc))).forEach((outcome, i) => outcomes.set(valid[i], outcome));

    const held = valid.filter((d) => ['indexed', 'stale'].includes(outcomes.get(d)!.kind));
    try {
      // A stale event still proves Elasticsearch holds at least its version.
      await this.sync.markSynced(latestPerJob(held));
    } catch (error) {
      this.logger.warn(`could not record sync state, requeueing: ${String(error)}`);
      held.forEach((d) => outcomes.set(d, { kind: 'retry', reason: 'sync mark failed' }));
    }

    const settlements = decoded.map((d): Settlement => {
      if (!d.ok) {
        this.logger.error(`rejecting undecodable message: ${d.reason}`);
        return 'reject';
      }
      const outcome = outcomes.get(d)!;
      if (outcome.kind === 'rejected') this.logger.error(`rejecting job ${d.id} v${d.version}: ${outcome.reason}`);
      return outcome.kind === 'retry' ? 'requeue' : outcome.kind === 'rejected' ? 'reject' : 'ack';
    });
    await this.pauseAfterFailure(settlements.includes('requeue'));
    return settlements;
  }

  /** Slows redelivery while Elasticsearch or PostgreSQL is away, instead of spinning on it. */
  private async pauseAfterFailure(failed: boolean): Promise<void> {
    this.failures = failed ? this.failures + 1 : 0;
    if (failed) await new Promise((resolve) => setTimeout(resolve, this.policy.retryDelayMs(this.failures)));
  }
}

function decode(message: ConsumeMessage): Decoded {
  try {
    const event = parseJobEvent(decodeBody(message));
    return { ok: true, id: event.payload.id, version: event.payload.version, doc: toJobDocument(event.payload) };
  } catch (error) {
    return { ok: false, reason: String(error) };
  }
}

function latestPerJob(items: { id: string; version: number }[]): { id: string; version: number }[] {
  const latest = new Map<string, number>();
  for (const { id, version } of items) latest.set(id, Math.max(version, latest.get(id) ?? 0));
  return [...latest].map(([id, version]) => ({ id, version }));
}
