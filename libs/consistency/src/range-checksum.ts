/**
 * A range's cheap summary, computed on both sides: equal counts and version sums mean the
 * range holds the same jobs at the same versions, unless a job without a document and a
 * document without a job of the same version happen to share a range (`--deep` finds those).
 */
export interface RangeChecksum {
  count: number;
  versionSum: number;
}

export function sameChecksum(a: RangeChecksum, b: RangeChecksum): boolean {
  return a.count === b.count && a.versionSum === b.versionSum;
}
