import { brokerConfig, databaseConfig, httpConfig, loggingConfig, positiveInt, searchConfig } from '@jobstream/config';
import { z } from 'zod';

export const gatewayConfig = z.object({
  ...databaseConfig,
  ...brokerConfig,
  ...searchConfig,
  ...httpConfig(3000),
  ...loggingConfig('gateway'),
  /** How long a write waits for the job-writer's reply before answering 503. */
  WRITER_TIMEOUT_MS: positiveInt(10_000),
  /** Requests per API key (or per IP without a valid key) in each window; more are answered 429. */
  RATE_LIMIT_MAX: positiveInt(1_200),
  RATE_LIMIT_WINDOW_MS: positiveInt(60_000),
  /** How long a key lookup is reused: another gateway sees a revocation within this time. 0 disables. */
  API_KEY_CACHE_MS: z.coerce.number().int().min(0).default(5_000),
});
export type GatewayConfig = z.infer<typeof gatewayConfig>;
