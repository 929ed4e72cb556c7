import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { ClaimedTask, defaultTaskPolicy, TaskExecutor, TaskHandler, TaskRunner, TaskStore } from '@jobstream/tasks';
import { createTestDatabase, TestDatabase } from '@jobstream/testing';
import { Logger } from '@nestjs/common';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type * as PgBossModule from 'pg-boss';
import { percentiles, Percentiles, perSecond, ratio } from './pipeline/stats';

/**
 * `npm run bench -- task-queue`: our lease queue (libs/tasks) against pg-boss on this machine's
 * PostgreSQL, in a database of the run's own. Enqueue and claim+complete throughput, enqueue →
 * handler start latency, and the statements (round trips) each sends, counted per pg
 * `Client#query`. Writes bench-results/task-queue-latest.json and prints the table of
 * docs/decisions/task-queue.md.
 *
 * Sizes: TASK_BENCH_TASKS (2,000 per throughput run), TASK_BENCH_WORK_TASKS (40 through pg-boss's
 * `work()`, which waits a polling interval after each job), TASK_BENCH_LATENCY_TASKS (100),
 * TASK_BENCH_IDLE_MS (10,000).
 */
const TASKS = Number(process.env.TASK_BENCH_TASKS ?? 2_000);
const WORK_TASKS = Number(process.env.TASK_BENCH_WORK_TASKS ?? 40);
const LATENCY_TASKS = Number(process.env.TASK_BENCH_LATENCY_TASKS ?? 100);
const IDLE_MS = Number(process.env.TASK_BENCH_IDLE_MS ?? 10_000);
/** The indexer's TASK_POLL_INTERVAL_MS default; pg-boss polls at the same pace where it polls. */
const POLL_MS = 1_000;
/** Both sides get the pool createTestDatabase gives our DataSource. */
const POOL_SIZE = 5;

jest.setTimeout(3_600_000);

/**
 * pg-boss 12 is an ES module and jest's module registry loads CommonJS only, so it is loaded with
 * Node's own require (require(esm), Node >= 20.19). It brings its own instance of `pg` that way.
 */
const nodeRequire = process.getBuiltinModule('module').createRequire(__filename);
const { PgBoss } = nodeRequire('pg-boss') as typeof PgBossModule;
type PgBoss = InstanceType<typeof PgBoss>;

type Queue = 'TaskStore' | 'pg-boss';
interface Row {
  queue: Queue;
  scenario: string;
  /** How this queue ran the scenario: which worker, which wake-up. */
  variant: string;
  tasks: number;
  ms: number;
  tasksPerSecond?: number;
  statementsPerTask?: number;
  statementsPerSecond?: number;
  latencyMs?: Percentiles;
}
interface Payload {
  seq: number;
}

const log = (line: string) => process.stderr.write(`bench ${new Date().toISOString()}: ${line}\n`);
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Rejects after `ms`: a stuck worker fails the run instead of hanging it. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not done in ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Statements sent through one instance of `pg`: each `Client#query` is one statement and one round trip. */
class StatementCounter {
  count = 0;
  private readonly query: typeof pg.Client.prototype.query;

  constructor(private readonly driver: typeof pg) {
    const counted = () => this.count++;
    const query = (this.query = driver.Client.prototype.query);
    driver.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      counted();
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
  }

  restore(): void {
    this.driver.Client.prototype.query = this.query;
  }
}

/** Our store, telling the bench when a completion is written. */
class ObservedTaskStore extends TaskStore {
  onComplete = () => {};

  override async complete(task: ClaimedTask, result: object): Promise<void> {
    await super.complete(task, result);
    this.onComplete();
  }
}

/** Resolves when `started(seq)` is called for a task the bench waits for, with the time it was. */
class StartProbe {
  private readonly waiting = new Map<number, (at: number) => void>();

  expect(seq: number): Promise<number> {
    return new Promise((resolve) => this.waiting.set(seq, resolve));
  }

  started(seq: number): void {
    this.waiting.get(seq)?.(performance.now());
    this.waiting.delete(seq);
  }
}

/** `count` calls of `task` by `concurrency` callers at once; answers the milliseconds taken. */
async function timed(count: number, concurrency: number, task: (seq: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next < count) await task(next++); }));
  return performance.now() - started;
}

