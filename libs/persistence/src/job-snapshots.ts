import { JobSnapshotV1 } from '@jobstream/contracts';
import { EntityManager } from 'typeorm';

interface SnapshotRow {
  id: string;
  workspace_id: string | null;
  workspace_hostname: string | null;
  user_id: string;
  user_name: string;
  user_deleted: boolean;
  user_email: string | null;
  status: JobSnapshotV1['status'];
  type: JobSnapshotV1['type'];
  project_name: string;
  hostname: string | null;
  arch: string | null;
  error_message: string | null;
  metadata: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  version: string;
}

const SNAPSHOT_SQL = `SELECT j.id, j.workspace_id, w.hostname AS workspace_hostname, j.user_id, u.name AS user_name,
            u.deleted_at IS NOT NULL AS user_deleted, j.user_email, j.status, j.type, j.project_name, j.hostname, j.arch, j.error_message,
            j.metadata, j.created_at, j.updated_at, j.completed_at, j.version
       FROM job j
       JOIN users u ON u.id = j.user_id
       LEFT JOIN workspace w ON w.id = j.workspace_id
      WHERE j.id = ANY($1::uuid[])`;

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
  const rows: SnapshotRow[] = await manager.query(SNAPSHOT_SQL, [ids]);
  return rows.map(toSnapshot);
}

function toSnapshot(row: SnapshotRow): JobSnapshotV1 {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    workspaceHostname: row.workspace_hostname,
    userId: row.user_id,
    userName: row.user_name,
    userEmail: row.user_email,
    userDeleted: row.user_deleted,
    status: row.status,
    type: row.type,
    projectName: row.project_name,
    hostname: row.hostname,
    arch: row.arch,
    errorMessage: row.error_message,
    metadata: row.metadata,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
    version: Number(row.version),
  };
}
