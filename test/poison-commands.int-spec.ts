import { WRITER_COMMANDS } from '@jobstream/contracts';
import { AppProcess, createTestEnvironment, sampleSum, scrape, TestBroker, TestEnvironment, waitFor } from '@jobstream/testing';
import { Channel, ChannelModel, connect, ConsumeMessage } from 'amqplib';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { v7 as uuidv7 } from 'uuid';

jest.setTimeout(120_000);

const QUEUE = 'job-writer.commands';
const DEAD = `${QUEUE}.dead`;
const CLI = join(__dirname, '../dist/apps/cli/src/main.js');

describe('poison commands on the job-writer queue', () => {
  let t: TestEnvironment;
  let writer: AppProcess;
  let broker: TestBroker;
  let connection: ChannelModel;
  let channel: Channel;
  const replies = new Map<string, any[]>();

  /**
   * Publishes `content` as a client without Nest would (docs/events: direct reply-to), on the
   * command queue unless told; answers the list the replies to it arrive in.
   */
  const send = (content: string, { messageId, queue = QUEUE }: { messageId?: string; queue?: string } = {}): any[] => {
    const correlationId = uuidv7();
    const answers: any[] = [];
    replies.set(correlationId, answers);
    channel.sendToQueue(queue, Buffer.from(content), { messageId, replyTo: 'amq.rabbitmq.reply-to', correlationId, persistent: true });
    return answers;
  };
  const command = (pattern: string, data: object) => JSON.stringify({ pattern, data, id: uuidv7() });
  const parked = () => scrape(writer.url).then((samples) => sampleSum(samples, 'jobstream_consumer_messages_total', { queue: QUEUE, settlement: 'dead_lettered' }));
  /** Runs the built command line against this test's vhost. */
  const cli = async (...args: string[]) => (await promisify(execFile)(process.execPath, [CLI, ...args], { env: { ...process.env, ...t.env } })).stdout;

  beforeAll(async () => {
    t = await createTestEnvironment('poison');
    writer = await AppProcess.start('job-writer', { ...t.env, HEARTBEAT_INTERVAL_MS: '0' });
    broker = await TestBroker.connect(t.vhost.url);
    connection = await connect(t.vhost.url);
    channel = await connection.createChannel();
    await channel.consume('amq.rabbitmq.reply-to', (message: ConsumeMessage | null) => {
      if (message) replies.get(message.properties.correlationId)?.push(JSON.parse(message.content.toString()));
    }, { noAck: true });
  });

  afterAll(async () => {
    await connection?.close();
    await broker?.close();
    await writer?.stop();
    await t.teardown();
  });

  it('parks undecodable and unroutable commands with their reasons, answers their callers, counts them, and replays them', async () => {
    const poison = [
      send('{"pattern": "user.create", "data": {', { messageId: 'not-json' }),
      send(JSON.stringify({ data: { email: 'x@example.com' }, id: uuidv7() }), { messageId: 'no-pattern' }),
      send(command('job.explode', {}), { messageId: 'unknown-pattern' }),
    ];

    // Each caller is answered with a typed VALIDATION error naming what is wrong, not left to time out.
    await waitFor(() => poison.every((answers) => answers.length === 1), { what: 'replies to the three poison commands' });
    expect(poison.map((answers) => answers[0])).toEqual([
      { isDisposed: true, err: { code: 'VALIDATION', message: expect.stringMatching(/^undecodable: /), details: { fields: [{ field: 'body', messages: [expect.any(String)] }] } } },
      { isDisposed: true, err: { code: 'VALIDATION', message: 'no pattern', details: { fields: [{ field: 'pattern', messages: ['no pattern'] }] } } },
      { isDisposed: true, err: { code: 'VALIDATION', message: 'unknown pattern: job.explode', details: { fields: [{ field: 'pattern', messages: ['unknown pattern: job.explode'] }] } } },
    ]);
    // A valid command after them is handled as usual.
    const user = send(command(WRITER_COMMANDS.createUser, { email: 'after@example.com', name: 'After' }));
    await waitFor(() => user.length === 1, { what: 'the valid command answered' });
    expect(user[0]).toMatchObject({ isDisposed: true, response: { email: 'after@example.com', version: 1 } });

    // Parked, each with its reason; counted on /metrics; listed by the command line.
    expect(await broker.ready(DEAD)).toBe(3);
    expect(await parked()).toBe(3);
    const listed = (await cli('dead-letters', 'list', '--queue', QUEUE)).trim().split('\n').map((line) => JSON.parse(line));
    expect(listed).toEqual([
      { messageId: 'not-json', attempts: 1, reason: expect.stringMatching(/^undecodable: /), body: '{"pattern": "user.create", "data": {' },
      { messageId: 'no-pattern', attempts: 1, reason: 'no pattern', body: expect.stringContaining('x@example.com') },
      { messageId: 'unknown-pattern', attempts: 1, reason: 'unknown pattern: job.explode', body: expect.stringContaining('job.explode') },
    ]);

    // Replay puts them back on the command queue: a command the writer can handle now (one an
    // older writer did not know, say) is handled; the poison is parked and answered again.
    const later = send(command(WRITER_COMMANDS.createUser, { email: 'replayed@example.com', name: 'Replayed' }), { queue: DEAD });
    await waitFor(async () => (await broker.ready(DEAD)) === 4, { what: 'four parked messages' });
    expect(await cli('dead-letters', 'replay', '--queue', QUEUE)).toBe(`replayed 4 messages onto ${QUEUE}\n`);

    await waitFor(() => later.length === 1, { what: 'the replayed valid command answered' });
    expect(later[0]).toMatchObject({ isDisposed: true, response: { email: 'replayed@example.com', version: 1 } });
    await waitFor(() => poison.every((answers) => answers.length === 2), { what: 'the poison answered again' });
    expect(await parked()).toBe(6);
    expect(await broker.ready(DEAD)).toBe(3);
  });
});
