import { EventEnvelope } from '@jobstream/contracts';

/** Where the relay sends events; resolves only once the broker has confirmed the message. */
export interface OutboxPublisher {
  publish(event: EventEnvelope): Promise<void>;
}
