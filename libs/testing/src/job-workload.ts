import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { JobCommandsService, OwnerCommandsService } from '@jobstream/commands';
import { CreateJobCommand } from '@jobstream/contracts';
import { JOB_TYPES } from '@jobstream/domain';
import { OutboxWriter } from '@jobstream/persistence';
import { inParallel } from '@jobstream/util';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';

export interface WorkloadCounts {
  jobs: number;
  transitions: number;
  deletes: number;
}

export interface WorkloadOptions {
  /** Write transactions at once. */
  concurrency: number;
  random: () => number;
  onProgress?: (done: number) => void;
  /** Job i starts no earlier than i / rate seconds in (an offered rate); unpaced when absent. */
  jobsPerSecond?: number;
  /** Leave out the deletes (one job in fifty): benchmarks time documents that stay. */
  withoutDeletes?: boolean;
  /** Hears each committed create and status change, with the job's new version. */
  onCommit?: (id: string, version: number) => void;
}

/** The owners the workload's jobs belong to: 20 users, 5 workspaces (each of one of those users). */
export interface WorkloadOwners {
  users: { id: string }[];
  workspaces: { id: string; userId: string }[];
}

/** Creates the workload's owners through the real write path. */
export async function createWorkloadOwners(db: DataSource): Promise<WorkloadOwners> {
  const owners = new OwnerCommandsService(db, new OutboxWriter(), new AuditWriter());
  const users = await inParallel([...Array(20).keys()], 4, (i) => owners.createUser({ email: `chaos${i}@example.com`, name: `Chaos ${i}` }, SYSTEM_ACTOR));
  const workspaces = await inParallel([...Array(5).keys()], 4, (i) =>
    owners.createWorkspace({ userId: users[i].id, projectName: `chaos-${i}`, arch: 'amd64', hostname: `chaos-host-${i}` }, SYSTEM_ACTOR),
  );
  return { users, workspaces };
}

/**
 * The workload's `i`-th job as a create command: one in four on a workspace (its owner's), the
 * others on a user alone; types in turn, 40 project names. Benchmarks that create jobs by other
 * paths (AMQP, HTTP, in bulk) create these same jobs.
 */
export function workloadJob(i: number, { users, workspaces }: WorkloadOwners): CreateJobCommand {
  const workspace = i % 4 === 0 ? workspaces[i % workspaces.length] : undefined;
  return {
    userId: workspace?.userId ?? users[i % users.length].id,
    workspaceId: workspace?.id,
    type: JOB_TYPES[i % JOB_TYPES.length],
    projectName: `chaos-${i % 40}`,
  };
}

/**
 * Writes `jobs` jobs through the real write path (job row and outbox row in one transaction):
 * every job is created, about half start running, most of those finish, one in fifty is deleted.
 * The chaos run places faults within the writing by its progress; the pipeline benchmark offers
 * it at a chosen rate and times each commit until it is searchable.
 */
export async function writeJobs(db: DataSource, jobs: number, options: WorkloadOptions): Promise<WorkloadCounts> {
  const { concurrency, random, onProgress, jobsPerSecond, withoutDeletes, onCommit } = options;
  const commands = new JobCommandsService(db, new OutboxWriter(), new AuditWriter());
  const owners = await createWorkloadOwners(db);
  const committed = <T extends { id: string; version: number }>(job: T): T => {
    onCommit?.(job.id, job.version);
    return job;
  };
  const counts: WorkloadCounts = { jobs: 0, transitions: 0, deletes: 0 };
  const started = Date.now();
  await inParallel([...Array(jobs).keys()], concurrency, async (i) => {
    if (jobsPerSecond) await sleep(started + (i * 1000) / jobsPerSecond - Date.now());
    const job = committed(await commands.create(workloadJob(i, owners), SYSTEM_ACTOR));
    const roll = random();
    if (roll < 0.5) {
      committed(await commands.transition({ id: job.id, status: 'RUNNING' }, SYSTEM_ACTOR));
      counts.transitions++;
      if (roll < 0.4) {
        committed(
          await commands.transition({ id: job.id, status: roll < 0.3 ? 'COMPLETED' : 'FAILED', errorMessage: roll < 0.3 ? undefined : 'chaos' }, SYSTEM_ACTOR),
        );
        counts.transitions++;
      }
    }
    if (roll > 0.98 && !withoutDeletes) {
      await commands.delete({ id: job.id }, SYSTEM_ACTOR);
      counts.deletes++;
    }
    counts.jobs++;
    onProgress?.(counts.jobs);
  });
  return counts;
}
