import { brokerConfig, databaseConfig, httpConfig, positiveInt, searchConfig } from '@jobstream/config';
import { z } from 'zod';

export const indexerConfig = z.object({
  ...databaseConfig,
  ...brokerConfig,
  ...searchConfig,
  ...httpConfig(3003),
  INDEXER_QUEUE: z.string().min(1).default('indexer.jobs'),
  /** Unacknowledged messages at once; also the most a bulk request carries. */
  INDEXER_PREFETCH: positiveInt(500),
  INDEXER_BATCH_SIZE: positiveInt(250),
  INDEXER_BATCH_WAIT_MS: positiveInt(50),
});
export type IndexerConfig = z.infer<typeof indexerConfig>;
