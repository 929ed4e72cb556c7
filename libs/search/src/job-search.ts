import { Client, errors } from '@elastic/elasticsearch';
import { SortCombinations } from '@elastic/elasticsearch/lib/api/types';
import { JobSnapshotV1 } from '@jobstream/contracts';
import { JobstreamError } from '@jobstream/domain';
import { JobDocument } from './job-document';

export interface JobQuery {
  statuses?: string[];
  userId?: string;
  projectName?: string;
  /** Page size, capped by the caller's validation. */
  size: number;
  /** Opaque: where the previous page ended. */
  cursor?: string;
}

export interface JobPage {
  items: JobSnapshotV1[];
  total: number;
  nextCursor: string | null;
}

/** Newest first; jobId breaks ties so search_after never skips or repeats a job. */
const SORT: SortCombinations[] = [{ createdAt: 'desc' }, { jobId: 'asc' }];

export function fromJobDocument({ jobId, metadataPairs: _pairs, ...rest }: JobDocument): JobSnapshotV1 {
  return { id: jobId, ...rest } as JobSnapshotV1;
}

const encodeCursor = (sort: unknown[]) => Buffer.from(JSON.stringify(sort)).toString('base64url');

function decodeCursor(cursor: string): unknown[] {
  try {
    const sort: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(sort) && sort.length === SORT.length) return sort;
  } catch {
    // reported below
  }
  throw JobstreamError.invalid('cursor', 'not a cursor returned by this API');
}

/** Reads of the jobs alias for the dashboard. */
export class JobSearch {
  constructor(
    private readonly client: Client,
    private readonly alias: string,
  ) {}

  async get(id: string): Promise<JobSnapshotV1 | null> {
    try {
      const { _source } = await this.client.get<JobDocument>({ index: this.alias, id });
      return _source ? fromJobDocument(_source) : null;
    } catch (error) {
      if (error instanceof errors.ResponseError && error.statusCode === 404) return null;
      throw error;
    }
  }

  async find(query: JobQuery): Promise<JobPage> {
    const filter: object[] = [];
    if (query.statuses?.length) filter.push({ terms: { status: query.statuses } });
    if (query.userId) filter.push({ term: { userId: query.userId } });
    if (query.projectName) filter.push({ term: { projectName: query.projectName } });
    const response = await this.client.search<JobDocument>({
      index: this.alias,
      query: { bool: { filter } },
      sort: SORT,
      size: query.size,
      track_total_hits: true,
      ...(query.cursor ? { search_after: decodeCursor(query.cursor) as never } : {}),
    });
    const hits = response.hits.hits;
    const total = typeof response.hits.total === 'number' ? response.hits.total : (response.hits.total?.value ?? 0);
    const last = hits.at(-1);
    return {
      items: hits.map((hit) => fromJobDocument(hit._source!)),
      total,
      nextCursor: hits.length === query.size && last?.sort ? encodeCursor(last.sort) : null,
    };
  }
}
