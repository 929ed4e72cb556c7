import { JOB_SNAPSHOT_FIELDS_V1, JobOwnerViewFieldV1, JobSnapshotV1 } from '@jobstream/contracts';
import { EntityManager } from 'typeorm';
import { jobColumn } from './job-columns';

/** A timestamp as JavaScript's toISOString writes it (job times are stored at millisecond precision). */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A job field of row `job` as the snapshot carries it: its column, timestamps as ISO-8601 text. */
function jobFieldJson(job: string, field: Exclude<keyof JobSnapshotV1, JobOwnerViewFieldV1>): string {
  const { name, type } = jobColumn(field);
  return type === 'timestamptz' ? iso(`${job}.${name}`) : `${job}.${name}`;
}

/**
 * The job snapshot of the v1 event contract (JobSnapshotV1) as a jsonb expression, built where
 * the rows are: the write side's single statements put it in the outbox and audit rows without a
 * round trip or a serialisation in Node, and every reader below gets the same shape. Its fields
 * are the contract's, in its order, each job field from its JobEntity column. `job` is a job row's
 * alias; the owner's and the workspace's fields are expressions. Built once per statement, at load.
 */
export function jobSnapshotJson(job: string, owner: { name: string; deleted: string }, workspaceHostname: string): string {
  const ownerView: Record<JobOwnerViewFieldV1, string> = { workspaceHostname, userName: owner.name, userDeleted: owner.deleted };
  const isOwnerView = (field: keyof JobSnapshotV1): field is JobOwnerViewFieldV1 => field in ownerView;
  const fields = JOB_SNAPSHOT_FIELDS_V1.map((field) => `'${field}', ${isOwnerView(field) ? ownerView[field] : jobFieldJson(job, field)}`);
  return `jsonb_build_object(${fields.join(', ')})`;
}

/** The snapshot of job `j` joined with its owner `u` and workspace `w` as they are now. */
export const JOINED_SNAPSHOT = jobSnapshotJson('j', { name: 'u.name', deleted: 'u.deleted_at IS NOT NULL' }, 'w.hostname');
/** The joins JOINED_SNAPSHOT reads. */
export const SNAPSHOT_JOINS = `JOIN users u ON u.id = j.user_id LEFT JOIN workspace w ON w.id = j.workspace_id`;

/**
 * A job joined with its owner and workspace, as of the caller's transaction: the write side
 * puts it in events, and strongly consistent reads answer with it.
 */
export async function loadJobSnapshot(manager: EntityManager, id: string): Promise<JobSnapshotV1 | null> {
  const [job] = await loadJobSnapshots(manager, [id]);
  return job ?? null;
}

/** Many at once, in no particular order; ids without a job are left out. */
export async function loadJobSnapshots(manager: EntityManager, ids: string[]): Promise<JobSnapshotV1[]> {
  const rows: { snapshot: JobSnapshotV1 }[] = await manager.query(
    `SELECT ${JOINED_SNAPSHOT} AS snapshot FROM job j ${SNAPSHOT_JOINS} WHERE j.id = ANY($1::uuid[])`,
    [ids],
  );
  return rows.map((row) => row.snapshot);
}
