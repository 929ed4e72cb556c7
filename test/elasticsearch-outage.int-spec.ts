/**
 * @slow a 60 s outage of Elasticsearch (test/sequencer.cjs starts this file first)
 */
import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { JobCommandsService, OwnerCommandsService } from '@jobstream/commands';
import { ConsistencyChecker } from '@jobstream/consistency';
import { OutboxWriter } from '@jobstream/persistence';
import {
  AppProcess,
  createTestEnvironment,
  ES_URL,
  inParallel,
  OutageProxy,
  TestEnvironment,
  waitFor,
} from '@jobstream/testing';

jest.setTimeout(600_000);

const OUTAGE_MS = 60_000;

describe('an Elasticsearch outage', () => {
  let t: TestEnvironment;
  /** This file's services reach Elasticsearch only through it; the checker goes straight to the node. */
  let es: OutageProxy;
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    t = await createTestEnvironment('outage');
    es = await OutageProxy.start(ES_URL);
    for (const name of ['job-writer', 'outbox-relay', 'indexer'] as const) {
      apps.push(await AppProcess.start(name, { ...t.env, ES_URL: es.url, RECONCILE_INTERVAL_MS: '10000', RECONCILE_GRACE_MS: '20000' }));
    }
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await es?.close();
    await t.teardown();
  });

  it('of 60 s while 2,000 jobs are written ends with 0 missing and 0 stale within 60 s, untouched', async () => {
    const jobs = new JobCommandsService(t.db.dataSource, new OutboxWriter(), new AuditWriter());
    const user = await new OwnerCommandsService(t.db.dataSource, new OutboxWriter(), new AuditWriter()).createUser({ email: 'o@example.com', name: 'O' }, SYSTEM_ACTOR);
    const checker = new ConsistencyChecker(t.db.dataSource, t.search.client, t.search.alias);
    await jobs.create({ userId: user.id, type: 'IMAGE_BUILD', projectName: 'before' }, SYSTEM_ACTOR);
    await waitFor(async () => (await t.search.client.indices.existsAlias({ name: t.search.alias })) === true, { what: 'the index' });

    const down = Date.now();
    es.cut();
    try {
      await inParallel(Array.from({ length: 2_000 }, (_, i) => i), 10, async (i) => {
        const job = await jobs.create({ userId: user.id, type: 'IMAGE_BUILD', projectName: `outage-${i % 20}` }, SYSTEM_ACTOR);
        if (i % 4 === 0) await jobs.transition({ id: job.id, status: 'RUNNING' }, SYSTEM_ACTOR);
      });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - down))));
      expect(es.refused).toBeGreaterThan(0); // the indexer did try to reach Elasticsearch meanwhile
    } finally {
      es.restore();
    }
    const back = Date.now();

    const report = await waitFor(
      async () => {
        const r = await checker.check();
        return r.missing === 0 && r.stale === 0 ? r : null;
      },
      { what: '0 missing and 0 stale', timeoutMs: 60_000, intervalMs: 2_000 },
    );
    console.log(`outage: down ${(back - down) / 1000} s; consistent ${(Date.now() - back) / 1000} s after Elasticsearch came back`);
    expect(report).toMatchObject({ jobs: 2_001, missing: 0, stale: 0, orphans: 0 });
  });
});
