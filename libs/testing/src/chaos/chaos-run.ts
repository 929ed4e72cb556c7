import { ConsistencyChecker, ConsistencyReport } from '@jobstream/consistency';
import { AppProcess } from '../app-process';
import { TestEnvironment } from '../test-environment';
import { waitFor } from '../wait-for';
import { writeJobs, WorkloadCounts } from '../job-workload';
import { OutageProxy } from '../outage-proxy';
import { seededRandom } from '../random';
import { ES_URL } from '../test-search';
import { FaultInjector, FaultKind, planFaults, proxyOutages, SERVICE_OUTAGES } from './fault-injector';

export interface ChaosOptions {
  jobs: number;
  faults: Record<FaultKind, number>;
  brokerDownMs: number;
  elasticsearchDownMs: number;
  /**
   * `services` stops the real RabbitMQ and Elasticsearch; `connections` cuts only this run's
   * services' connections to them, so that test files running beside it are not disturbed.
   */
  outages: 'services' | 'connections';
  /** Replays the same fault plan and workload choices. */
  seed: number;
  /** Write transactions at once. */
  concurrency: number;
  /** How long the system may take to reach 0 / 0 / 0 once the last fault is over. */
  convergeTimeoutMs: number;
  log: (line: string) => void;
}

export interface ChaosReport {
  seed: number;
  workload: WorkloadCounts;
  faults: Record<FaultKind, number>;
  writeMs: number;
  /** From the end of the last fault to a clean consistency check. */
  convergeMs: number;
  /** The final --deep consistency check. */
  check: ConsistencyReport;
}

/**
 * The chaos run: the relay and the indexer run as real processes on the production defaults
 * while jobs are written; faults strike at random points of the writing; then the consistency
 * checker must find 0 missing, 0 stale and 0 orphan documents, with nobody's help.
 */
export async function runChaos(t: TestEnvironment, options: ChaosOptions): Promise<ChaosReport> {
  const { log } = options;
  const proxies =
    options.outages === 'connections'
      ? { broker: await OutageProxy.start(t.vhost.url), elasticsearch: await OutageProxy.start(ES_URL) }
      : undefined;
  const env = proxies ? { ...t.env, AMQP_URL: proxies.broker.url, ES_URL: proxies.elasticsearch.url } : t.env;
  const [relay, indexer] = await Promise.all([AppProcess.start('outbox-relay', env), AppProcess.start('indexer', env)]);
  try {
    const injector = new FaultInjector(
      planFaults(options.faults, seededRandom(options.seed)),
      {
        relay,
        indexer,
        outages: proxies ? proxyOutages(proxies) : SERVICE_OUTAGES,
        brokerDownMs: options.brokerDownMs,
        elasticsearchDownMs: options.elasticsearchDownMs,
      },
      seededRandom(options.seed + 1),
      log,
    );
    const step = Math.max(1, Math.round(options.jobs / 10));
    const started = Date.now();
    const workload = await writeJobs(t.db.dataSource, options.jobs, {
      concurrency: options.concurrency,
      random: seededRandom(options.seed + 2),
      onProgress: (done) => {
        injector.progress(done / options.jobs);
        if (done % step === 0) log(`written: ${done} jobs`);
      },
    });
    const writeMs = Date.now() - started;
    await injector.finish();
    const faultsOver = Date.now();

    const checker = new ConsistencyChecker(t.db.dataSource, t.search.client, t.search.alias);
    await waitFor(
      async () => {
        const { missing, stale, orphans } = await checker.check();
        log(`check: ${missing} missing / ${stale} stale / ${orphans} orphans`);
        return missing + stale + orphans === 0;
      },
      { what: '0 missing / 0 stale / 0 orphans', timeoutMs: options.convergeTimeoutMs, intervalMs: 2_000 },
    );
    const convergeMs = Date.now() - faultsOver;
    const check = await checker.check({ deep: true });
    return { seed: options.seed, workload, faults: { ...injector.injected }, writeMs, convergeMs, check };
  } finally {
    await Promise.all([relay.stop(), indexer.stop()]);
    await Promise.all([proxies?.broker.close(), proxies?.elasticsearch.close()]);
  }
}

/** The run's figures, for people: the faults injected and the final check. */
export function describeChaos({ seed, workload, faults, writeMs, convergeMs, check }: ChaosReport): string {
  return [
    `chaos run (seed ${seed}): ${workload.jobs} jobs written in ${(writeMs / 1000).toFixed(1)} s, ${workload.transitions} status changes, ${workload.deletes} deletes`,
    `faults injected: ${Object.entries(faults)
      .map(([kind, n]) => `${kind} ×${n}`)
      .join(', ')}`,
    `consistent ${(convergeMs / 1000).toFixed(1)} s after the last fault was over`,
    `deep check of ${check.jobs} jobs: ${check.missing} missing / ${check.stale} stale / ${check.orphans} orphans`,
  ].join('\n');
}
