/** The newest heartbeat a job-writer committed. */
export interface SentHeartbeat {
  seq: number;
  sentAt: Date;
}

/** The newest heartbeat Elasticsearch holds. */
export interface ArrivedHeartbeat extends SentHeartbeat {
  indexedAt: Date;
}

import type { UnindexableSummary } from '@jobstream/persistence';

/** What /health/pipeline answers. */
export interface PipelineStatus {
  healthy: boolean;
  /** Why it is not healthy. */
  reason?: string;
  stallAfterMs: number;
  lastSent: { seq: number; sentAt: string; ageMs: number } | null;
  lastArrived: { seq: number; sentAt: string; indexedAt: string; ageMs: number; transitMs: number } | null;
  /** Heartbeats sent but not (yet) in Elasticsearch. */
  behind: number | null;
  /** Jobs whose current version Elasticsearch refused, and the newest refusal with its reason. */
  unindexable: UnindexableSummary;
}

/**
 * The pipeline is healthy while the newest heartbeat in Elasticsearch was sent less than
 * `stallAfterMs` ago. When it is not, the reason says which end stopped: nothing is being sent
 * (no job-writer running), or heartbeats are sent but do not arrive (relay, broker, indexer or
 * Elasticsearch stuck).
 */
export function assessPipeline(
  sent: SentHeartbeat | null,
  arrived: ArrivedHeartbeat | null | Error,
  now: Date,
  stallAfterMs: number,
): Omit<PipelineStatus, 'unindexable'> {
  const age = (at: Date) => now.getTime() - at.getTime();
  const lastSent = sent && { seq: sent.seq, sentAt: sent.sentAt.toISOString(), ageMs: age(sent.sentAt) };
  const lastArrived =
    arrived && !(arrived instanceof Error)
      ? {
          seq: arrived.seq,
          sentAt: arrived.sentAt.toISOString(),
          indexedAt: arrived.indexedAt.toISOString(),
          ageMs: age(arrived.sentAt),
          transitMs: arrived.indexedAt.getTime() - arrived.sentAt.getTime(),
        }
      : null;
  const status = { stallAfterMs, lastSent, lastArrived, behind: sent && lastArrived ? sent.seq - lastArrived.seq : null };
  if (lastArrived && lastArrived.ageMs <= stallAfterMs) return { healthy: true, ...status };
  const reason =
    arrived instanceof Error
      ? `cannot read the heartbeat from Elasticsearch: ${arrived.message}`
      : !lastSent || lastSent.ageMs > stallAfterMs
        ? `no heartbeat sent for over ${stallAfterMs} ms: is a job-writer running?`
        : `heartbeats are sent but none sent in the last ${stallAfterMs} ms reached Elasticsearch ` +
          `(${lastArrived ? `the newest there was sent ${lastArrived.ageMs} ms ago` : 'none has arrived yet'}): relay, RabbitMQ or indexer stalled`;
  return { healthy: false, reason, ...status };
}
