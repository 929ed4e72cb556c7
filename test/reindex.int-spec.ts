import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { JobCommandsService, OwnerCommandsService } from '@jobstream/commands';
import { ConsistencyChecker } from '@jobstream/consistency';
import { OutboxWriter } from '@jobstream/persistence';
import { JobsReindexer } from '@jobstream/reindex';
import { currentJobsIndex, physicalIndexName } from '@jobstream/search';
import { AppProcess, createTestEnvironment, inParallel, TestEnvironment, waitFor } from '@jobstream/testing';

jest.setTimeout(180_000);

/** Jobs indexed before the reindex; writes before it starts; writes after its swap. */
const SEED = 1_000;
const BEFORE_START = 200;
const AFTER_SWAP = 500;

describe(JobsReindexer.name, () => {
  let t: TestEnvironment;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    t = await createTestEnvironment('reindex');
    for (const name of ['job-writer', 'outbox-relay', 'indexer'] as const) apps.push(await AppProcess.start(name, t.env));
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await t.teardown();
  });

  it('swaps to a rebuilt index while jobs are written before, during and after it: searches never fail, and nothing drifts', async () => {
    const jobs = new JobCommandsService(t.db.dataSource, new OutboxWriter(), new AuditWriter());
    const user = await new OwnerCommandsService(t.db.dataSource, new OutboxWriter(), new AuditWriter()).createUser({ email: 'x@example.com', name: 'X' }, SYSTEM_ACTOR);
    const seeded = await inParallel(Array.from({ length: SEED }, (_, i) => i), 10, () =>
      jobs.create({ userId: user.id, type: 'IMAGE_BUILD', projectName: 'seed' }, SYSTEM_ACTOR),
    );
    await waitFor(async () => (await t.search.client.count({ index: t.search.alias })).count === SEED, {
      what: 'the seed indexed',
      timeoutMs: 60_000,
    });

    let writing = true;
    let searches = 0;
    const failures: unknown[] = [];
    const searching = (async () => {
      while (writing) {
        try {
          const { hits } = await t.search.client.search({ index: t.search.alias, query: { term: { userId: user.id } }, size: 1 });
          if (hits.hits.length === 0) throw new Error('a search found nothing');
          searches++;
        } catch (error) {
          failures.push(error);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    // Writers run from before the reindex starts until AFTER_SWAP writes past its swap, however
    // long it takes: a fixed count could end before the swap on a fast machine, or after it on a
    // slow one, and prove nothing about writes that race it.
    let next = 0;
    let deletes = 0;
    let stopAt = Infinity;
    const writer = async () => {
      while (next < stopAt) {
        const i = next++;
        const job = await jobs.create({ userId: user.id, type: 'IMAGE_BUILD', projectName: `live-${i % 10}` }, SYSTEM_ACTOR);
        if (i % 5 === 0) await jobs.transition({ id: job.id, status: 'RUNNING' }, SYSTEM_ACTOR);
        if (i % 50 === 0 && i / 50 < SEED) {
          await jobs.delete({ id: seeded[i / 50].id }, SYSTEM_ACTOR);
          deletes++;
        }
      }
    };
    const writes = Promise.all(Array.from({ length: 8 }, writer));
    await waitFor(() => next >= BEFORE_START, { what: `${BEFORE_START} writes before the reindex` });

    const writtenAtStart = next;
    const report = await new JobsReindexer(t.db.dataSource, t.search.client, t.search.alias)
      .reindex({ batchSize: 500 })
      .finally(() => (stopAt = next + AFTER_SWAP));
    const writtenAtSwap = stopAt - AFTER_SWAP;
    await writes;
    await waitFor(async () => Number((await t.db.dataSource.query(`SELECT count(*) AS n FROM job WHERE es_sync_version IS DISTINCT FROM version`))[0].n) === 0, {
      what: 'the pipeline drained',
      timeoutMs: 120_000,
    });
    writing = false;
    await searching;

    const drift = await new ConsistencyChecker(t.db.dataSource, t.search.client, t.search.alias).check();
    console.log(`reindex: ${JSON.stringify(report)}; ${writtenAtSwap} writes before its swap, ${next} in all; ${searches} searches during it`);
    expect(report).toMatchObject({ from: physicalIndexName(t.search.alias, 1), to: physicalIndexName(t.search.alias, 2) });
    expect(await currentJobsIndex(t.search.client, t.search.alias)).toBe(physicalIndexName(t.search.alias, 2));
    expect(failures).toEqual([]);
    expect(searches).toBeGreaterThan(0);
    expect(writtenAtSwap).toBeGreaterThan(writtenAtStart); // writes landed while it ran
    expect(drift).toMatchObject({ jobs: SEED + next - deletes, missing: 0, stale: 0, orphans: 0 });
  });
});
