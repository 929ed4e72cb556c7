import { AggregationsAggregationContainer, QueryDslQueryContainer, SearchRequest, Sort } from '@elastic/elasticsearch/lib/api/types';
import { JobDocument } from './job-document';
import { FACET_SIZES, JOB_FACET_FIELDS, JOB_TERM_FILTERS, JOB_TIME_FIELDS, JobSearchQuery, TimeRange } from './job-search-query';

const range = (field: keyof JobDocument, { from, to }: TimeRange = {}): QueryDslQueryContainer[] =>
  from || to ? [{ range: { [field]: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } }] : [];

const term = (field: keyof JobDocument, value: string | undefined): QueryDslQueryContainer[] => (value === undefined ? [] : [{ term: { [field]: value } }]);

const terms = (field: keyof JobDocument, values: string[] | undefined): QueryDslQueryContainer[] => (values?.length ? [{ terms: { [field]: values } }] : []);

/** Every filter of the query as exact clauses; the free text is a match query, so it is never parsed as syntax. */
export function esFilters(query: JobSearchQuery): QueryDslQueryContainer[] {
  return [
    ...terms('status', query.statuses),
    ...terms('type', query.types),
    ...JOB_TERM_FILTERS.flatMap((field) => term(field, query[field])),
    ...JOB_TIME_FIELDS.flatMap((field) => range(field, query[field])),
    ...(query.metadata ?? []).map(({ key, value }) => ({ term: { metadataPairs: `${key}=${value}` } })),
    ...(query.text
      ? [{ multi_match: { query: query.text, fields: ['errorMessage', 'projectName.text'], type: 'cross_fields' as const, operator: 'and' as const } }]
      : []),
  ];
}

/** One terms aggregation per facet, named as its field. */
export const ES_FACET_AGGS: Record<string, AggregationsAggregationContainer> = Object.fromEntries(
  JOB_FACET_FIELDS.map((field) => [field, { terms: { field, size: FACET_SIZES[field], order: [{ _count: 'desc' }, { _key: 'asc' }] } }]),
);

/**
 * The search request for one page: filters, the keyset sort and its search_after. Jobs without
 * the sort time come last; a cursor inside that tail pages it by id alone, because Elasticsearch
 * reports a missing date's sort value as ±2^63, which JSON numbers cannot carry back intact.
 */
export function buildEsSearch(query: JobSearchQuery, withFacets: boolean): SearchRequest {
  const { field, order } = query.sort;
  const inTail = query.after?.time === null;
  const sort: Sort = inTail ? [{ jobId: order }] : [{ [field]: { order, missing: '_last' } }, { jobId: order }];
  const searchAfter = query.after && (inTail ? [query.after.id] : [Date.parse(query.after.time!), query.after.id]);
  return {
    query: { bool: { filter: esFilters(query) } },
    // A post filter narrows the hits but not the facets, which count every match of the query.
    ...(inTail ? { post_filter: { bool: { must_not: { exists: { field } } } } } : {}),
    sort,
    size: query.size + 1,
    // The total is the sum of the status facet: every job has exactly one status.
    track_total_hits: false,
    ...(searchAfter ? { search_after: searchAfter } : {}),
    ...(withFacets ? { aggs: ES_FACET_AGGS } : {}),
  };
}
