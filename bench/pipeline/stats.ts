import { quantileSorted } from 'simple-statistics';

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** A rate from a count and a duration, rounded to a whole number per second. */
export const perSecond = (items: number, ms: number) => Math.round((items * 1000) / Math.max(ms, 1));

/** Three significant decimals: ratios of one run, not more precise than that. */
export const ratio = (a: number, b: number) => Number((a / b).toFixed(3));

/** p50, p95, p99 and the maximum of some durations, rounded to the millisecond. */
export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round(quantileSorted(sorted, q));
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: Math.round(sorted[sorted.length - 1]) };
}

/** Runs `task` over and over with `workers` at once until `ms` have passed; answers how many runs finished. */
export async function forDuration(ms: number, workers: number, task: () => Promise<void>): Promise<number> {
  const deadline = Date.now() + ms;
  let runs = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (Date.now() < deadline) {
        await task();
        runs++;
      }
    }),
  );
  return runs;
}

/** `items` in consecutive slices of `size` (the last one shorter). */
export const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
