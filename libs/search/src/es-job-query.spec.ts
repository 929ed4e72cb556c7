import { buildEsSearch, esFilters } from './es-job-query';
import { JobSearchQuery } from './job-search-query';

const ID = '01900000-0000-7000-8000-000000000001';
const base: JobSearchQuery = { sort: { field: 'createdAt', order: 'desc' }, size: 20 };

describe('the Elasticsearch job query', () => {
  it('turns every filter into an exact clause and the free text into a match, never query syntax', () => {
    const filters = esFilters({
      ...base,
      statuses: ['RUNNING', 'FAILED'],
      types: ['IMAGE_BUILD'],
      userId: ID,
      userEmail: 'a@example.com',
      projectName: 'api',
      hostname: 'worker-1',
      arch: 'arm64',
      createdAt: { from: '2024-01-01T00:00:00.000Z', to: '2024-02-01T00:00:00.000Z' },
      completedAt: { to: '2024-03-01T00:00:00.000Z' },
      metadata: [{ key: 'env', value: 'prod' }],
      text: 'disk AND (full OR *)',
    });
    expect(filters).toEqual([
      { terms: { status: ['RUNNING', 'FAILED'] } },
      { terms: { type: ['IMAGE_BUILD'] } },
      { term: { userId: ID } },
      { term: { userEmail: 'a@example.com' } },
      { term: { projectName: 'api' } },
      { term: { hostname: 'worker-1' } },
      { term: { arch: 'arm64' } },
      { range: { createdAt: { gte: '2024-01-01T00:00:00.000Z', lt: '2024-02-01T00:00:00.000Z' } } },
      { range: { completedAt: { lt: '2024-03-01T00:00:00.000Z' } } },
      { term: { metadataPairs: 'env=prod' } },
      { multi_match: { query: 'disk AND (full OR *)', fields: ['errorMessage', 'projectName.text'], type: 'cross_fields', operator: 'and' } },
    ]);
  });

  it('sorts by the time then the id in one direction, missing times last, one extra hit to see a next page', () => {
    const request = buildEsSearch({ ...base, sort: { field: 'updatedAt', order: 'asc' } }, true);
    expect(request.sort).toEqual([{ updatedAt: { order: 'asc', missing: '_last' } }, { jobId: 'asc' }]);
    expect(request.size).toBe(21);
    expect(request.search_after).toBeUndefined();
    expect(Object.keys(request.aggs!)).toEqual(['status', 'type', 'arch', 'projectName']);
  });

  it('continues after a cursor with the time in epoch milliseconds', () => {
    const request = buildEsSearch({ ...base, after: { time: '2024-05-01T10:20:30.123Z', id: ID } }, false);
    expect(request.search_after).toEqual([Date.parse('2024-05-01T10:20:30.123Z'), ID]);
    expect(request.aggs).toBeUndefined();
  });

  it('pages the jobs without the sort time by id alone, leaving the facets unrestricted', () => {
    const request = buildEsSearch({ ...base, sort: { field: 'completedAt', order: 'desc' }, after: { time: null, id: ID } }, true);
    expect(request.sort).toEqual([{ jobId: 'desc' }]);
    expect(request.search_after).toEqual([ID]);
    expect(request.post_filter).toEqual({ bool: { must_not: { exists: { field: 'completedAt' } } } });
    expect(request.query).toEqual({ bool: { filter: [] } });
  });
});
