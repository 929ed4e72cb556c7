import { JobsReindexer } from '@jobstream/reindex';
import { Command, OK, withStores } from './command';

/** Zero-downtime reindex into the next generation of the jobs index. */
export const reindex: Command = async (_args, config) =>
  withStores(config, async (db, client) => {
    const report = await new JobsReindexer(db, client, config.ES_JOBS_ALIAS).reindex();
    console.log(
      `${report.from} → ${report.to}: ${report.backfilled} backfilled, ${report.caughtUp} caught up, ` +
        `${report.deleted} deletions applied, ${report.durationMs} ms`,
    );
    return OK;
  });
