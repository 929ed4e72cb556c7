import { actorHeaders, AuditActor, AuditWriter } from '@jobstream/audit';
import { JobCommandsService } from '@jobstream/commands';
import { CreateJobCommand, WRITER_COMMANDS } from '@jobstream/contracts';
import { writerClientOptions } from '@jobstream/messaging';
import { dataSourceOptions, OutboxWriter } from '@jobstream/persistence';
import { createWorkloadOwners, inParallel, TestEnvironment, workloadJob, WorkloadOwners } from '@jobstream/testing';
import { ClientProxyFactory, RmqRecordBuilder } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { WRITER_POOL_SIZE, WRITERS } from './floors';
import { cpuMsPerItem, ProcessMeter } from './process-meter';
import { Services } from './services';
import { perSecond } from './stats';

export interface WriterRun {
  /** `job.create` commands the job-writer process answered, over AMQP request/reply as the gateway sends them. */
  commands: number;
  ms: number;
  commandsPerS: number;
  /** The same creates through JobCommandsService in this process (same pool size): the write path without AMQP and Nest. */
  serviceCommandsPerS: number;
  cpuMsPerCommand: Record<'writer' | 'postgres' | 'rabbitmq', number>;
}

/** Commands sent before the timing starts, so a freshly started process is past its first compilations. */
const WARMUP = 200;

/** The actor of a command sent on behalf of an HTTP request, as the gateway sends it. */
const httpActor = (userId: string): AuditActor => ({ userId, ipAddress: '127.0.0.1', userAgent: 'jobstream-bench', requestId: uuidv7() });

/**
 * Creates `count` of the workload's jobs with WRITERS at once after WARMUP of them, and answers
 * how long the timed ones took; `onTimed` hears when the timing starts.
 */
async function timedCreates(
  count: number,
  owners: WorkloadOwners,
  create: (command: CreateJobCommand) => Promise<unknown>,
  onTimed: () => void = () => undefined,
): Promise<number> {
  const commands = Array.from({ length: WARMUP + count }, (_, i) => ({ ...workloadJob(i, owners), id: uuidv7() }));
  await inParallel(commands.slice(0, WARMUP), WRITERS, create);
  onTimed();
  const started = Date.now();
  await inParallel(commands.slice(WARMUP), WRITERS, create);
  return Date.now() - started;
}

/**
 * The job-writer alone (no relay, no indexer, no gateway): `count` job creates sent to its
 * command queue with WRITERS in flight, metering the writer, PostgreSQL and RabbitMQ; then the
 * same creates through the command service in this process.
 */
export async function measureWriter(t: TestEnvironment, count: number): Promise<WriterRun> {
  const owners = await createWorkloadOwners(t.db.dataSource);
  const services = await Services.start(t, ['writer'] as const);
  const client = ClientProxyFactory.create(writerClientOptions(t.vhost.url, 'job-writer.commands'));
  try {
    await client.connect();
    const { writer, postgres, rabbitmq } = services.processGroups();
    const meter = new ProcessMeter({ writer, postgres, rabbitmq });
    const send = (command: CreateJobCommand) => {
      const record = new RmqRecordBuilder(command).setOptions({ headers: actorHeaders(httpActor(owners.users[0].id)) }).build();
      return firstValueFrom(client.send(WRITER_COMMANDS.createJob, record));
    };
    const ms = await timedCreates(count, owners, send, () => meter.start());
    const cpuMsPerCommand = cpuMsPerItem(await meter.stop(), count);
    return { commands: count, ms, commandsPerS: perSecond(count, ms), serviceCommandsPerS: await serviceCreatesPerS(t, count, owners), cpuMsPerCommand };
  } finally {
    await client.close();
    await services.stop();
  }
}

async function serviceCreatesPerS(t: TestEnvironment, count: number, owners: WorkloadOwners): Promise<number> {
  const db = await new DataSource(dataSourceOptions(t.db.url, WRITER_POOL_SIZE)).initialize();
  try {
    const commands = new JobCommandsService(db, new OutboxWriter(), new AuditWriter());
    return perSecond(count, await timedCreates(count, owners, (command) => commands.create(command, httpActor(owners.users[0].id))));
  } finally {
    await db.destroy();
  }
}
