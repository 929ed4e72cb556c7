/**
 * @slow four faults, Elasticsearch cut for 15 s (test/sequencer.cjs starts this file first)
 */
import { createTestEnvironment, describeChaos, runChaos, TestEnvironment } from '@jobstream/testing';

jest.setTimeout(900_000);

/**
 * The small chaos run of `npm test`: 2,000 jobs with one fault of each kind, each striking while
 * they are written. `npm run chaos`
 * runs the full one (chaos/full.chaos.ts). CHAOS_SEED replays a run.
 */
describe('chaos, small: one fault of each kind while 2,000 jobs are written', () => {
  let t: TestEnvironment;

  beforeAll(async () => {
    t = await createTestEnvironment('chaos');
  });

  afterAll(async () => {
    await t.teardown();
  });

  it('ends with 0 missing / 0 stale / 0 orphans', async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
    const report = await runChaos(t, {
      jobs: 2_000,
      faults: { 'relay-sigkill': 1, 'indexer-sigkill': 1, 'rabbitmq-restart': 1, 'elasticsearch-stop': 1 },
      brokerDownMs: 3_000,
      elasticsearchDownMs: 15_000,
      // Cut this run's connections rather than stop the services the other test files share.
      outages: 'connections',
      seed,
      concurrency: 8,
      convergeTimeoutMs: 180_000,
      log: (line) => process.stderr.write(`chaos: ${line}\n`),
    });
    console.log(describeChaos(report));

    expect(report.faults).toEqual({ 'relay-sigkill': 1, 'indexer-sigkill': 1, 'rabbitmq-restart': 1, 'elasticsearch-stop': 1 });
    expect(report.check).toMatchObject({ jobs: 2_000 - report.workload.deletes, missing: 0, stale: 0, orphans: 0 });
  });
});
