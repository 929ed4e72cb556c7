import { databaseConfig, searchConfig } from '@jobstream/config';
import { z } from 'zod';

/** What the operator commands reach: the job table and the jobs alias. */
export const cliConfig = z.object({
  ...databaseConfig,
  ...searchConfig,
});
export type CliConfig = z.infer<typeof cliConfig>;
