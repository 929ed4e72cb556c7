import { ConsistencyChecker, formatConsistencyReport, hasDrift } from '@jobstream/consistency';
import { parseArgs } from 'node:util';
import { Command, DRIFT, OK, runAsTask, UsageError, withStores } from './command';

/** Compares PostgreSQL with the jobs index; exits 1 on drift (also when --repair fixed it). A repair is recorded as a REPAIR task. */
export const check: Command = async (args, config) => {
  const { values } = parseArgs({
    args,
    options: {
      repair: { type: 'boolean', default: false },
      deep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'range-size': { type: 'string', default: '10000' },
    },
  });
  const rangeSize = Number(values['range-size']);
  if (!Number.isInteger(rangeSize) || rangeSize < 1) throw new UsageError(`--range-size must be a positive integer`);
  return withStores(config, async (db, client) => {
    const report = values.repair
      ? await runAsTask(db, client, config, 'REPAIR', { deep: values.deep, rangeSize })
      : await new ConsistencyChecker(db, client, config.ES_JOBS_ALIAS).check({ deep: values.deep, rangeSize });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatConsistencyReport(report));
    return hasDrift(report) ? DRIFT : OK;
  });
};
