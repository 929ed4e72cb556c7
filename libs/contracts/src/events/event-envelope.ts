import { z } from 'zod';

/**
 * The envelope every event travels in (after Debezium's outbox event router): the outbox row,
 * the AMQP message and the consumer all carry exactly these fields.
 */
export interface EventEnvelope<TType extends string = string, TPayload = unknown> {
  /** Unique per event; consumers use it to recognise redeliveries. */
  eventId: string;
  aggregateType: string;
  aggregateId: string;
  /** The aggregate's version after this event; orders the events of one aggregate. */
  aggregateVersion: number;
  type: TType;
  /** Version of the payload's schema, so a consumer can refuse a shape it does not know. */
  schemaVersion: number;
  occurredAt: string;
  /** Follows one request through every service's logs. */
  correlationId?: string;
  payload: TPayload;
}

export const isoDateTime = () => z.iso.datetime({ offset: true });

/** The envelope's zod shape for one event type, described for the published JSON Schemas. */
export function envelopeShape<TType extends string, TAggregate extends string>(type: TType, aggregateType: TAggregate, schemaVersion: number) {
  return {
    eventId: z.uuid().describe('Unique per event (UUIDv7); the same event delivered twice carries the same id.'),
    aggregateType: z.literal(aggregateType).describe('What kind of entity changed.'),
    aggregateId: z.uuid().describe("The changed entity's id; also the id in the payload."),
    aggregateVersion: z
      .number()
      .int()
      .positive()
      .describe("The entity's version after this event. Keep the highest version seen per aggregateId and drop events at or below it."),
    type: z.literal(type).describe('The event type; also the AMQP routing key.'),
    schemaVersion: z.literal(schemaVersion).describe("The payload schema's version; refuse versions you do not know."),
    occurredAt: isoDateTime().describe('When the change committed.'),
    correlationId: z.string().optional().describe('Follows one request through every service; absent when nobody asked.'),
  };
}
