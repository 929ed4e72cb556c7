import { JobSearchQuery } from '@jobstream/search';
import { pgFacetsQuery, pgPageQuery, scalarReadings } from './pg-job-query';

const ID = '01900000-0000-7000-8000-000000000001';
const base: JobSearchQuery = { sort: { field: 'createdAt', order: 'desc' }, size: 20 };
const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

describe('the PostgreSQL job query', () => {
  it('binds every user value as a parameter', () => {
    const { sql, params } = pgPageQuery({
      ...base,
      statuses: ['FAILED'],
      userId: ID,
      projectName: "x'; DROP TABLE job; --",
      metadata: [{ key: 'env', value: 'prod' }],
      text: 'disk full',
      createdAt: { from: '2024-01-01T00:00:00.000Z' },
    });
    expect(squash(sql)).toBe(
      squash(`SELECT j.id FROM job j WHERE j.status = ANY($1::text[]) AND j.user_id = $2::uuid AND j.project_name = $3::text
        AND j.created_at >= $4::timestamptz
        AND (j.metadata @> $5::jsonb)
        AND to_tsvector('simple', coalesce(j.error_message, '') || ' ' || j.project_name) @@ plainto_tsquery('simple', $6::text)
        ORDER BY j.created_at DESC, j.id DESC LIMIT $7::int`),
    );
    expect(params).toEqual([['FAILED'], ID, "x'; DROP TABLE job; --", '2024-01-01T00:00:00.000Z', '{"env":"prod"}', 'disk full', 21]);
  });

  it('matches a metadata value as each JSON scalar it can be, by containment', () => {
    const { sql, params } = pgPageQuery({ ...base, metadata: [{ key: 'retries', value: '3' }] });

    expect(squash(sql)).toContain('WHERE (j.metadata @> $1::jsonb OR j.metadata @> $2::jsonb)');
    expect(params.slice(0, 2)).toEqual(['{"retries":"3"}', '{"retries":3}']);
  });

  it.each([
    ['prod', ['prod']],
    ['true', ['true', true]],
    ['null', ['null', null]],
    ['3', ['3', 3]],
    ['-1.5', ['-1.5', -1.5]],
    ['03', ['03']],
    ['3.0', ['3.0']],
    ['', ['']],
    [' 3', [' 3']],
    ['1e+21', ['1e+21', 1e21]],
    ['NaN', ['NaN']],
    ['Infinity', ['Infinity']],
    ['-Infinity', ['-Infinity']],
  ])('reads %j as %j', (text, readings) => {
    expect(scalarReadings(text)).toEqual(readings);
  });

  it('continues after a cursor by a row comparison the (time, id) indexes serve', () => {
    const { sql, params } = pgPageQuery({ ...base, sort: { field: 'updatedAt', order: 'asc' }, after: { time: '2024-05-01T10:20:30.123Z', id: ID } });
    expect(squash(sql)).toBe('SELECT j.id FROM job j WHERE (j.updated_at, j.id) > ($1::timestamptz, $2::uuid) ORDER BY j.updated_at ASC, j.id ASC LIMIT $3::int');
    expect(params).toEqual(['2024-05-01T10:20:30.123Z', ID, 21]);
  });

  it('puts jobs without a completion time last, as Elasticsearch does, and pages them by id', () => {
    const sort = { field: 'completedAt', order: 'desc' } as const;
    expect(squash(pgPageQuery({ ...base, sort, after: { time: '2024-05-01T10:20:30.123Z', id: ID } }).sql)).toBe(
      'SELECT j.id FROM job j WHERE ((j.completed_at, j.id) < ($1::timestamptz, $2::uuid) OR j.completed_at IS NULL) ORDER BY j.completed_at DESC NULLS LAST, j.id DESC LIMIT $3::int',
    );
    expect(squash(pgPageQuery({ ...base, sort, after: { time: null, id: ID } }).sql)).toBe(
      'SELECT j.id FROM job j WHERE j.completed_at IS NULL AND j.id < $1::uuid ORDER BY j.completed_at DESC NULLS LAST, j.id DESC LIMIT $2::int',
    );
  });

  it('counts the facets over the filters only, whatever the cursor', () => {
    const { sql, params } = pgFacetsQuery({ ...base, arch: 'arm64', after: { time: '2024-05-01T10:20:30.123Z', id: ID } });
    expect(squash(sql)).toContain('FROM job j WHERE j.arch = $1::text GROUP BY GROUPING SETS ((j.status), (j.type), (j.arch), (j.project_name))');
    expect(params).toEqual(['arm64']);
  });
});
