import { Counter, Histogram, Registry } from 'prom-client';

/** The indexer's instruments: events by outcome, bulk latency, and commit → indexed lag. */
export class IndexingMetrics {
  readonly events: Counter<'outcome'>;
  readonly bulkSeconds: Histogram;
  readonly lagSeconds: Histogram;

  constructor(registry: Registry) {
    this.events = new Counter({
      name: 'jobstream_indexer_events_total',
      help: 'Job events processed, by outcome: indexed, stale (Elasticsearch already newer), gone (job deleted), retry, rejected',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.bulkSeconds = new Histogram({
      name: 'jobstream_indexer_bulk_seconds',
      help: 'Elasticsearch _bulk requests of the indexer',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.lagSeconds = new Histogram({
      name: 'jobstream_indexer_commit_to_indexed_seconds',
      help: "From a job change's commit to Elasticsearch accepting its document",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900],
      registers: [registry],
    });
  }
}
