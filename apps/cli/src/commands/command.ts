import { Client } from '@elastic/elasticsearch';
import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { dataSourceOptions } from '@jobstream/persistence';
import { defaultReconcilePolicy } from '@jobstream/reconciliation';
import { createEsClient } from '@jobstream/search';
import { operatorTaskHandlers, OperatorTaskHandlers } from '@jobstream/operator-tasks';
import { defaultTaskPolicy, TaskExecutor, TaskHandler, TaskStore } from '@jobstream/tasks';
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

/**
 * Runs an operator task here and now, recorded as a background task by the system (created_by
 * null), so runs from the command line show in GET /tasks beside those asked for through the API.
 */
export function runAsTask<T extends keyof OperatorTaskHandlers>(
  db: DataSource,
  client: Client,
  config: CliConfig,
  type: T,
  payload: Record<string, unknown>,
): ReturnType<OperatorTaskHandlers[T]> {
  const policy = defaultTaskPolicy();
  const handler: TaskHandler = operatorTaskHandlers({ db, client, alias: config.ES_JOBS_ALIAS, reconcilePolicy: defaultReconcilePolicy() })[type];
  const executor = new TaskExecutor(new TaskStore(db, new AuditWriter(), policy), policy);
  return executor.run(type, payload, SYSTEM_ACTOR, (progress) => handler(payload, progress)) as ReturnType<OperatorTaskHandlers[T]>;
}
