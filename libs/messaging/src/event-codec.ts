import { EventEnvelope } from '@jobstream/contracts';
import { ConsumeMessage, Options } from 'amqplib';

/** The AMQP form of an envelope: the body is the whole envelope, properties mirror its ids. */
export function encodeEvent(event: EventEnvelope): { content: Buffer; options: Options.Publish } {
  return {
    content: Buffer.from(JSON.stringify(event)),
    options: {
      persistent: true,
      contentType: 'application/json',
      messageId: event.eventId,
      type: event.type,
      correlationId: event.correlationId,
      timestamp: Math.floor(Date.parse(event.occurredAt) / 1000),
      headers: {
        'x-schema-version': event.schemaVersion,
        'x-aggregate-version': event.aggregateVersion,
        ...(event.correlationId ? { 'x-correlation-id': event.correlationId } : {}),
      },
    },
  };
}

/** The decoded body, unvalidated: the consumer checks it against its event contract. */
export function decodeBody(message: ConsumeMessage): unknown {
  return JSON.parse(message.content.toString('utf8'));
}
