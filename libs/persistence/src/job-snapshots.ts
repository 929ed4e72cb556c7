import { JobSnapshotV1 } from '@jobstream/contracts';
import { EntityManager } from 'typeorm';

/** A timestamp as JavaScript's toISOString writes it (job times are stored at millisecond precision). */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The job snapshot of the v1 event contract (JobSnapshotV1) as a jsonb expression, built where
 * the rows are: the write side's single statements put it in the outbox and audit rows without a
 * round trip or a serialisation in Node, and every reader below gets the same shape.
 * `job` is a job row's alias; the owner's and the workspace's fields are expressions.
 */
export function jobSnapshotJson(job: string, owner: { name: string; deleted: string }, workspaceHostname: string): string {
  return `jsonb_build_object(
    'id', ${job}.id, 'workspaceId', ${job}.workspace_id, 'workspaceHostname', ${workspaceHostname},
    'userId', ${job}.user_id, 'userName', ${owner.name}, 'userEmail', ${job}.user_email, 'userDeleted', ${owner.deleted},
    'status', ${job}.status, 'type', ${job}.type, 'projectName', ${job}.project_name, 'hostname', ${job}.hostname,
    'arch', ${job}.arch, 'errorMessage', ${job}.error_message, 'metadata', ${job}.metadata,
    'createdAt', ${iso(`${job}.created_at`)}, 'updatedAt', ${iso(`${job}.updated_at`)}, 'completedAt', ${iso(`${job}.completed_at`)},
    'version', ${job}.version)`;
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