/** Enqueue → handler start, one task at a time, each sent at a random phase of the worker's poll. */
async function latencies(probe: StartProbe, enqueue: (seq: number) => Promise<unknown>): Promise<Percentiles> {
  const samples: number[] = [];
  for (let seq = 0; seq < LATENCY_TASKS; seq++) {
    await delay(Math.random() * POLL_MS);
    const started = probe.expect(seq);
    const sent = performance.now();
    await enqueue(seq);
    samples.push((await within(started, 30_000, `task ${seq} to start`)) - sent);
  }
  return percentiles(samples);
}

const plural = (count: number, noun: string) => `${count} ${noun}${count > 1 ? 's' : ''}`;

const enqueueRow = (queue: Queue, producers: number, ms: number, statements: number): Row => ({
  queue,
  scenario: `enqueue, ${plural(producers, 'producer')}`,
  variant: queue === 'TaskStore' ? 'create() + audit row' : 'send()',
  tasks: TASKS,
  ms: Math.round(ms),
  tasksPerSecond: perSecond(TASKS, ms),
  statementsPerTask: ratio(statements, TASKS),
});

const drainRow = (queue: Queue, workers: number, variant: string, tasks: number, ms: number, statements: number): Row => ({
  queue,
  scenario: `claim+complete, ${plural(workers, 'worker')}`,
  variant,
  tasks,
  ms: Math.round(ms),
  tasksPerSecond: perSecond(tasks, ms),
  statementsPerTask: ratio(statements, tasks),
});

