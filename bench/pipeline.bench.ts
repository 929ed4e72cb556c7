import { createTestEnvironment, TestEnvironment } from '@jobstream/testing';
import { compareLatency, describePipelineBench, LatencyComparison, machine, savePipelineBench, throughputRatios } from './pipeline/report';
import { rawBulkRate, rawInsertRate, runWorkload } from './pipeline/scenarios';

/**
 * `npm run bench -- pipeline`: PIPELINE_JOBS jobs (default 5,000; each created, about half
 * set running, most of those finished) through the outbox relay and the indexer, unpaced for
 * throughput, then at each of PIPELINE_RATES jobs/s offered (default 1000,100) for
 * commit → searchable latency, each rate also through seed 001's polling design; and the raw
 * PostgreSQL insert and Elasticsearch _bulk rates for the same rows and documents, and how fast
 * the relay and indexer drain a backlog of the same workload written beforehand. Every run
 * has its own database, vhost and indices; figures are compared within the run only.
 */
const JOBS = Number(process.env.PIPELINE_JOBS ?? 5_000);
const RATES = (process.env.PIPELINE_RATES ?? '1000,100').split(',').map(Number);
jest.setTimeout(3_600_000);

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

  it(`${JOBS.toLocaleString('en')} jobs: throughput, latency at ${RATES.join(' and ')} jobs/s against the polling baseline, raw rates`, async () => {
    const seed = Number(process.env.PIPELINE_SEED ?? Date.now() % 1_000_000);
    const log = (line: string) => process.stderr.write(`bench ${new Date().toISOString()}: ${line}\n`);

    log(`throughput: ${JOBS} jobs, unpaced`);
    const unpaced = await environment('benchtp');
    const throughput = await runWorkload(unpaced, { design: 'pipeline', jobs: JOBS, seed, probeIntervalMs: 250 });
    log(`raw rates for the same ${throughput.jobs} jobs`);
    const rawInsert = await rawInsertRate(unpaced);
    const rawBulk = await rawBulkRate(unpaced);
    log(`backlog: ${JOBS} jobs written, then drained`);
    const backlog = await runWorkload(await environment('benchbl'), { design: 'pipeline', jobs: JOBS, seed, probeIntervalMs: 250, syncStarts: 'after' });

    const latency: LatencyComparison[] = [];
    for (const rate of RATES) {
      const run = async (design: 'pipeline' | 'polling') => {
        log(`latency: ${design} at ${rate} jobs/s offered`);
        return runWorkload(await environment(`bench${design.slice(0, 2)}`), { design, jobs: JOBS, jobsPerSecond: rate, seed, probeIntervalMs: 25 });
      };
      latency.push(compareLatency(rate, await run('pipeline'), await run('polling')));
    }

    const measured = { at: new Date().toISOString(), machine: machine(), seed, rawInsert, rawBulk, throughput, backlog, latency };
    const report = { ...measured, ratios: throughputRatios(measured) };
    const dir = await savePipelineBench(report);
    process.stderr.write(`\n${describePipelineBench(report)}\n(JSON and chart in ${dir})\n`);

    expect(throughput.jobs).toBe(JOBS);
    for (const { pipeline, polling } of latency) expect(pipeline.writes).toBe(polling.writes);
  });
});
