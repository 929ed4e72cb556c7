import { HttpClient, HttpResponse, issueTestApiKey, LifecycleLoad, TestEnvironment, waitFor } from '@jobstream/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMsPerItem, cpuMsPerItemTotals, peakRssMb, ProcessMeter } from './process-meter';
import { ProcessName, Services } from './services';
import { percentiles, Percentiles, perSecond } from './stats';

export interface HttpRunOptions {
  clients: number;
  seconds: number;
  /** Load before the measured window, so freshly started services are past their first compilations. */
  warmupSeconds: number;
}

export interface HttpRun {
  clients: number;
  /** The measured window (after the warm-up). */
  ms: number;
  /** Writes (POST /jobs, PATCH /jobs/:id/status) answered 2xx within the window. */
  writes: number;
  writesPerS: number;
  p50Ms: number;
  p99Ms: number;
  latencyMs: Percentiles;
  /**
   * CPU from the window's start until the relay and indexer had carried every write (every job's
   * es_sync_version at its version), per write answered since the window's start.
   */
  cpuMsPerWrite: Record<ProcessName, number>;
  /** All seven processes; the load generator (this process) excluded. */
  cpuMsPerWriteTotal: number;
  loadGeneratorCpuMsPerWrite: number;
  /** The machine's busy time that none of the above explains: other programs running meanwhile. */
  elsewhereCpuMsPerWrite: number;
  /** Peak resident memory sampled every 250 ms (PostgreSQL left out: its processes share its buffers). */
  rssMb: Record<Exclude<ProcessName, 'postgres'>, number>;
  /** After the load stopped, until every write was carried to Elasticsearch. */
  catchUpMs: number;
  retries: number;
  failures: string[];
}

interface TimedWrite {
  at: number;
  ms: number;
}

/** The gateway as a client sees it, remembering when each successful write answered and how long it took. */
class TimedHttpClient extends HttpClient {
  readonly writes: TimedWrite[] = [];

  override async request<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResponse<T>> {
    const started = performance.now();
    const answer = await super.request<T>(method, path, body, headers);
    if (method !== 'GET' && answer.status < 300) this.writes.push({ at: Date.now(), ms: performance.now() - started });
    return answer;
  }
}

const unsynced = async (t: TestEnvironment) =>
  (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM job WHERE es_sync_version IS DISTINCT FROM version`))[0].n as number;

/**
 * The path users take: all four services, `clients` careful clients (LifecycleLoad: create →
 * RUNNING → COMPLETED, each job's id picked by the client) with an admin key, for `seconds`
 * after a warm-up; every process of the system metered from /proc.
 */
export async function measureHttpWrites(t: TestEnvironment, options: HttpRunOptions): Promise<HttpRun> {
  const services = await Services.start(t, ['gateway', 'writer', 'relay', 'indexer'] as const);
  try {
    const key = await issueTestApiKey(t.db.dataSource, 'admin');
    const http = new TimedHttpClient(services.apps.gateway.url, key.key);
    const meter = new ProcessMeter(services.processGroups());
    const load = new LifecycleLoad(http, key.userId, options.clients);
    await sleep(options.warmupSeconds * 1000);
    meter.start();
    const window = { from: Date.now(), to: Date.now() + options.seconds * 1000 };
    await sleep(options.seconds * 1000);
    const { retries, unexpected } = await load.stop();
    const stopped = Date.now();
    await waitFor(async () => (await unsynced(t)) === 0, { timeoutMs: 120_000, intervalMs: 250, what: 'every HTTP write carried to Elasticsearch' });
    const catchUpMs = Date.now() - stopped;
    const reading = await meter.stop();
    const measured = http.writes.filter((write) => write.at >= window.from);
    const inWindow = measured.filter((write) => write.at <= window.to);
    const latencyMs = percentiles(inWindow.map((write) => write.ms));
    const totals = cpuMsPerItemTotals(reading, measured.length);
    const { postgres: _sharedBuffers, ...rssMb } = peakRssMb(reading);
    return {
      clients: options.clients,
      ms: window.to - window.from,
      writes: inWindow.length,
      writesPerS: perSecond(inWindow.length, window.to - window.from),
      p50Ms: latencyMs.p50,
      p99Ms: latencyMs.p99,
      latencyMs,
      cpuMsPerWrite: cpuMsPerItem(reading, measured.length),
      cpuMsPerWriteTotal: totals.total,
      loadGeneratorCpuMsPerWrite: totals.loadGenerator,
      elsewhereCpuMsPerWrite: totals.elsewhere,
      rssMb,
      catchUpMs,
      retries,
      failures: unexpected.slice(0, 10),
    };
  } finally {
    await services.stop();
  }
}
