import { coalesced } from '@jobstream/util';
import { Gauge, Registry } from 'prom-client';
import { PipelineMonitor } from './pipeline-monitor';

/**
 * The heartbeat as Prometheus sees it, read at each scrape: alert on the age, not on a status that
 * only this process computed.
 */
export function registerPipelineMetrics(registry: Registry, monitor: PipelineMonitor): void {
  const read = coalesced(() => monitor.status());
  new Gauge({
    name: 'jobstream_pipeline_heartbeat_age_seconds',
    help: 'Age of the newest heartbeat that reached Elasticsearch, by its send time (-1: none)',
    registers: [registry],
    async collect() {
      const { lastArrived } = await read();
      this.set(lastArrived ? lastArrived.ageMs / 1000 : -1);
    },
  });
  new Gauge({
    name: 'jobstream_pipeline_healthy',
    help: '1 while heartbeats travel writer → outbox → RabbitMQ → indexer → Elasticsearch in time, else 0',
    registers: [registry],
    async collect() {
      this.set((await read()).healthy ? 1 : 0);
    },
  });
  new Gauge({
    name: 'jobstream_unindexable_jobs',
    help: 'Jobs whose current version Elasticsearch refused: never searchable until fixed (see npm run check)',
    registers: [registry],
    async collect() {
      this.set((await read()).unindexable.jobs);
    },
  });
}
