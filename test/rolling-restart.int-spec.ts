/**
 * @slow every service restarted in turn under load (test/sequencer.cjs starts this file first)
 */
import { ConsistencyChecker } from '@jobstream/consistency';
import { readFileSync } from 'node:fs';
import { AppName, AppProcess, createTestEnvironment, HttpClient, issueTestApiKey, LifecycleLoad, TestEnvironment, waitFor } from '@jobstream/testing';

jest.setTimeout(600_000);

/** The order a deployment would take; each service is stopped with SIGTERM and started again. */
const ROLLING_ORDER: AppName[] = ['job-writer', 'outbox-relay', 'indexer', 'gateway'];

describe('a rolling restart of every service under load', () => {
  let t: TestEnvironment;
  const apps = new Map<AppName, AppProcess>();

  beforeAll(async () => {
    t = await createTestEnvironment('rolling');
    for (const name of ROLLING_ORDER) apps.set(name, await AppProcess.start(name, t.env));
  });

  afterAll(async () => {
    await Promise.all([...apps.values()].map((app) => app.stop()));
    await t.teardown();
  });

  it('loses no write: every service exits cleanly on SIGTERM and every acknowledged change is searchable', async () => {
    const key = await issueTestApiKey(t.db.dataSource, 'writer');
    const gateway = apps.get('gateway')!;
    const load = new LifecycleLoad(new HttpClient(gateway.url, key.key), key.userId, 8);
    const waitForProgress = async (jobs: number) => {
      const before = await count();
      await waitFor(async () => (await count()) >= before + jobs, { what: `${jobs} more jobs`, timeoutMs: 60_000 });
    };
    const count = async () => (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM job`))[0].n as number;

    const shutdowns: { name: AppName; exitCode: number | null; ms: number }[] = [];
    await waitForProgress(50);
    for (const name of ROLLING_ORDER) {
      const app = apps.get(name)!;
      const { exitCode, ms } = await app.stop();
      shutdowns.push({ name, exitCode, ms });
      await app.restart();
      await waitForProgress(50);
    }
    const result = await load.stop();

    console.log(
      `rolling restart: ${result.completed.length} lifecycles completed, ${result.retries} requests retried; shutdowns: ` +
        shutdowns.map(({ name, exitCode, ms }) => `${name} exit ${exitCode} in ${ms} ms`).join(', '),
    );
    expect(result.unexpected).toEqual([]);
    expect(shutdowns.map(({ name, exitCode }) => ({ name, exitCode }))).toEqual(ROLLING_ORDER.map((name) => ({ name, exitCode: 0 })));
    // The writer's drain is bounded (SHUTDOWN_DRAIN_MS); one that ran out still exits 0, but says so.
    expect(readFileSync(apps.get('job-writer')!.logFile, 'utf8').split('\n').filter((line) => line.includes('in flight after'))).toEqual([]);

    // Every acknowledged lifecycle is in PostgreSQL at its final version, created once...
    const rows: { id: string; status: string; version: string }[] = await t.db.dataSource.query(
      `SELECT id, status, version FROM job WHERE id = ANY($1::uuid[])`,
      [result.completed],
    );
    expect(rows).toHaveLength(result.completed.length);
    expect(rows.every((row) => row.status === 'COMPLETED' && Number(row.version) === 3)).toBe(true);
    expect(await count()).toBe(result.completed.length);

    // ...and every job reaches Elasticsearch at its version, with no help from the reconciler's grace.
    const checker = new ConsistencyChecker(t.db.dataSource, t.search.client, t.search.alias);
    const report = await waitFor(
      async () => {
        const r = await checker.check({ deep: true });
        return r.missing + r.stale + r.orphans === 0 ? r : null;
      },
      { what: '0 missing / 0 stale / 0 orphans', timeoutMs: 60_000, intervalMs: 1_000 },
    );
    expect(report.jobs).toBe(await count());
  });
});
