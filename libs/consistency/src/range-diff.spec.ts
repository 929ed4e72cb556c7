import { diffRange } from './range-diff';

describe(diffRange.name, () => {
  it('names jobs without documents, documents at other versions and documents without jobs', () => {
    const jobs = [
      { id: 'a', version: 1 },
      { id: 'b', version: 3 },
      { id: 'c', version: 2 },
    ];
    const documents = [
      { id: 'b', version: 2 },
      { id: 'c', version: 2 },
      { id: 'd', version: 4 },
    ];

    const diff = diffRange(jobs, documents);

    expect(diff).toEqual({ missing: [{ id: 'a', version: 1 }], stale: [{ id: 'b', version: 3 }], orphans: [{ id: 'd', version: 4 }] });
  });

  it('finds a field that differs at an equal version when the fingerprints carry fields (deep)', () => {
    const job = { id: 'a', version: 2, status: 'RUNNING', userName: 'Ann', userEmail: null, workspaceHostname: 'h1' };

    const diff = diffRange([job], [{ ...job, userName: 'Anne' }]);

    expect(diff.stale).toEqual([job]);
  });

  it('finds nothing when both sides agree', () => {
    const jobs = [{ id: 'a', version: 1, status: 'PENDING', userName: 'Ann', userEmail: 'a@x', workspaceHostname: null }];

    expect(diffRange(jobs, structuredClone(jobs))).toEqual({ missing: [], stale: [], orphans: [] });
  });
});
