import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { JobCommandsService, OwnerCommandsService } from '@jobstream/commands';
import { ConsistencyChecker } from '@jobstream/consistency';
import { loadJobSnapshots, OutboxWriter } from '@jobstream/persistence';
import { ensureJobsIndex, JobDocument, JobIndexWriter, physicalIndexName, toJobDocument } from '@jobstream/search';
import { createTestDatabase, createTestSearch, ES_URL, inParallel, TestDatabase, TestSearch } from '@jobstream/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { v7 as uuidv7 } from 'uuid';

jest.setTimeout(120_000);

const CLI = join(__dirname, '../dist/apps/cli/src/main.js');
const JOBS = 300;
/** Sorts below every job id, so its document lands in the first range. */
const ORPHAN_BEFORE_ALL = '00000000-0000-7000-8000-000000000000';

describe(ConsistencyChecker.name, () => {
  let db: TestDatabase;
  let search: TestSearch;
  let jobs: JobCommandsService;
  let writer: JobIndexWriter;
  let checker: ConsistencyChecker;
  /** Every job id in PostgreSQL's order. */
  let ids: string[];

  const index = async (jobIds: string[]) => {
    const snapshots = await loadJobSnapshots(db.dataSource.manager, jobIds);
    await writer.write(snapshots.map((job) => ({ kind: 'index' as const, doc: toJobDocument(job) })));
  };

  /** Runs the built command line against this test's database and alias. */
  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = { ...process.env, DATABASE_URL: db.url, ES_URL, ES_JOBS_ALIAS: search.alias };
    try {
      return { code: 0, ...(await promisify(execFile)(process.execPath, [CLI, ...args], { env })) };
    } catch (error) {
      return error as { code: number; stdout: string; stderr: string };
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase('consistency');
    search = createTestSearch('consistency');
    await ensureJobsIndex(search.client, search.alias);
    jobs = new JobCommandsService(db.dataSource, new OutboxWriter(), new AuditWriter());
    writer = new JobIndexWriter(search.client, search.alias);
    checker = new ConsistencyChecker(db.dataSource, search.client, search.alias);
    const owners = new OwnerCommandsService(db.dataSource, new OutboxWriter(), new AuditWriter());
    const users = await Promise.all(['ann', 'bob'].map((name) => owners.createUser({ email: `${name}@example.com`, name }, SYSTEM_ACTOR)));
    const workspace = await owners.createWorkspace({ userId: users[0].id, projectName: 'api', arch: 'amd64', hostname: 'ws-1' }, SYSTEM_ACTOR);
    const created = await inParallel(Array.from({ length: JOBS }, (_, i) => i), 5, (i) => {
      const workspaceId = i % 3 === 0 ? workspace.id : undefined;
      return jobs.create({ userId: users[i % 2].id, workspaceId, type: 'IMAGE_BUILD', projectName: 'api' }, SYSTEM_ACTOR);
    });
    ids = created.map((job) => job.id).sort();
  });

  /** By name: the node refuses wildcard deletes (action.destructive_requires_name). */
  const deleteIndex = () => search.client.indices.delete({ index: physicalIndexName(search.alias, 1), ignore_unavailable: true });

  afterAll(async () => {
    await Promise.allSettled([deleteIndex().finally(() => search.client.close()), db.drop()]);
  });

  it('reports no drift when every job has its document', async () => {
    await index(ids);

    const report = await checker.check({ rangeSize: 20 });

    expect(report).toMatchObject({ jobs: JOBS, documents: JOBS, ranges: 15, rangesDiffering: 0, missing: 0, stale: 0, orphans: 0 });
  });

  describe('with drift', () => {
    let missing: string[];
    let stale: string[];
    let orphans: string[];

    beforeAll(async () => {
      // Never indexed, as after lost events: the index starts over without them (deleting their
      // documents would leave tombstones that refuse a rewrite at the same version for gc_deletes).
      missing = ids.slice(40, 45);
      await deleteIndex();
      await ensureJobsIndex(search.client, search.alias);
      await index(ids.filter((id) => !missing.includes(id)));
      // Changed in PostgreSQL after they were indexed.
      stale = ids.slice(100, 104);
      for (const id of stale) await jobs.transition({ id, status: 'RUNNING' }, SYSTEM_ACTOR);
      // Documents without a job: before every job, a deleted job's, and after every job.
      const deleted = ids[250];
      await jobs.delete({ id: deleted }, SYSTEM_ACTOR);
      orphans = [ORPHAN_BEFORE_ALL, deleted, uuidv7()];
      const [template] = await loadJobSnapshots(db.dataSource.manager, [ids[0]]);
      const orphanDocument = (id: string) => ({ kind: 'index' as const, doc: { ...toJobDocument(template), jobId: id, version: 7 } });
      await writer.write([ORPHAN_BEFORE_ALL, orphans[2]].map(orphanDocument));
    });

    it('counts exactly the missing, stale and orphan documents and names them', async () => {
      const report = await checker.check();

      expect(report).toMatchObject({ jobs: JOBS - 1, documents: JOBS - 5 + 2, ranges: 1, rangesDiffering: 1 });
      expect(report).toMatchObject({ missing: 5, stale: 4, orphans: 3, samples: { missing, stale, orphans } });
      expect(report.repaired).toBeUndefined();
    });

    it('compares row by row only the ranges whose counts or version sums differ', async () => {
      const report = await checker.check({ rangeSize: 20 });

      // Of 15 ranges, five hold drift: the first orphan's, the missing, the stale, the deleted job's and the last orphan's.
      expect(report).toMatchObject({ ranges: 15, rangesDiffering: 5, missing: 5, stale: 4, orphans: 3 });
    });

    it('the command line prints the drift and exits 1; a usage error exits 2', async () => {
      const drift = await cli('check', '--range-size', '20');
      const usage = await cli('check', '--no-such-flag');

      expect(drift.code).toBe(1);
      expect(drift.stdout).toMatch(/^missing +5 /m);
      expect(drift.stdout).toMatch(/^stale +4 /m);
      expect(drift.stdout).toMatch(/^orphans +3 /m);
      expect(drift.stdout).toMatch(/DRIFT FOUND; run with --repair/);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/usage: /);
    });

    it('repairs exactly what differs and records the sync mark', async () => {
      const before = await sequenceNumbers();

      const report = await checker.check({ repair: true, rangeSize: 20 });

      expect(report).toMatchObject({ missing: 5, stale: 4, orphans: 3, repaired: { indexed: 9, deleted: 3, skipped: 0 } });
      const after = await sequenceNumbers();
      const written = [...after.keys()].filter((id) => after.get(id) !== before.get(id));
      const removed = [...before.keys()].filter((id) => !after.has(id));
      expect(written.sort()).toEqual([...missing, ...stale].sort());
      expect(removed.sort()).toEqual([...orphans].sort());
      const marks: { version: string; es_sync_version: string }[] = await db.dataSource.query(
        `SELECT version, es_sync_version FROM job WHERE id = ANY($1::uuid[])`,
        [[...missing, ...stale]],
      );
      expect(marks.every((row) => row.es_sync_version === row.version)).toBe(true);
    });

    it('finds no drift after the repair, and the command line exits 0', async () => {
      const report = await checker.check({ rangeSize: 20 });
      const run = await cli('check', '--json');

      expect(report).toMatchObject({ jobs: JOBS - 1, documents: JOBS - 1, rangesDiffering: 0, missing: 0, stale: 0, orphans: 0 });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ jobs: JOBS - 1, documents: JOBS - 1, missing: 0, stale: 0, orphans: 0 });
    });

    it('finds, only when deep, a document whose fields differ at an equal version', async () => {
      const [job] = await loadJobSnapshots(db.dataSource.manager, [ids[0]]);
      // Breaks the version scheme on purpose: other fields, same version.
      const document: JobDocument = { ...toJobDocument(job), userName: 'someone else' };
      await search.client.index({ index: search.alias, id: job.id, version: job.version, version_type: 'external_gte', document });

      const quick = await checker.check();
      const deep = await checker.check({ deep: true });

      expect(quick).toMatchObject({ missing: 0, stale: 0, orphans: 0 });
      expect(deep).toMatchObject({ rangesDiffering: 0, missing: 0, stale: 1, orphans: 0, samples: { stale: [job.id] } });
    });
  });

  /** Each document's sequence number: it changes exactly when the document is written. */
  async function sequenceNumbers(): Promise<Map<string, number>> {
    await search.client.indices.refresh({ index: search.alias });
    const response = await search.client.search({ index: search.alias, size: 1_000, seq_no_primary_term: true });
    return new Map(response.hits.hits.map((hit) => [hit._id!, hit._seq_no!]));
  }
});
