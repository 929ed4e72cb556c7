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
  /**
   * Told how far the run is, 0–100: the backfill (jobs written of those counted at its start)
   * makes up 0–90, the first catch-up and the alias swap 95, the last catch-up 100. An error it
   * throws stops the reindex (a task whose lease was lost, say).
   */
  onProgress?: (percent: number) => Promise<void> | void;
}

const BACKFILL_SHARE = 90;

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

  /** One reindex of the alias at a time, across processes: a second one fails at once. */
  async reindex(options: ReindexOptions = {}): Promise<ReindexReport> {
    const session = this.db.createQueryRunner();
    await session.connect();
    try {
      // A session lock: released when this run ends or its process dies, so a crash never blocks the next run.
      const [{ locked }] = await session.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [`reindex:${this.alias}`]);
      if (!locked) throw new Error(`another reindex of ${this.alias} is running`);
      try {
        return await this.run(options);
      } finally {
        await session.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`reindex:${this.alias}`]);
      }
    } finally {
      await session.release();
    }
  }

  private async run({ batchSize = 1_000, marginMs = 30_000, onProgress = () => undefined }: ReindexOptions): Promise<ReindexReport> {
    const started = Date.now();
    const from = await currentJobsIndex(this.client, this.alias);
    if (!from) throw new Error(`alias ${this.alias} does not exist: nothing to reindex`);
    const generation = Number(/_v(\d+)$/.exec(from)?.[1] ?? 0) + 1;
    const to = physicalIndexName(this.alias, generation);
    // A run that stopped before its swap (a crashed task, say) left its half-built generation
    // behind; no other run is building it, as runs hold the lock above.
    if (await this.client.indices.exists({ index: to })) await this.client.indices.delete({ index: to });
    await createJobsIndex(this.client, to);
    const writer = new JobIndexWriter(this.client, this.alias);

    // Every pass copies up to where things stood when it began, and the next pass covers what
    // came after: unbounded, a pass chases the writes that keep arriving and, under a steady load
    // faster than it copies, never ends (nor does the reindex).
    const backfillStart = await this.databaseNow();
    const { total, last } = (await this.db.query(`SELECT count(*)::int AS total, (SELECT id FROM job ORDER BY id DESC LIMIT 1) AS last FROM job`))[0];
    const backfilled = await this.backfill(writer, to, last, batchSize, (done) => onProgress(Math.min(BACKFILL_SHARE, Math.floor((BACKFILL_SHARE * done) / Math.max(total, 1)))));
    const firstCatchUpStart = await this.databaseNow();
    const first = await this.catchUp(writer, to, backfillStart, firstCatchUpStart, marginMs, batchSize);
    // Searches move to the new index with the swap: what it holds must be visible by then, not
    // at its next periodic refresh (a quick reindex swapped to an index that still looked empty).
    await this.client.indices.refresh({ index: to });
    await this.client.indices.updateAliases({
      actions: [
        { remove: { index: from, alias: this.alias } },
        { add: { index: to, alias: this.alias, is_write_index: true } },
      ],
    });
    await onProgress(95);
    // After the swap the indexer writes to the new index itself: this pass needs only what it
    // wrote to the old one before the swap.
    const second = await this.catchUp(writer, to, firstCatchUpStart, await this.databaseNow(), marginMs, batchSize);
    await this.client.indices.refresh({ index: to });
    await onProgress(100);
    return {
      from,
      to,
      backfilled,
      caughtUp: first.changed + second.changed,
      deleted: first.deleted + second.deleted,
      durationMs: Date.now() - started,
    };
  }

  /** Every job up to id `last` (none if null). */
  private async backfill(
    writer: JobIndexWriter,
    index: string,
    last: string | null,
    batchSize: number,
    progress: (done: number) => Promise<void> | void,
  ): Promise<number> {
    let after = '00000000-0000-0000-0000-000000000000';
    let total = 0;
    for (;;) {
      const ids: string[] = (await this.db.query(`SELECT id FROM job WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3`, [after, last, batchSize])).map(
        (row: { id: string }) => row.id,
      );
      if (ids.length === 0) return total;
      total += await this.write(writer, index, ids);
      await progress(total);
      after = ids[ids.length - 1];
    }
  }

  /** Jobs changed, and jobs deleted, from `since` (less the margin) to `until`, written into `index`. */
  private async catchUp(
    writer: JobIndexWriter,
    index: string,
    since: Date,
    until: Date,
    marginMs: number,
    batchSize: number,
  ): Promise<{ changed: number; deleted: number }> {
    const from = new Date(since.getTime() - marginMs);
    let changed = 0;
    // updated_at travels as text: a JS Date would cut its microseconds and stall the keyset.
    let after = { updatedAt: from.toISOString(), id: '00000000-0000-0000-0000-000000000000' };
    for (;;) {
      const rows: { id: string; updated_at: string }[] = await this.db.query(
        `SELECT id, updated_at::text FROM job WHERE (updated_at, id) > ($1::timestamptz, $2) AND updated_at <= $3 ORDER BY updated_at, id LIMIT $4`,
        [after.updatedAt, after.id, until, batchSize],
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
