import { Client } from '@elastic/elasticsearch';
import { dataSourceOptions } from '@jobstream/persistence';
import { createEsClient } from '@jobstream/search';
import { DataSource } from 'typeorm';
import { CliConfig } from '../config';

/** Exit codes: scripts and cron jobs tell drift from a failed run. */
export const OK = 0;
export const DRIFT = 1;
export const ERROR = 2;

/** A mistake in the command line: answered with the usage. */
export class UsageError extends Error {}

export type Command = (args: string[], config: CliConfig) => Promise<number>;

/** Opens the database and the Elasticsearch client for one command, and closes both after it. */
export async function withStores<T>(config: CliConfig, work: (db: DataSource, client: Client) => Promise<T>): Promise<T> {
  const db = await new DataSource(dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE)).initialize();
  const client = createEsClient(config.ES_URL, config.ES_REQUEST_TIMEOUT_MS);
  try {
    return await work(db, client);
  } finally {
    await Promise.allSettled([db.destroy(), client.close()]);
  }
}
