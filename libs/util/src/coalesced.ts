/**
 * Wraps `load` so that calls made while one is running share its result instead of starting
 * another: e.g. the gauges of one Prometheus scrape reading one query.
 */
export function coalesced<T>(load: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => (running ??= load().finally(() => (running = undefined)));
}
