import { brokerConfig, databaseConfig, httpConfig, positiveInt, searchConfig } from '@jobstream/config';
import { z } from 'zod';

export const gatewayConfig = z.object({
  ...databaseConfig,
  ...brokerConfig,
  ...searchConfig,
  ...httpConfig(3000),
  /** How long a write waits for the job-writer's reply before answering 503. */
  WRITER_TIMEOUT_MS: positiveInt(10_000),
});
export type GatewayConfig = z.infer<typeof gatewayConfig>;
