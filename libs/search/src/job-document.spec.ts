import { JobSnapshotV1 } from '@jobstream/contracts';
import { JobDocument, toJobDocument } from './job-document';
import { fromJobDocument } from './job-search';
import { JOBS_MAPPING } from './jobs-index';

const job: JobSnapshotV1 = {
  id: '01900000-0000-7000-8000-000000000001',
  workspaceId: null,
  workspaceHostname: null,
  userId: '01900000-0000-7000-8000-000000000002',
  userName: 'Ann',
  userEmail: 'ann@example.com',
  userDeleted: false,
  status: 'FAILED',
  type: 'IMAGE_BUILD',
  projectName: 'api',
  hostname: 'worker-1',
  arch: 'arm64',
  errorMessage: 'disk full',
  metadata: { retries: 3, canary: true, note: null, nested: { a: 1 }, list: [1] },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:01:00.000Z',
  completedAt: '2026-01-01T00:01:00.000Z',
  version: 4,
};

describe(toJobDocument.name, () => {
  it('holds the snapshot under jobId, with a term for each scalar metadata entry', () => {
    const document = toJobDocument(job);

    expect(document).toMatchObject({ jobId: job.id, userName: 'Ann', version: 4 });
    expect(document.metadataPairs).toEqual(['retries=3', 'canary=true', 'note=null']);
    expect(fromJobDocument(document)).toEqual(job);
  });

  it('writes exactly the fields the mapping declares (it is strict: any other would be refused)', () => {
    expect(Object.keys(toJobDocument(job)).sort()).toEqual(Object.keys(JOBS_MAPPING.properties).sort());
  });

  it('reads a document indexed before soft deletes as a live user', () => {
    const { userDeleted: _absent, ...older } = toJobDocument(job);

    expect(fromJobDocument(older as JobDocument).userDeleted).toBe(false);
  });
});
