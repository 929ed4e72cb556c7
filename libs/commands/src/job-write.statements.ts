import { AUDIT_COLUMNS } from '@jobstream/audit';
import { JOB_AGGREGATE, JOB_CREATED, JOB_EVENT_SCHEMA_VERSION, JOB_STATUS_CHANGED } from '@jobstream/contracts';
import { jobSnapshotJson, JOINED_SNAPSHOT, OUTBOX_COLUMNS, SNAPSHOT_JOINS } from '@jobstream/persistence';

/*
 * The job writes as single statements: the row, its outbox event and its audit row commit
 * together because one statement is one transaction, so a create costs one round trip instead
 * of seven (BEGIN, owner, insert, snapshot, outbox, audit, COMMIT), and PostgreSQL builds the
 * snapshot JSON once for the event, the audit row and the reply. Parameters $1–$4 are always the
 * actor: user id, client address, user agent, request id.
 */

/**
 * Creates the jobs of `$5`, a JSON array of
 * `{ ord, id, userId, workspaceId, type, projectName, hostname, arch, metadata, correlationId, eventId, auditId }`,
 * each only if its owner is live, its workspace (if any) exists and is live, holding both FOR
 * SHARE (an owner change waits, so its fan-out sees the new jobs), and no deleted job had its id
 * (job_deletions). One row per item, in `ord` order: why it was not created, or its snapshot
 * (`created` false: it already existed).
 */
export const CREATE_JOBS = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($5::jsonb) AS i(
    ord int, id uuid, "userId" uuid, "workspaceId" uuid, type text, "projectName" text, hostname text, arch text,
    metadata jsonb, "correlationId" text, "eventId" uuid, "auditId" uuid)
),
owners AS (SELECT id, name, email, deleted_at FROM users WHERE id IN (SELECT "userId" FROM input) FOR SHARE),
workspaces AS (SELECT id, hostname, arch, deleted_at FROM workspace WHERE id IN (SELECT "workspaceId" FROM input) FOR SHARE),
deletions AS (SELECT id, version FROM job_deletions WHERE id IN (SELECT id FROM input)),
checked AS (
  SELECT i.*, d.version AS deleted_version, o.id IS NOT NULL AS owner_found, o.deleted_at IS NOT NULL AS owner_deleted, o.name AS owner_name, o.email AS owner_email,
         w.id IS NOT NULL AS workspace_found, w.deleted_at IS NOT NULL AS workspace_deleted, w.hostname AS workspace_hostname, w.arch AS workspace_arch
    FROM input i LEFT JOIN owners o ON o.id = i."userId" LEFT JOIN workspaces w ON w.id = i."workspaceId"
         LEFT JOIN deletions d ON d.id = i.id
),
inserted AS (
  INSERT INTO job (id, user_id, user_email, workspace_id, status, type, project_name, hostname, arch, metadata, version)
  SELECT id, "userId", owner_email, "workspaceId", 'PENDING', type, "projectName",
         -- A job on a workspace runs where the workspace is, unless the command says otherwise.
         COALESCE(hostname, workspace_hostname), COALESCE(arch, workspace_arch), metadata, 1
    FROM checked
   WHERE deleted_version IS NULL AND owner_found AND NOT owner_deleted AND ("workspaceId" IS NULL OR (workspace_found AND NOT workspace_deleted))
   ORDER BY ord
  ON CONFLICT (id) DO NOTHING
  RETURNING *
),
created AS (
  SELECT c.ord, c."eventId", c."auditId", c."correlationId", j.id, j.version, j.updated_at,
         ${jobSnapshotJson('j', { name: 'c.owner_name', deleted: 'false' }, 'c.workspace_hostname')} AS snapshot
    FROM inserted j JOIN checked c ON c.id = j.id
),
events AS (
  INSERT INTO outbox (${OUTBOX_COLUMNS})
  SELECT "eventId", '${JOB_AGGREGATE}', id, '${JOB_CREATED}', version, ${JOB_EVENT_SCHEMA_VERSION}, snapshot, "correlationId", updated_at
    FROM created ORDER BY ord
),
audits AS (
  INSERT INTO audit_logs (${AUDIT_COLUMNS})
  SELECT "auditId", $1::uuid, 'job.create', 'job', id, NULL, snapshot, $2::inet, $3, $4
    FROM created
)
SELECT c.ord, c.deleted_version::int, c.owner_found, c.owner_deleted, c.workspace_found, c.workspace_deleted, cr.id IS NOT NULL AS created,
       -- A scalar subquery, looked up by primary key only for items that created nothing: as a
       -- lateral join the planner flattened it into a scan of the whole job table.
       COALESCE(cr.snapshot, (SELECT ${JOINED_SNAPSHOT} FROM job j ${SNAPSHOT_JOINS} WHERE j.id = c.id)) AS snapshot
  FROM checked c
  LEFT JOIN created cr ON cr.ord = c.ord
 ORDER BY c.ord`;

/** Deletes job `$1` and records its deletion at version `$2`, time `$3`, in one round trip. */
export const DELETE_JOB = `
WITH gone AS (DELETE FROM job WHERE id = $1 RETURNING id)
INSERT INTO job_deletions (id, version, deleted_at) SELECT id, $2, $3 FROM gone
ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, deleted_at = EXCLUDED.deleted_at`;

/** The job row as the domain's transition needs it, read without a lock (TRANSITION_JOB compares versions). */
export const READ_JOB = `
SELECT id, workspace_id AS "workspaceId", user_id AS "userId", status, type, project_name AS "projectName", hostname, arch,
       user_email AS "userEmail", error_message AS "errorMessage", metadata, created_at AS "createdAt", updated_at AS "updatedAt",
       completed_at AS "completedAt", version::int
  FROM job WHERE id = $1`;

/**
 * Writes a status change if the job is still at version `$9` (compare and set: a concurrent
 * writer makes it match nothing, and the caller reads again), with its event and its audit row,
 * whose before-image is the snapshot with the fields `$12` held before. Answers the new snapshot.
 */
export const TRANSITION_JOB = `
WITH updated AS (
  UPDATE job SET status = $6, error_message = $7, completed_at = $8, version = version + 1
   WHERE id = $5 AND version = $9
  RETURNING *
),
changed AS (
  SELECT j.id, j.version, j.updated_at, ${JOINED_SNAPSHOT} AS snapshot FROM updated j ${SNAPSHOT_JOINS}
),
events AS (
  INSERT INTO outbox (${OUTBOX_COLUMNS})
  SELECT $10::uuid, '${JOB_AGGREGATE}', id, '${JOB_STATUS_CHANGED}', version, ${JOB_EVENT_SCHEMA_VERSION}, snapshot, $11, updated_at FROM changed
),
audits AS (
  INSERT INTO audit_logs (${AUDIT_COLUMNS})
  SELECT $13::uuid, $1::uuid, 'job.transition', 'job', id, snapshot || $12::jsonb, snapshot, $2::inet, $3, $4 FROM changed
)
SELECT snapshot FROM changed`;
