import { eventSchemaFileName, JobSnapshotV1, WRITER_COMMANDS } from '@jobstream/contracts';
import { JobDocument } from '@jobstream/search';
import { AppProcess, createTestEnvironment, EventTap, TestEnvironment, waitFor } from '@jobstream/testing';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { connect, ConsumeMessage } from 'amqplib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom, timeout } from 'rxjs';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';

jest.setTimeout(120_000);

const UNKNOWN_ID = '01900000-0000-7000-8000-000000000000';

/** Another team's service: a plain Nest RMQ client on the job-writer's queue, nothing of ours. */
describe('the AMQP command API, as an internal service uses it', () => {
  let t: TestEnvironment;
  let apps: AppProcess[];
  let client: ClientProxy;
  let tap: EventTap;
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
    tap = await EventTap.start(t.vhost.url, 'jobstream.events');
    client = ClientProxyFactory.create({
      transport: Transport.RMQ,
      options: { urls: [t.vhost.url], queue: 'job-writer.commands', queueOptions: { durable: true }, persistent: true },
    });
    await client.connect();
    userId = (await send<{ id: string }>(WRITER_COMMANDS.createUser, { email: 'amqp@example.com', name: 'Amqp' })).id;
  });

  afterAll(async () => {
    await client?.close();
    await tap?.close();
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

  it('follows the wire format documented for clients without Nest (plain amqplib, direct reply-to)', async () => {
    const connection = await connect(t.vhost.url);
    const channel = await connection.createChannel();
    const replies = new Map<string, (body: any) => void>();
    await channel.consume('amq.rabbitmq.reply-to', (message: ConsumeMessage | null) => {
      if (message) replies.get(message.properties.correlationId)?.(JSON.parse(message.content.toString()));
    }, { noAck: true });
    const call = (pattern: string, data: object) =>
      new Promise<any>((resolve) => {
        const id = uuidv7();
        replies.set(id, resolve);
        channel.sendToQueue('job-writer.commands', Buffer.from(JSON.stringify({ pattern, data, id })), {
          replyTo: 'amq.rabbitmq.reply-to',
          correlationId: id,
          persistent: true,
          contentType: 'application/json',
        });
      });

    try {
      const created = await call(WRITER_COMMANDS.createJob, { userId, type: 'WORKSPACE_START', projectName: 'raw' });
      expect(created).toMatchObject({ isDisposed: true, response: { userId, projectName: 'raw', status: 'PENDING', version: 1 } });
      const refused = await call(WRITER_COMMANDS.createJob, { userId, type: 'NAPPING', projectName: 'raw' });
      expect(refused).toMatchObject({ isDisposed: true, err: { code: 'VALIDATION', details: { fields: [{ field: 'type' }] } } });
    } finally {
      await connection.close();
    }
  });

  it('publishes events that validate against the committed JSON Schemas (docs/events)', async () => {
    const schemaOf = (type: string) =>
      z.fromJSONSchema(JSON.parse(readFileSync(join(__dirname, '../docs/events', eventSchemaFileName(type)), 'utf8')));
    await waitFor(() => ['job.created', 'job.status-changed'].every((type) => tap.received.some((event) => event.type === type)), {
      what: 'job.created and job.status-changed events',
    });

    const invalid = tap.received.filter((event) => !schemaOf(event.type).safeParse(event).success);
    expect(tap.received.length).toBeGreaterThan(3);
    expect(invalid).toEqual([]);
  });
});
