import { brokerConfig, databaseConfig, loggingConfig, searchConfig } from '@jobstream/config';
import { z } from 'zod';

/** What the operator commands reach: the job table, the jobs alias and the queues that park messages. */
export const cliConfig = z.object({
  ...databaseConfig,
  ...searchConfig,
  ...brokerConfig,
  // Library lines (a lost broker connection, say) as JSON on stderr; stdout is the command's output.
  ...loggingConfig('cli', 'warn'),
  INDEXER_QUEUE: z.string().min(1).default('indexer.jobs'),
});
export type CliConfig = z.infer<typeof cliConfig>;
