import { brokerConfig, databaseConfig, httpConfig, loggingConfig, positiveInt, searchConfig } from '@jobstream/config';
import { z } from 'zod';

export const indexerConfig = z.object({
  ...databaseConfig,
  ...brokerConfig,
  ...searchConfig,
  ...httpConfig(3003),
  ...loggingConfig('indexer'),
  INDEXER_QUEUE: z.string().min(1).default('indexer.jobs'),
  /** Unacknowledged messages at once; also the most a bulk request carries. */
  INDEXER_PREFETCH: positiveInt(500),
  INDEXER_BATCH_SIZE: positiveInt(250),
  INDEXER_BATCH_WAIT_MS: positiveInt(50),
  /**
   * After a bulk write the index is refreshed, at most once per this interval, so new documents
   * are searchable well before the index's 1 s refresh_interval (0: leave it to that alone).
   */
  INDEXER_REFRESH_MIN_INTERVAL_MS: z.coerce.number().int().min(0).default(200),
  /** How often seed 001's sync detection runs (0: never; the CLI's `reconcile` runs it on demand). */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
  /** A job whose event left the outbox less than this long ago is in flight, not lost. */
  RECONCILE_GRACE_MS: positiveInt(30_000),
  /** How often the consistency check runs with repair, removing orphans (0: never). */
  CLEANUP_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
  /** How often the indexer looks for background tasks to run (POST /tasks; 0: never). */
  TASK_POLL_INTERVAL_MS: z.coerce.number().int().min(0).default(1_000),
  /** A running task's lease: a task whose worker stops renewing it for this long is taken over. */
  TASK_LEASE_MS: positiveInt(60_000),
});
export type IndexerConfig = z.infer<typeof indexerConfig>;
