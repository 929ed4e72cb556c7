import { Command, OK, runAsTask, withStores } from './command';

/** Zero-downtime reindex into the next generation of the jobs index, recorded as a REINDEX task. */
export const reindex: Command = async (_args, config) =>
  withStores(config, async (db, client) => {
    const report = await runAsTask(db, client, config, 'REINDEX', {});
    console.log(
      `${report.from} → ${report.to}: ${report.backfilled} backfilled, ${report.caughtUp} caught up, ` +
        `${report.deleted} deletions applied, ${report.durationMs} ms`,
    );
    return OK;
  });