describe('task queue: TaskStore against pg-boss', () => {
  let db: TestDatabase;
  let boss: PgBoss;
  let ours: StatementCounter;
  let theirs: StatementCounter;
  let store: ObservedTaskStore;
  let executor: TaskExecutor;
  const rows: Row[] = [];

  beforeAll(async () => {
    // The runner logs every task; the bench measures the queue, not the log.
    Logger.overrideLogger(['error', 'warn']);
    db = await createTestDatabase('benchtq');
    const policy = defaultTaskPolicy();
    store = new ObservedTaskStore(db.dataSource, new AuditWriter(), policy);
    executor = new TaskExecutor(store, policy);
    // The cron worker is off: the operator tasks have no schedule in pg-boss; supervision (expiry,
    // heartbeats, retention) stays on, as it must in production.
    boss = new PgBoss({ connectionString: db.url, max: POOL_SIZE, schedule: false, useListenNotify: true });
    boss.on('error', (error) => log(`pg-boss error: ${String(error)}`));
    boss.on('warning', (warning) => log(`pg-boss warning: ${JSON.stringify(warning)}`));
    await boss.start();
    ours = new StatementCounter(pg);
    theirs = new StatementCounter(nodeRequire('pg') as typeof pg);
  });

  afterAll(async () => {
    ours?.restore();
    theirs?.restore();
    await boss?.stop({ graceful: true, timeout: 10_000 });
    await db?.drop();
  });

  /** A queue with our task policy's meaning: a 60 s heartbeat lease, 3 attempts, rows kept. */
  async function bossQueue(name: string, notify = false): Promise<string> {
    await boss.createQueue(name, { heartbeatSeconds: 60, retryLimit: 2, expireInSeconds: 6 * 3600, deleteAfterSeconds: 0, notify });
    return name;
  }

  function runners(workers: number, handler: TaskHandler): TaskRunner[] {
    return Array.from({ length: workers }, () => new TaskRunner(store, executor, { REINDEX: handler, RECONCILE: handler, REPAIR: handler }, POLL_MS));
  }

  async function enqueue(producers: number, queue: string): Promise<void> {
    log(`enqueue: ${TASKS} tasks, ${producers} producer(s)`);
    await db.dataSource.query(`TRUNCATE background_tasks`);
    let before = ours.count;
    const oursMs = await timed(TASKS, producers, (seq) => store.create('REINDEX', { seq }, SYSTEM_ACTOR));
    rows.push(enqueueRow('TaskStore', producers, oursMs, ours.count - before));
    before = theirs.count;
    const theirsMs = await timed(TASKS, producers, (seq) => boss.send(queue, { seq }));
    rows.push(enqueueRow('pg-boss', producers, theirsMs, theirs.count - before));
  }

  /** Claims and completes the TASKS pending tasks; timed from the first handler start to the last completion. */
  async function drain(workers: number, queue: string): Promise<void> {
    log(`claim+complete: ${TASKS} tasks, ${workers} worker(s)`);
    let first = 0;
    let completed = 0;
    let statements = 0;
    let before = ours.count;
    const done = new Promise<number>((resolve) => {
      store.onComplete = () => {
        if (++completed < TASKS) return;
        statements = ours.count - before;
        resolve(performance.now());
      };
    });
    const workersOfOurs = runners(workers, async () => {
      first ||= performance.now();
      return {};
    });
    workersOfOurs.forEach((runner) => runner.start());
    const end = await within(done, 600_000, 'TaskStore drain');
    rows.push(drainRow('TaskStore', workers, 'TaskRunner', TASKS, end - first, statements));
    await Promise.all(workersOfOurs.map((runner) => runner.stop()));
    store.onComplete = () => {};

    [first, completed, before] = [0, 0, theirs.count];
    let last = 0;
    // The same loop as TaskRunner's: claim one, run it, record it, until none is left.
    const worker = async () => {
      for (;;) {
        const [job] = await boss.fetch<Payload>(queue);
        if (!job) return;
        first ||= performance.now();
        await boss.complete(queue, job, {});
        if (++completed === TASKS) [last, statements] = [performance.now(), theirs.count - before];
      }
    };
    await within(Promise.all(Array.from({ length: workers }, worker)), 600_000, 'pg-boss drain');
    rows.push(drainRow('pg-boss', workers, 'fetch()/complete() loop', TASKS, last - first, statements));
  }

  /** pg-boss's own worker, as an adopter would run it: batchSize 1 at its fastest poll (0.5 s). */
  async function bossWork(workers: number): Promise<void> {
    log(`pg-boss work(): ${WORK_TASKS} tasks, ${workers} worker(s)`);
    const queue = await bossQueue(`work-${workers}`);
    for (let seq = 0; seq < WORK_TASKS; seq++) await boss.send(queue, { seq });
    let first = 0;
    let started = 0;
    let allStarted = () => {};
    const startedAll = new Promise<void>((resolve) => (allStarted = resolve));
    const before = theirs.count;
    await boss.work<Payload>(queue, { batchSize: 1, localConcurrency: workers, pollingIntervalSeconds: 0.5 }, async () => {
      first ||= performance.now();
      if (++started === WORK_TASKS) allStarted();
      return {};
    });
    await within(startedAll, 600_000, 'pg-boss work() drain');
    // Returns once the jobs in hand are settled: the last completion is written.
    await boss.offWork(queue, { wait: true });
    rows.push(drainRow('pg-boss', workers, 'work(), 0.5 s poll', WORK_TASKS, performance.now() - first, theirs.count - before));
  }

  async function idle(): Promise<void> {
    log(`idle: one worker, ${IDLE_MS} ms`);
    const runner = runners(1, async () => ({}))[0];
    runner.start();
    let before = ours.count;
    await delay(IDLE_MS);
    rows.push({ queue: 'TaskStore', scenario: 'idle, 1 worker', variant: `TaskRunner, ${POLL_MS / 1000} s poll`, tasks: 0, ms: IDLE_MS, statementsPerSecond: ratio((ours.count - before) * 1000, IDLE_MS) });
    await runner.stop();

    const queue = await bossQueue('idle');
    await boss.work(queue, { pollingIntervalSeconds: POLL_MS / 1000 }, async () => ({}));
    before = theirs.count;
    await delay(IDLE_MS);
    rows.push({ queue: 'pg-boss', scenario: 'idle, 1 worker', variant: `work(), ${POLL_MS / 1000} s poll`, tasks: 0, ms: IDLE_MS, statementsPerSecond: ratio((theirs.count - before) * 1000, IDLE_MS) });
    await boss.offWork(queue, { wait: true });
  }

  async function latency(): Promise<void> {
    const latencyRow = (queue: Queue, variant: string, latencyMs: Percentiles): Row => ({ queue, scenario: 'enqueue → start', variant, tasks: LATENCY_TASKS, ms: 0, latencyMs });
    const probe = new StartProbe();

    log(`latency: ${LATENCY_TASKS} tasks one at a time, TaskRunner polling every ${POLL_MS} ms`);
    const runner = runners(1, async (payload) => {
      probe.started(payload.seq as number);
      return {};
    })[0];
    runner.start();
    const oursMs = await latencies(probe, (seq) => store.create('REINDEX', { seq }, SYSTEM_ACTOR));
    rows.push(latencyRow('TaskStore', `TaskRunner, ${POLL_MS / 1000} s poll`, oursMs));
    await runner.stop();

    for (const notify of [false, true]) {
      const variant = notify ? 'work(), LISTEN/NOTIFY' : `work(), ${POLL_MS / 1000} s poll`;
      log(`latency: ${LATENCY_TASKS} tasks one at a time, pg-boss ${variant}`);
      const queue = await bossQueue(notify ? 'latency-notify' : 'latency-poll', notify);
      await boss.work<Payload>(queue, { pollingIntervalSeconds: POLL_MS / 1000 }, async ([job]) => {
        probe.started(job.data.seq);
        return {};
      });
      rows.push(latencyRow('pg-boss', variant, await latencies(probe, (seq) => boss.send(queue, { seq }))));
      await boss.offWork(queue, { wait: true });
    }
  }

  it(`measures both queues: ${TASKS} tasks per throughput run, ${LATENCY_TASKS} latency samples`, async () => {
    const started = Date.now();
    await enqueue(1, await bossQueue('throughput-1'));
    await drain(1, 'throughput-1');
    await enqueue(4, await bossQueue('throughput-4'));
    await drain(4, 'throughput-4');
    await bossWork(1);
    await bossWork(4);
    await idle();
    await latency();

    const report = {
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version, postgres: (await db.dataSource.query(`SHOW server_version`))[0].server_version as string },
      pgBoss: (nodeRequire('pg-boss/package.json') as { version: string }).version,
      sizes: { tasks: TASKS, workTasks: WORK_TASKS, latencyTasks: LATENCY_TASKS, idleMs: IDLE_MS, pollMs: POLL_MS, poolSize: POOL_SIZE },
      rows,
      durationMs: Date.now() - started,
    };
    const dir = join(__dirname, '../bench-results');
    mkdirSync(dir, { recursive: true });
    const json = `${JSON.stringify(report, null, 2)}\n`;
    writeFileSync(join(dir, `task-queue-${report.at.replace(/[:.]/g, '-')}.json`), json);
    writeFileSync(join(dir, 'task-queue-latest.json'), json);
    process.stderr.write(`\n${describeRows(rows)}\n(JSON in ${dir})\n`);

    expect(rows.filter((row) => row.tasksPerSecond !== undefined).every((row) => row.tasksPerSecond! > 0)).toBe(true);
    expect(rows.filter((row) => row.latencyMs).length).toBe(3);
  });
});

