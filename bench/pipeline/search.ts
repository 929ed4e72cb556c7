import { Client } from '@elastic/elasticsearch';
import { buildEsSearch, createEsClient, JobSearchQuery } from '@jobstream/search';
import { ES_URL, HttpClient, issueTestApiKey, TestEnvironment } from '@jobstream/testing';
import { cpuMsPerItem, ProcessGroup, ProcessMeter } from './process-meter';
import { Services } from './services';
import { forDuration, percentiles, Percentiles, perSecond } from './stats';

export interface SearchOptions {
  clients: number;
  seconds: number;
}

export interface SearchRate {
  requests: number;
  requestsPerS: number;
  latencyMs: Percentiles;
  cpuMsPerRequest: Record<'gateway' | 'postgres' | 'elasticsearch', number>;
}

export interface SearchRun extends SearchOptions {
  /** Jobs in the alias. */
  jobs: number;
  /** `GET /jobs?projectName=…` (one filter; facets, as every first page has them) through the gateway. */
  requestsPerS: number;
  /** `answeredByPostgres`: answers the gateway's fallback gave (Elasticsearch past SEARCH_TIMEOUT_MS, or the breaker open). */
  gateway: SearchRate & { answeredByPostgres: number };
  /** The same search request, built by the same function, sent straight to Elasticsearch. */
  directEsRequestsPerS: number;
  directEs: SearchRate;
}

/** The dashboard's question: one project's jobs, newest first, a page of 20 (the default), with facets. */
const projectQuery = (i: number): JobSearchQuery => ({ projectName: `chaos-${i % 40}`, sort: { field: 'createdAt', order: 'desc' }, size: 20 });

/** `clients` requests at once for `seconds`, each a different project in turn; every request's time and the CPU it cost. */
async function searchRate(
  options: SearchOptions,
  groups: Record<keyof SearchRate['cpuMsPerRequest'], ProcessGroup>,
  search: (query: JobSearchQuery) => Promise<void>,
): Promise<SearchRate> {
  const latencies: number[] = [];
  let next = 0;
  const meter = new ProcessMeter(groups);
  meter.start();
  const started = Date.now();
  const requests = await forDuration(options.seconds * 1000, options.clients, async () => {
    const sent = performance.now();
    await search(projectQuery(next++));
    latencies.push(performance.now() - sent);
  });
  const ms = Date.now() - started;
  return { requests, requestsPerS: perSecond(requests, ms), latencyMs: percentiles(latencies), cpuMsPerRequest: cpuMsPerItem(await meter.stop(), requests) };
}

/**
 * `GET /jobs` through the gateway against the same search request sent straight to
 * Elasticsearch (with a client configured as the gateway's), on the jobs already in the alias.
 */
export async function measureSearch(t: TestEnvironment, services: Services<'gateway'>, options: SearchOptions): Promise<SearchRun> {
  const http = new HttpClient(services.apps.gateway.url, (await issueTestApiKey(t.db.dataSource, 'viewer')).key);
  const { gateway, postgres, elasticsearch } = services.processGroups();
  const client: Client = createEsClient(ES_URL);
  try {
    let answeredByPostgres = 0;
    const viaGatewayOnce = async (query: JobSearchQuery) => {
      const answer = await http.get(`/jobs?projectName=${query.projectName}`);
      if (answer.status !== 200) throw new Error(`GET /jobs answered ${answer.status} ${JSON.stringify(answer.body)}`);
      if (answer.body.source !== 'elasticsearch') answeredByPostgres++;
    };
    const directOnce = async (query: JobSearchQuery) => {
      await client.search({ index: t.search.alias, ...buildEsSearch(query, true) });
    };
    // Both runs meet the same index: merged after the writes before, caches and JIT warm.
    await settleIndex(t);
    const warmUp = { ...options, seconds: 2 };
    await searchRate(warmUp, { gateway, postgres, elasticsearch }, directOnce);
    await searchRate(warmUp, { gateway, postgres, elasticsearch }, viaGatewayOnce);
    answeredByPostgres = 0;
    const directEs = await searchRate(options, { gateway, postgres, elasticsearch }, directOnce);
    const viaGateway = await searchRate(options, { gateway, postgres, elasticsearch }, viaGatewayOnce);
    return {
      ...options,
      jobs: (await t.search.client.count({ index: t.search.alias })).count,
      requestsPerS: viaGateway.requestsPerS,
      gateway: { ...viaGateway, answeredByPostgres },
      directEsRequestsPerS: directEs.requestsPerS,
      directEs,
    };
  } finally {
    await client.close();
  }
}

/** Refreshes the alias and waits (at most 60 s) until no merge runs, so that neither run pays for the writes before it. */
async function settleIndex(t: TestEnvironment): Promise<void> {
  await t.search.client.indices.refresh({ index: t.search.alias });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const stats = await t.search.client.indices.stats({ index: t.search.alias, metric: 'merge' });
    if ((stats._all.total?.merges?.current ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
