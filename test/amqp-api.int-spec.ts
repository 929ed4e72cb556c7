import { JobSnapshotV1, WRITER_COMMANDS } from '@jobstream/contracts';
import { JobDocument } from '@jobstream/search';
import { AppProcess, createTestEnvironment, TestEnvironment, waitFor } from '@jobstream/testing';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { v7 as uuidv7 } from 'uuid';

jest.setTimeout(120_000);

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

/** Another team's service: a plain Nest RMQ client on the job-writer's queue, nothing of ours. */
describe('the AMQP command API, as an internal service uses it', () => {
  let t: TestEnvironment;
  let apps: AppProcess[];
  let client: ClientProxy;
  let userId: string;

  const send = <T>(pattern: string, data: object): Promise<T> => firstValueFrom(client.send<T>(pattern, data).pipe(timeout(10_000)));
  /** The typed error reply, `{ code, message, details }`, that the client's observable fails with. */
  const failure = async (pattern: string, data: object) => {
    const outcome = await send(pattern, data).then(
      (reply) => ({ reply }),
      (error: { code: string; message: string; details?: Record<string, any> }) => ({ error }),
    );
    if (!('error' in outcome)) throw new Error(`expected an error reply, got ${JSON.stringify(outcome.reply)}`);
    return outcome.error;
  };

  beforeAll(async () => {
    t = await createTestEnvironment('amqpapi');
    const writer = await AppProcess.start('job-writer', t.env);
    apps = [writer, ...(await Promise.all((['outbox-relay', 'indexer'] as const).map((name) => AppProcess.start(name, t.env))))];
    client = ClientProxyFactory.create({
      transport: Transport.RMQ,
      options: { urls: [t.vhost.url], queue: 'job-writer.commands', queueOptions: { durable: true }, persistent: true },
    });
    await client.connect();
    userId = (await send<{ id: string }>(WRITER_COMMANDS.createUser, { email: 'amqp@example.com', name: 'Amqp' })).id;
  });

  afterAll(async () => {
    await client?.close();
    await Promise.all(apps?.map((app) => app.stop()) ?? []);
    await t.teardown();
  });

  it('creates a job and replies with its snapshot at version 1; the job becomes searchable', async () => {
    const id = uuidv7();

    const job = await send<JobSnapshotV1>(WRITER_COMMANDS.createJob, { id, userId, type: 'IMAGE_BUILD', projectName: 'amqp', metadata: { team: 'billing' } });

    expect(job).toMatchObject({ id, userId, userName: 'Amqp', status: 'PENDING', type: 'IMAGE_BUILD', projectName: 'amqp', version: 1 });
    const again = await send<JobSnapshotV1>(WRITER_COMMANDS.createJob, { id, userId, type: 'IMAGE_BUILD', projectName: 'amqp' });
    expect(again).toMatchObject({ id, version: 1 });
    const indexed = await waitFor(async () => {
      const doc = await t.search.client.get<JobDocument>({ index: t.search.alias, id }).catch(() => undefined);
      return doc?.found && doc;
    }, { what: 'the job in Elasticsearch' });
    expect(indexed).toMatchObject({ _version: 1, _source: { jobId: id, projectName: 'amqp', userName: 'Amqp' } });
  });

  it('transitions a job and replies with the new version', async () => {
    const job = await send<JobSnapshotV1>(WRITER_COMMANDS.createJob, { userId, type: 'IMAGE_BUILD', projectName: 'amqp' });

    const running = await send<JobSnapshotV1>(WRITER_COMMANDS.transitionJob, { id: job.id, status: 'RUNNING', expectedVersion: 1 });

    expect(running).toMatchObject({ id: job.id, status: 'RUNNING', version: 2 });
  });

  it('answers a command with a bad or unknown field with a typed VALIDATION error naming the fields', async () => {
    const error = await failure(WRITER_COMMANDS.createJob, { userId: 'nope', type: 'IMAGE_BUILD', projectName: 'x', surprise: true });

    expect(error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('userId') });
    expect(error.details!.fields.map((f: { field: string }) => f.field).sort()).toEqual(['surprise', 'userId']);
    expect(await failure(WRITER_COMMANDS.transitionJob, { id: UNKNOWN_ID, status: 'SLEEPING' })).toMatchObject({
      code: 'VALIDATION',
      details: { fields: [{ field: 'status' }] },
    });
  });

  it('answers a transition of an unknown job with NOT_FOUND', async () => {
    expect(await failure(WRITER_COMMANDS.transitionJob, { id: UNKNOWN_ID, status: 'RUNNING' })).toMatchObject({
      code: 'NOT_FOUND',
      details: { entity: 'job', id: UNKNOWN_ID },
    });
  });

  it('answers a stale expectedVersion with VERSION_CONFLICT and the current version', async () => {
    const job = await send<JobSnapshotV1>(WRITER_COMMANDS.createJob, { userId, type: 'IMAGE_BUILD', projectName: 'amqp' });
    await send(WRITER_COMMANDS.transitionJob, { id: job.id, status: 'RUNNING', expectedVersion: 1 });

    expect(await failure(WRITER_COMMANDS.transitionJob, { id: job.id, status: 'CANCELLED', expectedVersion: 1 })).toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { currentVersion: 2 },
    });
  });
});
