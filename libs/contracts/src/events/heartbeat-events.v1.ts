import { z } from 'zod';
import { envelopeShape, EventEnvelope, isoDateTime } from './event-envelope';

export const PIPELINE_AGGREGATE = 'pipeline';
/**
 * The one aggregate every heartbeat belongs to: its version is the heartbeat's sequence number,
 * so the relay keeps heartbeats in order and Elasticsearch keeps only the newest.
 */
export const PIPELINE_AGGREGATE_ID = '00000000-0000-4000-8000-000000000001';
/** Sent through the whole pipeline every few seconds; the pipeline is healthy while they arrive. */
export const PIPELINE_HEARTBEAT = 'pipeline.heartbeat';
export const HEARTBEAT_EVENT_SCHEMA_VERSION = 1;

export interface HeartbeatV1 {
  /** Grows by one per heartbeat sent by any job-writer; also the event's aggregateVersion. */
  seq: number;
  sentAt: string;
}

export type HeartbeatEventV1 = EventEnvelope<typeof PIPELINE_HEARTBEAT, HeartbeatV1>;

export const HEARTBEAT_EVENT_SCHEMAS_V1 = {
  [PIPELINE_HEARTBEAT]: z
    .object({
      ...envelopeShape(PIPELINE_HEARTBEAT, PIPELINE_AGGREGATE, HEARTBEAT_EVENT_SCHEMA_VERSION),
      payload: z.object({ seq: z.number().int().positive(), sentAt: isoDateTime() }),
    })
    .describe('A heartbeat the job-writer sends every few seconds to prove the pipeline moves; safe to ignore.'),
};

/** Parses a decoded message body; throws with the list of problems when it is not a v1 heartbeat. */
export function parseHeartbeatEvent(body: unknown): HeartbeatEventV1 {
  const result = HEARTBEAT_EVENT_SCHEMAS_V1[PIPELINE_HEARTBEAT].safeParse(body);
  if (!result.success) throw new Error(`not a heartbeat v1: ${z.prettifyError(result.error)}`);
  return result.data as HeartbeatEventV1;
}

/** The envelope of heartbeat number `seq`, sent at `sentAt` (the commit time of its outbox row). */
export function heartbeatEvent(eventId: string, seq: number, sentAt: string): HeartbeatEventV1 {
  return {
    eventId,
    aggregateType: PIPELINE_AGGREGATE,
    aggregateId: PIPELINE_AGGREGATE_ID,
    aggregateVersion: seq,
    type: PIPELINE_HEARTBEAT,
    schemaVersion: HEARTBEAT_EVENT_SCHEMA_VERSION,
    occurredAt: sentAt,
    payload: { seq, sentAt },
  };
}
