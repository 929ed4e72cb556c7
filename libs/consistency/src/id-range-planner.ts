import { DataSource } from 'typeorm';
import { IdRange, rangesFromBoundaries } from './id-range';

/** Sorts below every other UUID, so the first step of the walk starts before all jobs. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Splits the job table into ranges of `rangeSize` ids. It walks the primary key by keyset, one
 * index-only step per range, and never holds the ids themselves.
 */
export class IdRangePlanner {
  constructor(private readonly db: DataSource) {}

  async plan(rangeSize: number): Promise<IdRange[]> {
    const boundaries: string[] = [];
    let from = NIL_UUID;
    for (;;) {
      const [next]: { id: string }[] = await this.db.query(
        `SELECT id FROM job WHERE id >= $1::uuid ORDER BY id OFFSET $2 LIMIT 1`,
        [from, rangeSize],
      );
      if (!next) return rangesFromBoundaries(boundaries);
      boundaries.push(next.id);
      from = next.id;
    }
  }
}
