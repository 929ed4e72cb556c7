import { parseArgs } from 'node:util';
import { Command, OK, runAsTask, UsageError, withStores } from './command';

/** One round of seed 001's sync detection, on demand (the indexer also runs it on a timer), recorded as a RECONCILE task. */
export const reconcile: Command = async (args, config) => {
  const { values } = parseArgs({ args, options: { 'grace-ms': { type: 'string', default: '30000' } } });
  const graceMs = Number(values['grace-ms']);
  if (!Number.isInteger(graceMs) || graceMs < 0) throw new UsageError('--grace-ms must be a whole number');
  return withStores(config, async (db, client) => {
    const drift = await runAsTask(db, client, config, 'RECONCILE', { graceMs });
    console.log(`missing ${drift.missing}, behind ${drift.stale}, re-sent ${drift.requeued}, unindexable ${drift.unindexable} (refused by Elasticsearch, not re-sent)`);
    return OK;
  });
};
