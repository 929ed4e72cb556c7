import { Client } from '@elastic/elasticsearch';
import { ConsistencyChecker } from '@jobstream/consistency';
import { OutboxWriter } from '@jobstream/persistence';
import { defaultReconcilePolicy, JobReconciler, ReconcilePolicy } from '@jobstream/reconciliation';
import { JobsReindexer } from '@jobstream/reindex';
import { DataSource } from 'typeorm';
import { TaskHandlers } from '@jobstream/tasks';

export interface OperatorTaskStores {
  db: DataSource;
  client: Client;
  alias: string;
  reconcilePolicy: ReconcilePolicy;
}

/** A whole number option of a task's payload, else the run's default. */
const option = (payload: Record<string, unknown>, key: string): number | undefined =>
  Number.isInteger(payload[key]) && (payload[key] as number) > 0 ? (payload[key] as number) : undefined;

/**
 * What each kind of task runs, with the payload's options (all optional): REINDEX `batchSize`,
 * RECONCILE `graceMs`, REPAIR `rangeSize` and `deep`. Each answers its report, the task's result.
 */
export function operatorTaskHandlers({ db, client, alias, reconcilePolicy }: OperatorTaskStores) {
  return {
    REINDEX: (payload, progress) => new JobsReindexer(db, client, alias).reindex({ batchSize: option(payload, 'batchSize'), onProgress: progress }),
    RECONCILE: async (payload) => {
      const graceMs = option(payload, 'graceMs');
      return new JobReconciler(db, new OutboxWriter(), defaultReconcilePolicy({ ...reconcilePolicy, ...(graceMs && { graceMs }) })).reconcile();
    },
    REPAIR: (payload, progress) =>
      new ConsistencyChecker(db, client, alias).check({ repair: true, deep: payload.deep === true, rangeSize: option(payload, 'rangeSize'), onProgress: progress }),
  } satisfies TaskHandlers;
}

export type OperatorTaskHandlers = ReturnType<typeof operatorTaskHandlers>;
