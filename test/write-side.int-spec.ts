import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { JobCommandsService, OwnerCommandsService } from '@jobstream/commands';
import { JobSnapshotV1 } from '@jobstream/contracts';
import { JobstreamError } from '@jobstream/domain';
import { OutboxWriter } from '@jobstream/persistence';
import { createTestDatabase, TestDatabase } from '@jobstream/testing';
import { v7 as uuidv7 } from 'uuid';

jest.setTimeout(60_000);

describe('job writes and their outbox events', () => {
  let db: TestDatabase;
  let jobs: JobCommandsService;
  let userId: string;

  const count = async (sql: string, params: unknown[]) => Number((await db.dataSource.query(sql, params))[0].count);
  const newJob = (projectName = 'api'): Promise<JobSnapshotV1> => jobs.create({ userId, type: 'IMAGE_BUILD', projectName }, SYSTEM_ACTOR);

  beforeAll(async () => {
    db = await createTestDatabase('write');
    jobs = new JobCommandsService(db.dataSource, new OutboxWriter(), new AuditWriter());
    userId = (await new OwnerCommandsService(db.dataSource, new OutboxWriter(), new AuditWriter()).createUser({ email: 'w@example.com', name: 'W' }, SYSTEM_ACTOR)).id;
    // Fails any event whose job is called "doomed" or carries the message "boom", inside the writer's transaction.
    await db.dataSource.query(`
      CREATE FUNCTION fail_outbox() RETURNS trigger AS $$
      BEGIN
        IF NEW.payload->>'projectName' = 'doomed' OR NEW.payload->>'errorMessage' = 'boom' THEN
          RAISE EXCEPTION 'outbox insert failed on purpose';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql;
      CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION fail_outbox();`);
  });

  afterAll(() => db.drop());

  it('commits a job and its event together', async () => {
    const job = await newJob();

    const [event] = await db.dataSource.query(`SELECT * FROM outbox WHERE aggregate_id = $1`, [job.id]);
    expect(event).toMatchObject({ event_type: 'job.created', aggregate_version: '1', schema_version: 1 });
    expect(event.payload).toMatchObject({ id: job.id, version: 1, userName: 'W', userEmail: 'w@example.com' });
  });

  it('rolls back a created job when its event cannot be written: neither exists', async () => {
    await expect(newJob('doomed')).rejects.toThrow(/failed on purpose/);

    expect(await count(`SELECT count(*) FROM job WHERE project_name = 'doomed'`, [])).toBe(0);
    expect(await count(`SELECT count(*) FROM outbox WHERE payload->>'projectName' = 'doomed'`, [])).toBe(0);
  });

  it('rolls back a status change when its event cannot be written: the job keeps its state', async () => {
    const job = await newJob();

    await expect(jobs.transition({ id: job.id, status: 'RUNNING', errorMessage: 'boom' }, SYSTEM_ACTOR)).rejects.toThrow(/failed on purpose/);

    const [row] = await db.dataSource.query(`SELECT status, version FROM job WHERE id = $1`, [job.id]);
    expect(row).toEqual({ status: 'PENDING', version: '1' });
    expect(await count(`SELECT count(*) FROM outbox WHERE aggregate_id = $1`, [job.id])).toBe(1);
  });

  it('creates one job and one event for a repeated create command', async () => {
    const id = uuidv7();
    const command = { id, userId, type: 'IMAGE_BUILD' as const, projectName: 'api' };

    const [first, second] = [await jobs.create(command, SYSTEM_ACTOR), await jobs.create(command, SYSTEM_ACTOR)];

    expect(second).toEqual(first);
    expect(await count(`SELECT count(*) FROM outbox WHERE aggregate_id = $1`, [id])).toBe(1);
  });

  it('lets one of two writers at the same version win; the other gets the current version', async () => {
    const job = await newJob();

    const results = await Promise.allSettled([
      jobs.transition({ id: job.id, status: 'RUNNING', expectedVersion: 1 }, SYSTEM_ACTOR),
      jobs.transition({ id: job.id, status: 'CANCELLED', expectedVersion: 1 }, SYSTEM_ACTOR),
    ]);

    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(JobstreamError);
    expect(rejected[0].reason).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
  });

  it('orders a job events by version and stamps completion', async () => {
    const job = await newJob();
    await jobs.transition({ id: job.id, status: 'RUNNING' }, SYSTEM_ACTOR);
    const failed = await jobs.transition({ id: job.id, status: 'FAILED', errorMessage: 'disk full' }, SYSTEM_ACTOR);

    const events = await db.dataSource.query(`SELECT event_type, aggregate_version FROM outbox WHERE aggregate_id = $1 ORDER BY seq`, [job.id]);
    expect(events.map((e: { aggregate_version: string }) => Number(e.aggregate_version))).toEqual([1, 2, 3]);
    expect(failed).toMatchObject({ status: 'FAILED', version: 3, errorMessage: 'disk full' });
    expect(failed.completedAt).not.toBeNull();
  });

  it('refuses a job for an unknown user, naming the field', async () => {
    await expect(jobs.create({ userId: uuidv7(), type: 'IMAGE_BUILD', projectName: 'api' }, SYSTEM_ACTOR)).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { fields: [{ field: 'userId' }] },
    });
  });

  it('refuses a second user with a taken email', async () => {
    await expect(new OwnerCommandsService(db.dataSource, new OutboxWriter(), new AuditWriter()).createUser({ email: 'w@example.com', name: 'X' }, SYSTEM_ACTOR)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('does not move updated_at when only the sync columns change', async () => {
    const job = await newJob();
    const before = (await db.dataSource.query(`SELECT updated_at FROM job WHERE id = $1`, [job.id]))[0].updated_at;

    await db.dataSource.query(`UPDATE job SET es_synced_at = now(), es_sync_version = 1 WHERE id = $1`, [job.id]);

    const after = (await db.dataSource.query(`SELECT updated_at FROM job WHERE id = $1`, [job.id]))[0].updated_at;
    expect(after).toEqual(before);
  });
});
