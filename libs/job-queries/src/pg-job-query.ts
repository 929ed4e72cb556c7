import { JobEntity, jobColumn } from '@jobstream/persistence';
import { JOB_TERM_FILTERS, JOB_TIME_FIELDS, JobSearchQuery, JobSortField, TimeRange } from '@jobstream/search';

/**
 * The column (alias `j`) of a field the search filters or sorts on, with its nullability and the
 * cast of its parameters, as JobEntity declares it; resolved once, at load. The filters are
 * libs/search's lists, so both stores apply the same ones.
 */
const columnOf = <F extends keyof JobEntity>(field: F) => {
  const { name, type, nullable } = jobColumn(field);
  return { field, sql: `j.${name}`, nullable, cast: type === 'uuid' ? 'uuid' : 'text' };
};
const TERM_COLUMNS = JOB_TERM_FILTERS.map(columnOf);
const TIME_COLUMNS = JOB_TIME_FIELDS.map(columnOf);
/** Only a nullable time (completed_at) sorts NULLS LAST; the others keep PostgreSQL's default null order, which their indexes have. */
const SORT_COLUMNS = Object.fromEntries(TIME_COLUMNS.map((column) => [column.field, column])) as Record<JobSortField, (typeof TIME_COLUMNS)[number]>;

export interface PgQuery {
  sql: string;
  params: unknown[];
}

/** Collects positional parameters while clauses are written. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

function rangeClauses(column: string, { from, to }: TimeRange = {}, params: Params): string[] {
  return [
    ...(from ? [`${column} >= ${params.add(from, 'timestamptz')}`] : []),
    ...(to ? [`${column} < ${params.add(to, 'timestamptz')}`] : []),
  ];
}

/**
 * What a metadata filter's text can mean as a JSON scalar, as Elasticsearch indexes scalar
 * entries as `key=<String(value)>`: always the string; also the boolean, null or number whose
 * text it is (`3` but not `03` or `3.0`, which no JSON number prints as). `NaN` and `Infinity`
 * are no JSON numbers (JSON.stringify would write them as null): only strings.
 */
export function scalarReadings(text: string): unknown[] {
  if (text === 'true' || text === 'false') return [text, text === 'true'];
  if (text === 'null') return [text, null];
  const number = Number(text);
  return text.trim() !== '' && Number.isFinite(number) && String(number) === text ? [text, number] : [text];
}

/**
 * The same filters as Elasticsearch's (esFilters), as SQL over the job table alone: every field
 * of the search document that can be filtered is a column of `job`. Metadata matches the scalar
 * entries Elasticsearch indexes as `key=value` (JSON null as `null`) by containment, one `@>` per
 * JSON reading of the value, which the GIN index on metadata serves; the free text is a
 * full-text match of all words, which tokenizes close to, not exactly as, Elasticsearch's
 * standard analyzer.
 */
function pgFilters(query: JobSearchQuery, params: Params): string[] {
  const equal = (column: string, value: string | undefined, cast = 'text') => (value === undefined ? [] : [`${column} = ${params.add(value, cast)}`]);
  const anyOf = (column: string, values: string[] | undefined) => (values?.length ? [`${column} = ANY(${params.add(values, 'text[]')})`] : []);
  return [
    ...anyOf('j.status', query.statuses),
    ...anyOf('j.type', query.types),
    ...TERM_COLUMNS.flatMap(({ field, sql, cast }) => equal(sql, query[field], cast)),
    ...TIME_COLUMNS.flatMap(({ field, sql }) => rangeClauses(sql, query[field], params)),
    ...(query.metadata ?? []).map(({ key, value }) => {
      const readings = scalarReadings(value).map((reading) => `j.metadata @> ${params.add(JSON.stringify({ [key]: reading }), 'jsonb')}`);
      return `(${readings.join(' OR ')})`;
    }),
    ...(query.text
      ? [`to_tsvector('simple', coalesce(j.error_message, '') || ' ' || j.project_name) @@ plainto_tsquery('simple', ${params.add(query.text, 'text')})`]
      : []),
  ];
}

/**
 * Elasticsearch's keyset order in SQL: the sort time in the sort's direction with jobs lacking it
 * last, then the id in the same direction (uuid order is the byte order of its text, as in a
 * keyword sort). Times are millisecond precision in both stores, so a cursor means the same place.
 */
function pgKeyset(query: JobSearchQuery, params: Params): { clauses: string[]; orderBy: string } {
  const { field, order } = query.sort;
  const { sql: column, nullable } = SORT_COLUMNS[field];
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  const after = order === 'asc' ? '>' : '<';
  const nulls = nullable ? ' NULLS LAST' : '';
  const orderBy = `${column} ${direction}${nulls}, j.id ${direction}`;
  const position = query.after;
  if (!position) return { clauses: [], orderBy };
  if (position.time === null) return { clauses: [`${column} IS NULL`, `j.id ${after} ${params.add(position.id, 'uuid')}`], orderBy };
  const beyond = `(${column}, j.id) ${after} (${params.add(position.time, 'timestamptz')}, ${params.add(position.id, 'uuid')})`;
  return { clauses: [nullable ? `(${beyond} OR ${column} IS NULL)` : beyond], orderBy };
}

const whereOf = (clauses: string[]) => (clauses.length ? `WHERE ${clauses.join(' AND ')}` : '');

/** One page of job ids in cursor order, one more than the page size to learn whether more follow. */
export function pgPageQuery(query: JobSearchQuery): PgQuery {
  const params = new Params();
  const filters = pgFilters(query, params);
  const { clauses, orderBy } = pgKeyset(query, params);
  const limit = params.add(query.size + 1, 'int');
  return { sql: `SELECT j.id FROM job j ${whereOf([...filters, ...clauses])} ORDER BY ${orderBy} LIMIT ${limit}`, params: params.values };
}

/** Counts per status, type, arch and project (JOB_FACET_FIELDS) of every job the filters match, in one scan. */
export function pgFacetsQuery(query: JobSearchQuery): PgQuery {
  const params = new Params();
  const filters = pgFilters(query, params);
  return {
    sql: `SELECT CASE WHEN GROUPING(j.status) = 0 THEN 'status' WHEN GROUPING(j.type) = 0 THEN 'type'
                        WHEN GROUPING(j.arch) = 0 THEN 'arch' ELSE 'projectName' END AS facet,
                   COALESCE(j.status, j.type, j.arch, j.project_name) AS value, count(*)::int AS count
              FROM job j ${whereOf(filters)}
             GROUP BY GROUPING SETS ((j.status), (j.type), (j.arch), (j.project_name))`,
    params: params.values,
  };
}
