import { Client } from '@elastic/elasticsearch';
import { JOB_DELETED } from '@jobstream/contracts';
import { loadJobSnapshots } from '@jobstream/persistence';
import { createJobsIndex, currentJobsIndex, IndexOperation, JobIndexWriter, physicalIndexName, toJobDocument } from '@jobstream/search';
import { DataSource } from 'typeorm';

export interface ReindexReport {
  from: string;
  to: string;
  backfilled: number;
  /** Jobs rewritten by the two catch-up passes, and deletions applied by them. */
  caughtUp: number;
  deleted: number;
  durationMs: number;
}

export interface ReindexOptions {
  batchSize?: number;
  /**
   * How far before a pass's start its catch-up looks: a write whose transaction began earlier
   * but committed later carries an older updated_at. Longer than the longest job transaction.
   */
  marginMs?: number;
}

/**
 * Rebuilds the jobs index with the current mapping while the system runs: creates the next
 * generation, backfills it from PostgreSQL, catches up on what changed meanwhile, swaps the
 * alias atomically (reads never see a half-built index), then catches up once more for what the
 * indexer wrote to the old index just before the swap. Every write uses the job's version as an
 * external version, so a backfill can never overwrite a newer document the indexer wrote.
 */
export class JobsReindexer {
  constructor(
    private readonly db: DataSource,
    private readonly client: Client,
    private readonly alias: string,
  ) {}

  async reindex({ batchSize = 1_000, marginMs = 30_000 }: ReindexOptions = {}): Promise<ReindexReport> {
    const started = Date.now();
    const from = await currentJobsIndex(this.client, this.alias);
    if (!from) throw new Error(`alias ${this.alias} does not exist: nothing to reindex`);
    const generation = Number(/_v(\d+)$/.exec(from)?.[1] ?? 0) + 1;
    const to = physicalIndexName(this.alias, generation);
    await createJobsIndex(this.client, to);
    const writer = new JobIndexWriter(this.client, this.alias);

    const backfillStart = await this.databaseNow();
    const backfilled = await this.backfill(writer, to, batchSize);
    const firstCatchUpStart = await this.databaseNow();
    const first = await this.catchUp(writer, to, backfillStart, marginMs, batchSize);
    await this.client.indices.updateAliases({
      actions: [
        { remove: { index: from, alias: this.alias } },
        { add: { index: to, alias: this.alias, is_write_index: true } },
      ],
    });
    const second = await this.catchUp(writer, to, firstCatchUpStart, marginMs, batchSize);
    await this.client.indices.refresh({ index: to });
    return {
      from,
      to,
      backfilled,
      caughtUp: first.changed + second.changed,
      deleted: first.deleted + second.deleted,
      durationMs: Date.now() - started,
    };
  }

  private async backfill(writer: JobIndexWriter, index: string, batchSize: number): Promise<number> {
    let after = '00000000-0000-0000-0000-000000000000';
    let total = 0;
    for (;;) {
      const ids: string[] = (await this.db.query(`SELECT id FROM job WHERE id > $1 ORDER BY id LIMIT $2`, [after, batchSize])).map(
        (row: { id: string }) => row.id,
      );
      if (ids.length === 0) return total;
      total += await this.write(writer, index, ids);
      after = ids[ids.length - 1];
    }
  }

  /** Jobs changed, and jobs deleted, since `since` (less the margin), written into `index`. */
  private async catchUp(
    writer: JobIndexWriter,
    index: string,
    since: Date,
    marginMs: number,
    batchSize: number,
  ): Promise<{ changed: number; deleted: number }> {
    const from = new Date(since.getTime() - marginMs);
    let changed = 0;
    // updated_at travels as text: a JS Date would cut its microseconds and stall the keyset.
    let after = { updatedAt: from.toISOString(), id: '00000000-0000-0000-0000-000000000000' };
    for (;;) {
      const rows: { id: string; updated_at: string }[] = await this.db.query(
        `SELECT id, updated_at::text FROM job WHERE (updated_at, id) > ($1::timestamptz, $2) ORDER BY updated_at, id LIMIT $3`,
        [after.updatedAt, after.id, batchSize],
      );
      if (rows.length === 0) break;
      changed += await this.write(writer, index, rows.map((row) => row.id));
      const last = rows[rows.length - 1];
      after = { updatedAt: last.updated_at, id: last.id };
    }
    const deletions: { id: string; version: number }[] = (
      await this.db.query(`SELECT aggregate_id AS id, aggregate_version AS version FROM outbox WHERE event_type = $1 AND created_at >= $2`, [
        JOB_DELETED,
        from,
      ])
    ).map((row: { id: string; version: string }) => ({ id: row.id, version: Number(row.version) }));
    await this.writeOrFail(writer, index, deletions.map((d): IndexOperation => ({ kind: 'delete', ...d })));
    return { changed, deleted: deletions.length };
  }

  private async write(writer: JobIndexWriter, index: string, ids: string[]): Promise<number> {
    const jobs = await loadJobSnapshots(this.db.manager, ids);
    await this.writeOrFail(writer, index, jobs.map((job): IndexOperation => ({ kind: 'index', doc: toJobDocument(job) })));
    return jobs.length;
  }

  /** Stale (409) is fine: the index already holds that version or a newer one. */
  private async writeOrFail(writer: JobIndexWriter, index: string, operations: IndexOperation[]): Promise<void> {
    for (const outcome of await writer.write(operations, index)) {
      if (outcome.kind === 'retry' || outcome.kind === 'rejected') throw new Error(`reindex write failed: ${outcome.reason}`);
    }
  }

  private async databaseNow(): Promise<Date> {
    return (await this.db.query(`SELECT now() AS now`))[0].now;
  }
}
