import { ConsistencyChecker } from '@jobstream/consistency';
import { loadJobSnapshots } from '@jobstream/persistence';
import { ensureJobsIndex, JobIndexWriter, toJobDocument } from '@jobstream/search';
import { createTestDatabase, createTestSearch, TestDatabase, TestSearch } from '@jobstream/testing';

/**
 * How long the consistency checker takes over BENCH_JOBS jobs (default 1,000,000): a clean
 * check, a check with drift in a few ranges, and a --deep check. Run with `npm run bench`.
 */
const JOBS = Number(process.env.BENCH_JOBS ?? 1_000_000);
jest.setTimeout(3_600_000);

describe('consistency check at scale', () => {
  let db: TestDatabase;
  let search: TestSearch;

  beforeAll(async () => {
    [db, search] = [await createTestDatabase('bench'), createTestSearch('bench')];
    await ensureJobsIndex(search.client, search.alias);
  });

  afterAll(async () => {
    await search.delete();
    await db.drop();
  });

  it(`checks ${JOBS.toLocaleString('en')} jobs`, async () => {
    const started = Date.now();
    await db.dataSource.query(`INSERT INTO users (id, email, name) SELECT gen_random_uuid(), 'u' || i || '@example.com', 'User ' || i FROM generate_series(1, 100) i`);
    await db.dataSource.query(
      `INSERT INTO job (id, user_id, user_email, status, type, project_name, version)
       SELECT gen_random_uuid(), u.id, u.email, 'PENDING', 'IMAGE_BUILD', 'p' || (i % 50), 1 + (i % 3)
         FROM generate_series(1, $1) i JOIN LATERAL (SELECT id, email FROM users OFFSET (i % 100) LIMIT 1) u ON true`,
      [JOBS],
    );
    const seeded = Date.now();
    const writer = new JobIndexWriter(search.client, search.alias);
    await search.client.indices.putSettings({ index: search.alias, settings: { refresh_interval: '-1' } });
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const ids: string[] = (await db.dataSource.query(`SELECT id FROM job WHERE id > $1 ORDER BY id LIMIT 5000`, [after])).map((r: { id: string }) => r.id);
      if (ids.length === 0) break;
      const jobs = await loadJobSnapshots(db.dataSource.manager, ids);
      await writer.write(jobs.map((job) => ({ kind: 'index' as const, doc: toJobDocument(job) })));
      after = ids[ids.length - 1];
    }
    await search.client.indices.putSettings({ index: search.alias, settings: { refresh_interval: '1s' } });
    const indexed = Date.now();
    const checker = new ConsistencyChecker(db.dataSource, search.client, search.alias);

    const clean = await checker.check();
    await db.dataSource.query(`UPDATE job SET version = version + 1 WHERE id IN (SELECT id FROM job ORDER BY random() LIMIT 100)`);
    const drifted = await checker.check();
    const deep = await checker.check({ deep: true });

    console.log(
      [
        `consistency check over ${JOBS.toLocaleString('en')} jobs (seeded in ${seeded - started} ms, indexed in ${indexed - seeded} ms)`,
        `clean:            ${clean.durationMs} ms, ${clean.ranges} ranges, drift ${clean.missing}/${clean.stale}/${clean.orphans}`,
        `100 stale jobs:   ${drifted.durationMs} ms, ${drifted.rangesDiffering} ranges read row by row, stale ${drifted.stale}`,
        `--deep:           ${deep.durationMs} ms`,
        `clean / --deep:   ${(clean.durationMs / deep.durationMs).toFixed(3)}`,
      ].join('\n'),
    );
    expect(clean).toMatchObject({ jobs: JOBS, missing: 0, stale: 0, orphans: 0 });
    expect(drifted.stale).toBe(100);
  });
});
