import { parseOwnerEvent } from '@jobstream/contracts';
import { ACK, decodeBody, Settlement } from '@jobstream/messaging';
import { Logger } from '@nestjs/common';
import { ConsumeMessage } from 'amqplib';
import { JobRedenormalizer } from './job-redenormalizer';

/** Runs `work` with the event's correlation id in every log line (libs/logging's runInLogContext, given by the app). */
export type InLogContext = (bindings: { correlationId: string | undefined }, work: () => Promise<void>) => Promise<void>;

/**
 * The job-writer's consumer of `user.changed` and `workspace.changed`: re-applies the owner's new
 * name, email or hostname (or deletion) to each of its jobs, `batchSize` jobs per transaction, each
 * with its own event. An undecodable message is parked after its few attempts; a failure of the
 * writes is retried by the consumer.
 */
export function ownerChangeHandler(redenormalizer: JobRedenormalizer, batchSize: number, inLogContext: InLogContext) {
  const logger = new Logger('OwnerChanges');
  return async (message: ConsumeMessage): Promise<Settlement> => {
    let event;
    try {
      event = parseOwnerEvent(decodeBody(message));
    } catch (error) {
      return { kind: 'retry', reason: String(error), permanent: true };
    }
    const { type, payload, correlationId } = event;
    await inLogContext({ correlationId }, async () => {
      const jobs = await redenormalizer.ownerChanged(type, payload.id, batchSize, correlationId);
      logger.log({ msg: 'owner change applied to its jobs', event: type, id: payload.id, jobs });
    });
    return ACK;
  };
}
