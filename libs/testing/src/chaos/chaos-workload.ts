import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { JobCommandsService, OwnerCommandsService } from '@jobstream/commands';
import { JOB_TYPES } from '@jobstream/domain';
import { OutboxWriter } from '@jobstream/outbox';
import { inParallel } from '@jobstream/util';
import { DataSource } from 'typeorm';

export interface WorkloadCounts {
  jobs: number;
  transitions: number;
  deletes: number;
}

/**
 * Writes `jobs` jobs through the real write path (job row and outbox row in one transaction):
 * every job is created, about half start running, most of those finish, one in fifty is deleted.
 * `onProgress` hears how many jobs are done, so faults can be placed within the writing.
 */
export async function writeJobs(
  db: DataSource,
  jobs: number,
  { concurrency, random, onProgress }: { concurrency: number; random: () => number; onProgress: (done: number) => void },
): Promise<WorkloadCounts> {
  const commands = new JobCommandsService(db, new OutboxWriter(), new AuditWriter());
  const owners = new OwnerCommandsService(db, new OutboxWriter(), new AuditWriter());
  const users = await inParallel([...Array(20).keys()], 4, (i) => owners.createUser({ email: `chaos${i}@example.com`, name: `Chaos ${i}` }, SYSTEM_ACTOR));
  const workspaces = await inParallel([...Array(5).keys()], 4, (i) =>
    owners.createWorkspace({ userId: users[i].id, projectName: `chaos-${i}`, arch: 'amd64', hostname: `chaos-host-${i}` }, SYSTEM_ACTOR),
  );
  const counts: WorkloadCounts = { jobs: 0, transitions: 0, deletes: 0 };
  await inParallel([...Array(jobs).keys()], concurrency, async (i) => {
    const workspace = i % 4 === 0 ? workspaces[i % workspaces.length] : undefined;
    const job = await commands.create({
      userId: workspace?.userId ?? users[i % users.length].id,
      workspaceId: workspace?.id,
      type: JOB_TYPES[i % JOB_TYPES.length],
      projectName: `chaos-${i % 40}`,
    }, SYSTEM_ACTOR);
    const roll = random();
    if (roll < 0.5) {
      await commands.transition({ id: job.id, status: 'RUNNING' }, SYSTEM_ACTOR);
      counts.transitions++;
      if (roll < 0.4) {
        await commands.transition({ id: job.id, status: roll < 0.3 ? 'COMPLETED' : 'FAILED', errorMessage: roll < 0.3 ? undefined : 'chaos' }, SYSTEM_ACTOR);
        counts.transitions++;
      }
    }
    if (roll > 0.98) {
      await commands.delete({ id: job.id }, SYSTEM_ACTOR);
      counts.deletes++;
    }
    onProgress(++counts.jobs);
  });
  return counts;
}
