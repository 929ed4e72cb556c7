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
  /** Each Elasticsearch read of GET /jobs and GET /jobs/:id; past it PostgreSQL answers. */
  SEARCH_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(750),
  /** How long the search circuit breaker stays open before it lets one read try Elasticsearch again. */
  SEARCH_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** The PostgreSQL fallback's bounds: the page query, and the facet counts (left out past it). */
  FALLBACK_PAGE_TIMEOUT_MS: positiveInt(5_000),
  FALLBACK_FACETS_TIMEOUT_MS: positiveInt(400),
  /** How long a read carrying `minVersion` waits for Elasticsearch to show that version. */
  READ_YOUR_WRITES_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(3_000),
  /** A dashboard session ends this long after sign-in, or after this long without a request. */
  SESSION_TTL_MS: positiveInt(12 * 3_600_000),
  SESSION_IDLE_MS: positiveInt(30 * 60_000),
  /** Failed sign-ins one address may make in a minute before its sign-ins are refused (429) for the rest of it. */
  SIGN_IN_FAILURES_PER_MINUTE: positiveInt(10),
  /** Where the built dashboard is (served at /ui/); a relative path is from the working directory. */
  DASHBOARD_DIR: z.string().default('dist/apps/dashboard'),
  /** Queues whose dead letters the operations page lists and replays. */
  DEAD_LETTER_QUEUES: z
    .string()
    .default('indexer.jobs,job-writer.commands,job-writer.owner-changes')
    .transform((names) => names.split(',').map((name) => name.trim()).filter(Boolean)),
  /** /health/pipeline turns red when no heartbeat sent within this long has reached Elasticsearch (the job-writer sends one every 3 s). */
  HEARTBEAT_STALL_MS: positiveInt(15_000),
});
export type GatewayConfig = z.infer<typeof gatewayConfig>;
