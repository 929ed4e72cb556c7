import { brokerConfig, databaseConfig, httpConfig, loggingConfig, positiveInt } from '@jobstream/config';
import { z } from 'zod';

export const outboxRelayConfig = z.object({
  ...databaseConfig,
  ...brokerConfig,
  ...httpConfig(3002),
  ...loggingConfig('outbox-relay'),
  OUTBOX_BATCH_SIZE: positiveInt(500),
  /** Must outlast OUTBOX_PUBLISH_TIMEOUT_MS, or a second relay may re-send a row still in flight. */
  OUTBOX_LEASE_MS: positiveInt(30_000),
  OUTBOX_POLL_INTERVAL_MS: positiveInt(1_000),
  OUTBOX_PUBLISH_TIMEOUT_MS: positiveInt(10_000),
  /** Published rows are kept this long (the reconciler and reindex read recent ones), then purged. */
  OUTBOX_RETENTION_MS: positiveInt(7 * 24 * 3_600_000),
  OUTBOX_PURGE_INTERVAL_MS: z.coerce.number().int().min(0).default(600_000),
});
export type OutboxRelayConfig = z.infer<typeof outboxRelayConfig>;
