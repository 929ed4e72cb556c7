import { JOB_OWNER_CHANGED, jobEvent, USER_CHANGED, WORKSPACE_CHANGED } from '@jobstream/contracts';
import { loadJobSnapshots, OutboxWriter } from '@jobstream/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const OWNER_COLUMN = { [USER_CHANGED]: 'user_id', [WORKSPACE_CHANGED]: 'workspace_id' } as const;

/**
 * Carries an owner change (user name or email, workspace hostname) to every job that shows it.
 *
 * The version scheme: a search document's version is its job's version, and nothing but a job
 * write changes a document. So an owner change becomes one more write to each affected job,
 * in batches after the owner change committed: under the job's row lock the job's version goes
 * up by one and its snapshot (read now, with the committed owner) is sent as an event. A job
 * event written before the change carries a lower version, so it can never overwrite the new
 * name; and as the snapshot is read afresh, a late or repeated owner event cannot bring an old
 * name back — at worst it re-versions the jobs once more with the same, current values.
 */
@Injectable()
export class JobRedenormalizer {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Returns how many jobs were re-versioned; their events carry the owner change's correlation id. */
  async ownerChanged(type: keyof typeof OWNER_COLUMN, ownerId: string, batchSize = 500, correlationId?: string): Promise<number> {
    const column = OWNER_COLUMN[type];
    let after = '00000000-0000-0000-0000-000000000000';
    let total = 0;
    for (;;) {
      const ids = await this.db.transaction(async (manager) => {
        const rows: { id: string }[] = await manager.query(
          `UPDATE job SET version = version + 1,
                  user_email = CASE WHEN $4 THEN (SELECT email FROM users WHERE users.id = job.user_id) ELSE user_email END
            WHERE id IN (SELECT id FROM job WHERE ${column} = $1 AND id > $2 ORDER BY id LIMIT $3 FOR UPDATE)
           RETURNING id`,
          [ownerId, after, batchSize, type === USER_CHANGED],
        ).then(([updated]) => updated);
        const jobs = await loadJobSnapshots(manager, rows.map((row) => row.id));
        await this.outbox.addMany(jobs.map((job) => jobEvent(JOB_OWNER_CHANGED, job, correlationId)), manager);
        return rows.map((row) => row.id).sort();
      });
      total += ids.length;
      if (ids.length < batchSize) return total;
      after = ids[ids.length - 1];
    }
  }
}
