import { EventEnvelope } from '@jobstream/contracts';
import { DataSource } from 'typeorm';

export interface ClaimedEvent {
  seq: string;
  event: EventEnvelope;
}

/** An outbox row as PostgreSQL returns it. */
export interface OutboxRow {
  seq: string;
  event_id: string;
  aggregate_type: string;
  aggregate_id: string;
  event_type: string;
  aggregate_version: string;
  schema_version: number;
  payload: unknown;
  correlation_id: string | null;
  created_at: Date;
}

/**
 * Claims rows under a lease so that relays never publish the same row at the same time, and
 * keeps each aggregate's events in order: a row is claimed only if every earlier unpublished
 * row of its aggregate is claimed with it. A row skipped because another relay holds it (row
 * lock or live lease) therefore holds back the later rows of that aggregate too.
 */
const CLAIM_SQL = `
  WITH candidate AS (
    SELECT seq, aggregate_id FROM outbox
     WHERE published_at IS NULL AND (locked_until IS NULL OR locked_until < now())
     ORDER BY seq
     LIMIT $1
     FOR UPDATE SKIP LOCKED
  ), claimable AS (
    SELECT c.seq FROM candidate c
     WHERE NOT EXISTS (
       SELECT 1 FROM outbox earlier
        WHERE earlier.aggregate_id = c.aggregate_id
          AND earlier.published_at IS NULL
          AND earlier.seq < c.seq
          AND earlier.seq NOT IN (SELECT seq FROM candidate))
  )
  UPDATE outbox o
     SET locked_until = now() + make_interval(secs => $2::double precision / 1000),
         attempts = o.attempts + 1
    FROM claimable
   WHERE o.seq = claimable.seq
  RETURNING o.seq, o.event_id, o.aggregate_type, o.aggregate_id, o.event_type, o.aggregate_version,
            o.schema_version, o.payload, o.correlation_id, o.created_at`;

/** The envelope an outbox row stores. */
export function toEvent(row: OutboxRow): EventEnvelope {
  return {
    eventId: row.event_id,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    aggregateVersion: Number(row.aggregate_version),
    type: row.event_type,
    schemaVersion: row.schema_version,
    occurredAt: row.created_at.toISOString(),
    ...(row.correlation_id ? { correlationId: row.correlation_id } : {}),
    payload: row.payload,
  };
}

export class OutboxStore {
  constructor(private readonly db: DataSource) {}

  /** Returns up to `limit` events in order, leased for `leaseMs`. */
  async claim(limit: number, leaseMs: number): Promise<ClaimedEvent[]> {
    // TypeORM answers an UPDATE with [rows, rowCount].
    const [rows]: [OutboxRow[], number] = await this.db.query(CLAIM_SQL, [limit, leaseMs]);
    return rows
      .sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq)))
      .map((row) => ({ seq: row.seq, event: toEvent(row) }));
  }

  async markPublished(seqs: string[]): Promise<void> {
    if (seqs.length === 0) return;
    await this.db.query(
      `UPDATE outbox SET published_at = now(), locked_until = NULL, last_error = NULL WHERE seq = ANY($1::bigint[])`,
      [seqs],
    );
  }

  /** Gives rows back before their lease ends, recording why, so any relay may retry them. */
  async release(seqs: string[], error: string): Promise<void> {
    if (seqs.length === 0) return;
    await this.db.query(`UPDATE outbox SET locked_until = NULL, last_error = $2 WHERE seq = ANY($1::bigint[])`, [
      seqs,
      error.slice(0, 2000),
    ]);
  }

  /**
   * How many rows wait to be published, and the age of the oldest by commit order: both from
   * the partial index of unpublished rows.
   */
  async backlog(): Promise<{ rows: number; oldestAgeSeconds: number }> {
    const [row]: { rows: number; oldest_age: number | null }[] = await this.db.query(
      `SELECT (SELECT count(*)::int FROM outbox WHERE published_at IS NULL) AS rows,
              (SELECT extract(epoch FROM now() - created_at)::float8 FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT 1) AS oldest_age`,
    );
    return { rows: row.rows, oldestAgeSeconds: Math.max(0, row.oldest_age ?? 0) };
  }

  /**
   * Deletes the rows published more than `retentionMs` ago, `batchSize` per statement so no
   * transaction holds many locks; returns how many. Kept that long, they still answer "is this
   * job's event in flight?" (reconciler) and "what was deleted meanwhile?" (reindex).
   */
  async purgePublished(retentionMs: number, batchSize = 10_000): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted]: [unknown, number] = await this.db.query(
        `DELETE FROM outbox WHERE seq IN (
           SELECT seq FROM outbox
            WHERE published_at < now() - make_interval(secs => $1::double precision / 1000)
            LIMIT $2)`,
        [retentionMs, batchSize],
      );
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }
}
