import { brokerConfig, databaseConfig, httpConfig, loggingConfig, positiveInt } from '@jobstream/config';
import { z } from 'zod';

export const jobWriterConfig = z.object({
  ...databaseConfig,
  ...brokerConfig,
  ...httpConfig(3001),
  ...loggingConfig('job-writer'),
  /** Commands handled at once; each holds a database connection while it runs. */
  WRITER_PREFETCH: positiveInt(16),
  /** Owner changes whose jobs are re-versioned at once. */
  OWNER_CHANGES_QUEUE: z.string().min(1).default('job-writer.owner-changes'),
  OWNER_CHANGES_BATCH: positiveInt(500),
  /** How often a heartbeat is sent down the pipeline (0: never); the gateway's /health/pipeline watches it arrive. */
  HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(0).default(3_000),
  /** audit_logs partitions kept ready beyond the current month, checked at start-up and every AUDIT_PARTITION_CHECK_MS. */
  AUDIT_PARTITION_MONTHS_AHEAD: z.coerce.number().int().min(1).max(24).default(2),
  AUDIT_PARTITION_CHECK_MS: positiveInt(6 * 3_600_000),
  /** How long SIGTERM waits for the commands in flight to finish and reply. */
  SHUTDOWN_DRAIN_MS: positiveInt(10_000),
});
export type JobWriterConfig = z.infer<typeof jobWriterConfig>;
