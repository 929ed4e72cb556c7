import { createTestEnvironment, describeChaos, runChaos, TestEnvironment } from '@jobstream/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm run chaos`: while CHAOS_JOBS jobs (default 100,000) are written, the relay and the indexer
 * are SIGKILLed at random moments (CHAOS_KILLS times each, default 3), RabbitMQ is restarted
 * once and Elasticsearch is stopped for 60 s; then the consistency check must report
 * 0 missing / 0 stale / 0 orphans. CHAOS_SEED replays a run; the report goes to
 * bench-results/chaos-latest.json too.
 */
const JOBS = Number(process.env.CHAOS_JOBS ?? 100_000);
const KILLS = Number(process.env.CHAOS_KILLS ?? 3);
jest.setTimeout(3 * 3_600_000);

describe('chaos, full', () => {
  let t: TestEnvironment;

  beforeAll(async () => {
    t = await createTestEnvironment('chaosfull');
  });

  afterAll(async () => {
    await t.teardown();
  });

  it(`writes ${JOBS.toLocaleString('en')} jobs through relay and indexer crashes, a broker restart and a search outage, and loses nothing`, async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
    const report = await runChaos(t, {
      jobs: JOBS,
      faults: { 'relay-sigkill': KILLS, 'indexer-sigkill': KILLS, 'rabbitmq-restart': 1, 'elasticsearch-stop': 1 },
      brokerDownMs: 5_000,
      elasticsearchDownMs: 60_000,
      outages: 'services',
      seed,
      concurrency: 16,
      convergeTimeoutMs: 1_800_000,
      log: (line) => process.stderr.write(`chaos ${new Date().toISOString()}: ${line}\n`),
    });
    process.stderr.write(`\n${describeChaos(report)}\n`);
    const dir = join(__dirname, '../bench-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'chaos-latest.json'), `${JSON.stringify(report, null, 2)}\n`);

    expect(report.faults).toEqual({ 'relay-sigkill': KILLS, 'indexer-sigkill': KILLS, 'rabbitmq-restart': 1, 'elasticsearch-stop': 1 });
    expect(report.check).toMatchObject({ jobs: JOBS - report.workload.deletes, missing: 0, stale: 0, orphans: 0 });
  });
});
