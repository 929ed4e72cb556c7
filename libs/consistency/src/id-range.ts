/**
 * A half-open range of job ids, [lo, hi); null means unbounded on that side. The first range of
 * a plan has no lower bound and the last no upper bound, so every document id falls in exactly
 * one range, wherever it sorts relative to the jobs.
 */
export interface IdRange {
  lo: string | null;
  hi: string | null;
}

/** Consecutive ranges split at `boundaries` (ascending): one more range than boundaries. */
export function rangesFromBoundaries(boundaries: string[]): IdRange[] {
  const edges = [null, ...boundaries, null];
  return edges.slice(0, -1).map((lo, i) => ({ lo, hi: edges[i + 1] }));
}

/**
 * The range as a SQL condition on `column`, its bounds as parameters numbered from 1. Lower-case
 * hex UUID text sorts like PostgreSQL's uuid, so this selects the same ids as `idRangeQuery`.
 */
export function idRangeSql(range: IdRange, column: string): { where: string; params: string[] } {
  const conditions: string[] = [];
  const params: string[] = [];
  if (range.lo !== null) conditions.push(`${column} >= $${params.push(range.lo)}::uuid`);
  if (range.hi !== null) conditions.push(`${column} < $${params.push(range.hi)}::uuid`);
  return { where: conditions.length ? conditions.join(' AND ') : 'TRUE', params };
}

/** The range as an Elasticsearch query on the `jobId` keyword. */
export function idRangeQuery(range: IdRange): object {
  if (range.lo === null && range.hi === null) return { match_all: {} };
  return { range: { jobId: { ...(range.lo !== null && { gte: range.lo }), ...(range.hi !== null && { lt: range.hi }) } } };
}