/** The table people read: a line per scenario and variant, ours and pg-boss side by side. */
function describeRows(rows: Row[]): string {
  const figures = (row: Row) => {
    if (row.latencyMs) return `p50 ${row.latencyMs.p50} ms, p99 ${row.latencyMs.p99} ms`;
    if (row.statementsPerSecond !== undefined) return `${row.statementsPerSecond} stmts/s`;
    return `${row.tasksPerSecond!.toLocaleString('en')}/s, ${row.statementsPerTask} stmts/task`;
  };
  const cell = (row?: Row) => (row ? `${row.variant}: ${figures(row)}` : '');
  const lines = [...new Set(rows.map((row) => row.scenario))].flatMap((scenario) => {
    const [mine, theirs] = (['TaskStore', 'pg-boss'] as const).map((queue) => rows.filter((row) => row.queue === queue && row.scenario === scenario));
    return Array.from({ length: Math.max(mine.length, theirs.length) }, (_, i) => `${(i === 0 ? scenario : '').padEnd(26)} | ${cell(mine[i]).padEnd(62)} | ${cell(theirs[i])}`);
  });
  return [`${'scenario'.padEnd(26)} | ${'TaskStore (libs/tasks)'.padEnd(62)} | pg-boss`, ...lines].join('\n');
}
