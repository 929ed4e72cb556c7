import { JobstreamError } from './errors';
import { Job, transitionJob } from './job';

const pending: Job = {
  id: 'j1',
  workspaceId: null,
  userId: 'u1',
  status: 'PENDING',
  type: 'IMAGE_BUILD',
  projectName: 'api',
  hostname: null,
  arch: 'x86_64',
  userEmail: 'a@b.c',
  errorMessage: null,
  metadata: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  completedAt: null,
  version: 1,
};
const now = '2026-01-02T00:00:00.000Z';

describe(transitionJob.name, () => {
  it('bumps the version and stamps completion on a terminal status', () => {
    const running = transitionJob(pending, 'RUNNING', { now });
    const failed = transitionJob(running, 'FAILED', { now, errorMessage: 'disk full', expectedVersion: 2 });

    expect(running).toMatchObject({ status: 'RUNNING', version: 2, completedAt: null });
    expect(failed).toMatchObject({ status: 'FAILED', version: 3, completedAt: now, errorMessage: 'disk full' });
  });

  it('refuses an illegal transition with the current status', () => {
    const act = () => transitionJob(pending, 'COMPLETED', { now });

    expect(act).toThrow(JobstreamError);
    expect(act).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION', details: { currentStatus: 'PENDING' } }));
  });

  it('refuses a stale version with the current version', () => {
    const act = () => transitionJob(pending, 'RUNNING', { now, expectedVersion: 0 });

    expect(act).toThrow(expect.objectContaining({ code: 'VERSION_CONFLICT', details: { currentVersion: 1, id: 'j1' } }));
  });

  it.each(['COMPLETED', 'FAILED', 'CANCELLED'] as const)('keeps %s final', (terminal) => {
    const done = { ...pending, status: terminal };

    expect(() => transitionJob(done, 'RUNNING', { now })).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }));
  });
});
