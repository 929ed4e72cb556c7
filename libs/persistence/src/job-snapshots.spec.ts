import { JOB_SNAPSHOT_FIELDS_V1 } from '@jobstream/contracts';
import { jobColumn } from './job-columns';
import { jobSnapshotJson } from './job-snapshots';

describe(jobSnapshotJson.name, () => {
  const sql = jobSnapshotJson('j', { name: 'u.name', deleted: 'u.deleted_at IS NOT NULL' }, 'w.hostname');

  it('builds every field of the v1 contract, once and in its order', () => {
    const keys = [...sql.matchAll(/(?:\(|, )'(\w+)', /g)].map((match) => match[1]);

    expect(keys).toEqual(JOB_SNAPSHOT_FIELDS_V1);
  });

  it("reads the job's fields from their columns, times as ISO-8601 text, and the owner's from the given expressions", () => {
    expect(sql).toContain(`'workspaceId', j.workspace_id,`);
    expect(sql).toContain(`'completedAt', to_char(j.completed_at AT TIME ZONE 'UTC'`);
    expect(sql).toContain(`'userName', u.name,`);
    expect(sql).toContain(`'userDeleted', u.deleted_at IS NOT NULL,`);
    expect(sql).toContain(`'workspaceHostname', w.hostname,`);
  });
});

describe(jobColumn.name, () => {
  it('answers the column JobEntity maps a field to, with its type and nullability', () => {
    expect(jobColumn('id')).toEqual({ name: 'id', type: 'uuid', nullable: false });
    expect(jobColumn('workspaceId')).toEqual({ name: 'workspace_id', type: 'uuid', nullable: true });
    expect(jobColumn('createdAt')).toEqual({ name: 'created_at', type: 'timestamptz', nullable: false });
    expect(jobColumn('esSyncVersion')).toMatchObject({ name: 'es_sync_version', nullable: true });
  });

  it('refuses a field JobEntity does not map', () => {
    expect(() => jobColumn('nope' as 'id')).toThrow('JobEntity maps no column to nope');
  });
});
