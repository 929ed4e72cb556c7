import { createTestEnvironment, HttpClient, issueTestApiKey, TestEnvironment } from '@jobstream/testing';
import { measureBulk } from './pipeline/bulk';
import { measureFloors } from './pipeline/floors';
import { HttpRun, measureHttpWrites } from './pipeline/http-writes';
import { measureReadYourWrites } from './pipeline/read-your-writes';
import { compareLatency, LatencyComparison, machine, PipelineMeasurements, pipelineRatios, pipelineTargets, savePipelineBench } from './pipeline/report';
import { describePipelineBench } from './pipeline/report-table';
import { runWorkload, WorkloadRun } from './pipeline/scenarios';
import { measureSearch } from './pipeline/search';
import { Services } from './pipeline/services';
import { OfferedRate, pipelineSizes } from './pipeline/sizes';
import { measureWriter } from './pipeline/writer';

/**
 * `npm run bench -- pipeline`: in one run on one machine, the floors (PostgreSQL, Elasticsearch
 * and RabbitMQ taking the same rows, documents and events as plainly as they can), the path users
 * take (HTTP writes through the gateway, every process's CPU from /proc), the job-writer alone,
 * bulk creates until searchable, the pipeline end to end and draining a backlog, GET /jobs against
 * the same search sent to Elasticsearch, and commit → searchable at each offered rate against seed
 * 001's polling design. Every part has its own database, vhost and indices; figures are compared
 * within the run only. Sizes: bench/pipeline/sizes.ts (PIPELINE_* variables).
 */
const sizes = pipelineSizes();
jest.setTimeout(3_600_000);

const log = (line: string) => process.stderr.write(`bench ${new Date().toISOString()}: ${line}\n`);

describe('pipeline benchmark', () => {
  const environments: TestEnvironment[] = [];
  const environment = async (label: string) => {
    const t = await createTestEnvironment(label);
    environments.push(t);
    return t;
  };

  afterAll(async () => {
    await Promise.all(environments.map((t) => t.teardown()));
  });

  /** Bulk creates until searchable, then GET /jobs on those jobs, then read-your-writes: all four services on one environment. */
  async function readSide(t: TestEnvironment) {
    const services = await Services.start(t, ['gateway', 'writer', 'relay', 'indexer'] as const);
    try {
      const key = await issueTestApiKey(t.db.dataSource, 'admin');
      const http = new HttpClient(services.apps.gateway.url, key.key);
      log(`bulk: ${sizes.bulkJobs} jobs, ${sizes.bulkBatchSize} per request`);
      const bulk = await measureBulk(t, http, { jobs: sizes.bulkJobs, batchSize: sizes.bulkBatchSize, concurrency: sizes.bulkConcurrency });
      log(`search: ${sizes.searchClients} clients, ${sizes.searchSeconds} s through the gateway and straight to Elasticsearch`);
      const search = await measureSearch(t, services, { clients: sizes.searchClients, seconds: sizes.searchSeconds });
      log(`read-your-writes: ${sizes.readYourWrites} creates, each listed at once`);
      const readYourWrites = await measureReadYourWrites(http, key.userId, sizes.readYourWrites, 4);
      return { bulk, search, readYourWrites };
    } finally {
      await services.stop();
    }
  }

  /** Each offered rate through the pipeline and the polling baseline, rate × PIPELINE_LATENCY_SECONDS jobs each. */
  async function latencyRuns(seed: number, http: HttpRun, unpaced: WorkloadRun): Promise<LatencyComparison[]> {
    const writesPerJob = unpaced.writes / unpaced.jobs;
    const latency: LatencyComparison[] = [];
    for (const offered of sizes.rates) {
      const { rate, basis } = offeredJobsPerSecond(offered, http, writesPerJob);
      const jobs = Math.min(sizes.jobs, Math.ceil(rate * sizes.latencySeconds));
      const run = async (design: 'pipeline' | 'polling') => {
        log(`latency: ${design} at ${rate} jobs/s offered (${basis}), ${jobs} jobs`);
        return runWorkload(await environment(`bench${design.slice(0, 2)}`), { design, jobs, jobsPerSecond: rate, seed, probeIntervalMs: 25 });
      };
      latency.push(compareLatency(rate, basis, await run('pipeline'), await run('polling')));
    }
    return latency;
  }

  it(`floors, HTTP writes, the write side, the pipeline, search, and commit → searchable at ${process.env.PIPELINE_RATES ?? '100,80%http'}`, async () => {
    const started = Date.now();
    const seed = Number(process.env.PIPELINE_SEED ?? Date.now() % 1_000_000);

    log(`throughput: ${sizes.jobs} jobs, unpaced`);
    const unpaced = await environment('benchtp');
    const throughput = await runWorkload(unpaced, { design: 'pipeline', jobs: sizes.jobs, seed, probeIntervalMs: 250 });
    log(`floors: the same rows, documents and events`);
    const { floors, rawInsert, rawBulk } = await measureFloors(unpaced, sizes);
    log(`job-writer alone: ${sizes.writerCommands} creates over AMQP`);
    const writer = await measureWriter(await environment('benchwr'), sizes.writerCommands);
    log(`HTTP: ${sizes.httpClients} clients for ${sizes.httpSeconds} s after ${sizes.httpWarmupSeconds} s of warm-up`);
    const http = await measureHttpWrites(await environment('benchhttp'), { clients: sizes.httpClients, seconds: sizes.httpSeconds, warmupSeconds: sizes.httpWarmupSeconds });
    const { bulk, search, readYourWrites } = await readSide(await environment('benchrs'));
    log(`backlog: ${sizes.jobs} jobs written, then drained`);
    const backlog = await runWorkload(await environment('benchbl'), { design: 'pipeline', jobs: sizes.jobs, seed, probeIntervalMs: 250, syncStarts: 'after' });
    const latency = await latencyRuns(seed, http, throughput);

    const drain = { eventsPerS: backlog.writesPerSecond, jobsPerS: backlog.jobsPerSecond };
    const at = new Date().toISOString();
    const measured: PipelineMeasurements = { at, machine: machine(), seed, sizes, rawInsert, rawBulk, floors, http, writer, bulk, throughput, backlog, drain, search, readYourWrites, latency };
    const ratios = pipelineRatios(measured);
    const report = { ...measured, ratios, targets: pipelineTargets(measured, ratios), durationMs: Date.now() - started };
    const dir = await savePipelineBench(report);
    process.stderr.write(`\n${describePipelineBench(report)}\n(JSON and chart in ${dir})\n`);

    expect(throughput.jobs).toBe(sizes.jobs);
    expect(http.failures).toEqual([]);
    for (const { pipeline, polling } of latency) expect(pipeline.writes).toBe(polling.writes);
  });
});

/** A rate in jobs/s; a share of the HTTP write rate becomes jobs/s at the workload's writes per job, so the writes offered are that share. */
function offeredJobsPerSecond(offered: OfferedRate, http: HttpRun, writesPerJob: number): { rate: number; basis: string } {
  if ('jobsPerSecond' in offered) return { rate: offered.jobsPerSecond, basis: 'fixed' };
  const rate = Math.max(1, Math.round((offered.percentOfHttp / 100) * (http.writesPerS / writesPerJob)));
  return { rate, basis: `${offered.percentOfHttp} % of HTTP's ${http.writesPerS} writes/s` };
}
