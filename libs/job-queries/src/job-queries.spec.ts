import { errors } from '@elastic/elasticsearch';
import { JobSnapshotV1 } from '@jobstream/contracts';
import { JobstreamError } from '@jobstream/domain';
import { encodeCursor, JobSearch, JobSearchResult } from '@jobstream/search';
import { Logger } from '@nestjs/common';
import { JobQueries, JobQueriesOptions } from './job-queries';
import { PgJobSearch } from './pg-job-search';
import { SearchBreaker } from './search-breaker';

const ID = '01900000-0000-7000-8000-000000000001';
const job = (version: number) => ({ id: ID, version, createdAt: '2024-05-01T10:20:30.123Z' }) as JobSnapshotV1;
const result = (next = false): JobSearchResult => ({
  items: [job(1)],
  total: 1,
  next: next ? { time: '2024-05-01T10:20:30.123Z', id: ID } : null,
  facets: { status: [{ value: 'PENDING', count: 1 }], type: [], arch: [], projectName: [] },
});
const SORT = { field: 'createdAt', order: 'desc' } as const;

describe('JobQueries', () => {
  let es: { search: jest.Mock; get: jest.Mock; searchableVersions: jest.Mock };
  let pg: { search: jest.Mock; get: jest.Mock };
  let breaker: SearchBreaker;
  const queries = (options: Partial<JobQueriesOptions> = {}) =>
    new JobQueries(es as unknown as JobSearch, pg as unknown as PgJobSearch, breaker, {
      searchTimeoutMs: 500,
      readYourWritesTimeoutMs: 1_000,
      readYourWritesPollMs: 5,
      ...options,
    });

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    es = { search: jest.fn(), get: jest.fn(), searchableVersions: jest.fn() };
    pg = { search: jest.fn().mockResolvedValue({ ...result(), facets: null, total: null }), get: jest.fn().mockResolvedValue(job(3)) };
    breaker = new SearchBreaker({ resetTimeoutMs: 60_000 });
  });
  afterEach(() => breaker.shutdown());

  it('answers from Elasticsearch with a cursor bound to the sort', async () => {
    es.search.mockResolvedValue(result(true));
    const answer = await queries().search({ sort: SORT, size: 1 });
    expect(answer).toMatchObject({ source: 'elasticsearch', total: 1, facetsUnavailable: false });
    expect(answer.nextCursor).toBe(encodeCursor(SORT, { time: '2024-05-01T10:20:30.123Z', id: ID }));
    expect(es.search).toHaveBeenCalledWith({ sort: SORT, size: 1 }, { requestTimeout: 500, maxRetries: 0 });
  });

  it('answers from PostgreSQL when Elasticsearch fails, and stops asking it once the breaker opens', async () => {
    es.search.mockRejectedValue(new errors.ConnectionError('connect ECONNREFUSED'));
    const q = queries();
    for (let i = 0; i < 6; i++) {
      expect(await q.search({ sort: SORT, size: 1 })).toMatchObject({ source: 'postgres', facets: null, facetsUnavailable: true });
    }
    expect(breaker.isOpen).toBe(true);
    expect(es.search.mock.calls.length).toBeLessThan(6);
    expect(pg.search).toHaveBeenCalledTimes(6);
  });

  it('refuses a cursor of another sort before asking either store', async () => {
    const cursor = encodeCursor({ field: 'updatedAt', order: 'desc' }, { time: null, id: ID });
    await expect(queries().search({ sort: SORT, size: 1, cursor })).rejects.toBeInstanceOf(JobstreamError);
    expect(es.search).not.toHaveBeenCalled();
    expect(pg.search).not.toHaveBeenCalled();
  });

  it('waits until searches see the written version, then answers from Elasticsearch', async () => {
    es.searchableVersions.mockResolvedValueOnce(new Map([[ID, 1]])).mockResolvedValueOnce(new Map([[ID, 2]]));
    es.search.mockResolvedValue(result());
    const answer = await queries().search({ sort: SORT, size: 1, minVersions: [{ id: ID, version: 2 }] });
    expect(answer).toMatchObject({ source: 'elasticsearch', consistency: { boundExceeded: false } });
    expect(es.searchableVersions).toHaveBeenCalledTimes(2);
  });

  it('answers from PostgreSQL, which holds every committed write, when the wait runs out', async () => {
    es.searchableVersions.mockResolvedValue(new Map([[ID, 1]]));
    const answer = await queries({ readYourWritesTimeoutMs: 30 }).search({ sort: SORT, size: 1, minVersions: [{ id: ID, version: 2 }] });
    expect(answer).toMatchObject({ source: 'postgres', consistency: { boundExceeded: true } });
    expect(answer.consistency!.waitedMs).toBeGreaterThanOrEqual(20);
    expect(es.search).not.toHaveBeenCalled();
  });

  it('GET with minVersion polls the realtime document until it reaches the version', async () => {
    es.get.mockResolvedValueOnce(job(2)).mockResolvedValueOnce(job(3));
    expect(await queries().get(ID, { minVersion: 3 })).toMatchObject({ job: { version: 3 }, source: 'elasticsearch', consistency: { boundExceeded: false } });
    expect(await queries().get(ID, { strong: true })).toMatchObject({ job: { version: 3 }, source: 'postgres' });
  });
});
