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
