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
  /** How long SIGTERM waits for the commands in flight to finish and reply. */
  SHUTDOWN_DRAIN_MS: positiveInt(10_000),
});
export type JobWriterConfig = z.infer<typeof jobWriterConfig>;
