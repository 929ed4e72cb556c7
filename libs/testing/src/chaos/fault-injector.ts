import { AppProcess } from '../app-process';
import { OutageProxy } from '../outage-proxy';
import { between } from '../random';
import { startElasticsearch, stopElasticsearch } from '../test-search';
import { restartBroker } from '../test-vhost';

export const FAULT_KINDS = ['relay-sigkill', 'indexer-sigkill', 'rabbitmq-restart', 'elasticsearch-stop'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A fault and the share of the workload after which it strikes. */
export interface PlannedFault {
  kind: FaultKind;
  at: number;
}

/** `counts[kind]` faults of each kind at random points between 5 % and 85 % of the workload. */
export function planFaults(counts: Record<FaultKind, number>, random: () => number): PlannedFault[] {
  return FAULT_KINDS.flatMap((kind) => Array.from({ length: counts[kind] }, () => ({ kind, at: between(random, 0.05, 0.85) }))).sort(
    (a, b) => a.at - b.at,
  );
}

/** How a broker or Elasticsearch outage is made, for `downMs`. */
export interface Outages {
  broker(downMs: number): Promise<void>;
  elasticsearch(downMs: number): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops the real services: every process on the machine sees the outage (`npm run chaos`). */
export const SERVICE_OUTAGES: Outages = {
  broker: (downMs) => restartBroker(downMs),
  async elasticsearch(downMs) {
    await stopElasticsearch();
    try {
      await sleep(downMs);
    } finally {
      await startElasticsearch();
    }
  },
};

/** Cuts the run's own connections through its proxies: test files running beside it see nothing. */
export function proxyOutages(proxies: { broker: OutageProxy; elasticsearch: OutageProxy }): Outages {
  const cutFor = async (proxy: OutageProxy, downMs: number) => {
    proxy.cut();
    try {
      await sleep(downMs);
    } finally {
      proxy.restore();
    }
  };
  return { broker: (downMs) => cutFor(proxies.broker, downMs), elasticsearch: (downMs) => cutFor(proxies.elasticsearch, downMs) };
}

export interface FaultTargets {
  relay: AppProcess;
  indexer: AppProcess;
  outages: Outages;
  brokerDownMs: number;
  elasticsearchDownMs: number;
}

/**
 * Strikes planned faults as the workload passes their points. Faults of one kind never overlap
 * (a process is not killed while it restarts); faults of different kinds may. A killed process
 * is back within 0.2–2 s and is not waited on until ready: its dependencies may be down.
 */
export class FaultInjector {
  private readonly chains = new Map<FaultKind, Promise<void>>();
  private next = 0;
  readonly injected: Record<FaultKind, number> = { 'relay-sigkill': 0, 'indexer-sigkill': 0, 'rabbitmq-restart': 0, 'elasticsearch-stop': 0 };

  constructor(
    private readonly plan: PlannedFault[],
    private readonly targets: FaultTargets,
    private readonly random: () => number,
    private readonly log: (line: string) => void,
  ) {}

  /** Called with the share of the workload done so far. */
  progress(done: number): void {
    while (this.next < this.plan.length && this.plan[this.next].at <= done) {
      const { kind } = this.plan[this.next++];
      this.chains.set(kind, (this.chains.get(kind) ?? Promise.resolve()).then(() => this.strike(kind)));
    }
  }

  /** Strikes whatever the workload did not reach, then waits until every fault is over. */
  async finish(): Promise<void> {
    this.progress(1);
    await Promise.all(this.chains.values());
  }

  private async strike(kind: FaultKind): Promise<void> {
    const started = Date.now();
    this.log(`fault: ${kind}`);
    switch (kind) {
      case 'relay-sigkill':
        await this.killAndRestart(this.targets.relay);
        break;
      case 'indexer-sigkill':
        await this.killAndRestart(this.targets.indexer);
        break;
      case 'rabbitmq-restart':
        await this.targets.outages.broker(this.targets.brokerDownMs);
        break;
      case 'elasticsearch-stop':
        await this.targets.outages.elasticsearch(this.targets.elasticsearchDownMs);
        break;
    }
    this.injected[kind]++;
    this.log(`fault over: ${kind} after ${Date.now() - started} ms`);
  }

  private async killAndRestart(app: AppProcess): Promise<void> {
    await app.kill();
    await sleep(between(this.random, 200, 2_000));
    await app.restart('live');
  }
}
