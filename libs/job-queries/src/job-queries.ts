import { errors } from '@elastic/elasticsearch';
import { JobSnapshotV1 } from '@jobstream/contracts';
import { decodeCursor, encodeCursor, JobFacets, JobSearch, JobSearchQuery, JobSearchResult, SearchRequestOptions } from '@jobstream/search';
import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { PgJobSearch, PgSyncColumns } from './pg-job-search';
import { SearchBreaker } from './search-breaker';

export type SearchSource = 'elasticsearch' | 'postgres';

/** A version of a job the caller wrote and wants its read to include. */
export interface VersionToken {
  id: string;
  version: number;
}

/** How a read with version tokens went: how long it waited, and whether the bound ran out. */
export interface Consistency {
  waitedMs: number;
  /** Elasticsearch had not caught up within the bound, so PostgreSQL answered. */
  boundExceeded: boolean;
}

export interface JobSearchRequest extends Omit<JobSearchQuery, 'after'> {
  cursor?: string;
  minVersions?: VersionToken[];
}

export interface JobSearchResponse {
  items: JobSnapshotV1[];
  total: number | null;
  nextCursor: string | null;
  facets: JobFacets | null;
  /** PostgreSQL could not count in time, so `facets` and `total` are null. */
  facetsUnavailable: boolean;
  source: SearchSource;
  consistency?: Consistency;
}

export interface JobRead {
  job: JobSnapshotV1 | null;
  source: SearchSource;
  consistency?: Consistency;
}

export interface JobQueriesOptions {
  /** Request timeout of each Elasticsearch read; past it the read is answered from PostgreSQL. */
  searchTimeoutMs: number;
  /** How long a read with version tokens waits for Elasticsearch to show those versions. */
  readYourWritesTimeoutMs: number;
  readYourWritesPollMs?: number;
}

type Wait<T> = { outcome: 'reached'; value: T; waitedMs: number } | { outcome: 'exceeded' | 'unavailable'; waitedMs: number };

/**
 * The gateway's job reads: Elasticsearch behind a circuit breaker, PostgreSQL when it cannot
 * answer, and read-your-writes waits. Either store pages with the same cursor.
 */
export class JobQueries {
  private readonly logger = new Logger(JobQueries.name);
  private readonly esOptions: SearchRequestOptions;

  constructor(
    private readonly es: JobSearch,
    private readonly pg: PgJobSearch,
    private readonly breaker: SearchBreaker,
    private readonly options: JobQueriesOptions,
  ) {
    this.esOptions = { requestTimeout: options.searchTimeoutMs, maxRetries: 0 };
  }

  async search({ cursor, minVersions = [], ...filters }: JobSearchRequest): Promise<JobSearchResponse> {
    const decoded = cursor ? decodeCursor(cursor, filters.sort) : undefined;
    const query: JobSearchQuery = { ...filters, ...(decoded ? { after: decoded.position } : {}) };
    const wait = minVersions.length > 0 ? await this.awaitSearchable(minVersions) : undefined;
    const { value, source } =
      wait && wait.outcome !== 'reached'
        ? { value: await this.pg.search(query), source: 'postgres' as const }
        : await this.withFallback(
            () => this.es.search(query, { ...this.esOptions, pointInTime: decoded?.pointInTime }),
            () => this.pg.search(query),
          );
    return { ...this.toResponse(query, value), source, ...(wait ? { consistency: consistencyOf(wait) } : {}) };
  }

  /**
   * `strong` reads PostgreSQL. A GET is realtime in Elasticsearch: it sees a version as soon as
   * it is indexed, so `minVersion` waits for indexing only, not for a refresh.
   */
  async get(id: string, { strong = false, minVersion }: { strong?: boolean; minVersion?: number } = {}): Promise<JobRead> {
    if (strong) return { job: await this.pg.get(id), source: 'postgres' };
    if (minVersion === undefined) {
      const { value, source } = await this.withFallback(
        () => this.es.get(id, this.esOptions),
        () => this.pg.get(id),
      );
      return { job: value, source };
    }
    const wait = await this.waitFor(
      () => this.es.get(id, this.esOptions),
      (job) => job !== null && job.version >= minVersion,
    );
    const consistency = consistencyOf(wait);
    return wait.outcome === 'reached'
      ? { job: wait.value, source: 'elasticsearch', consistency }
      : { job: await this.pg.get(id), source: 'postgres', consistency };
  }

  /**
   * The job's row beside its document: the versions each store holds and whether the index is in
   * step. Both reads at once; the document by realtime GET, so "behind" means not yet indexed, not
   * "not yet refreshed". An unreachable index is `unknown`, never a failure.
   */
  async syncState(id: string): Promise<JobSyncState> {
    const [row, document] = await Promise.all([this.pg.syncColumns(id), this.es.get(id, this.esOptions).catch(() => undefined)]);
    const indexed = document === undefined ? undefined : document && { version: document.version, updatedAt: document.updatedAt };
    return { postgres: row, elasticsearch: indexed ?? null, ...syncVerdict(row?.version, indexed === undefined ? undefined : (indexed?.version ?? null)) };
  }

  /** Search visibility, not realtime GET: a document is searchable only after a refresh. */
  private awaitSearchable(tokens: VersionToken[]): Promise<Wait<unknown>> {
    return this.waitFor(
      () => this.es.searchableVersions([...new Set(tokens.map((token) => token.id))], this.esOptions),
      (versions) => tokens.every((token) => (versions.get(token.id) ?? 0) >= token.version),
    );
  }

  /** Polls Elasticsearch until `done`, for at most the read-your-writes bound. */
  private async waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean): Promise<Wait<T>> {
    const started = Date.now();
    const deadline = started + this.options.readYourWritesTimeoutMs;
    const pollMs = this.options.readYourWritesPollMs ?? 25;
    for (;;) {
      let value: T;
      try {
        value = await this.breaker.fire(probe);
      } catch {
        return { outcome: 'unavailable', waitedMs: Date.now() - started };
      }
      if (done(value)) return { outcome: 'reached', value, waitedMs: Date.now() - started };
      if (Date.now() + pollMs > deadline) return { outcome: 'exceeded', waitedMs: Date.now() - started };
      await sleep(pollMs);
    }
  }

  /** PostgreSQL holds every committed write, so any Elasticsearch failure can be answered from it. */
  private async withFallback<T>(fromEs: () => Promise<T>, fromPg: () => Promise<T>): Promise<{ value: T; source: SearchSource }> {
    try {
      return { value: await this.breaker.fire(fromEs), source: 'elasticsearch' };
    } catch (error) {
      // Outages are logged once by the breaker; a refused request is our bug and worth a line each.
      if (error instanceof errors.ResponseError && error.statusCode === 400) this.logger.warn(`Elasticsearch refused a read: ${error.message}`);
      return { value: await fromPg(), source: 'postgres' };
    }
  }

  private toResponse(query: JobSearchQuery, result: JobSearchResult): Omit<JobSearchResponse, 'source' | 'consistency'> {
    return {
      items: result.items,
      total: result.total,
      nextCursor: result.next ? encodeCursor(query.sort, result.next, result.pointInTime) : null,
      facets: result.facets,
      facetsUnavailable: result.facets === null,
    };
  }
}

const consistencyOf = (wait: Wait<unknown>): Consistency => ({ waitedMs: wait.waitedMs, boundExceeded: wait.outcome === 'exceeded' });

export type SyncVerdict = 'in-step' | 'behind' | 'missing' | 'orphan' | 'deleted' | 'unknown';

export interface JobSyncState {
  postgres: PgSyncColumns | null;
  elasticsearch: { version: number; updatedAt: string } | null;
  state: SyncVerdict;
  /** Versions the index lacks (0 unless `behind`). */
  behindBy: number;
}

/** `indexed` undefined: Elasticsearch did not answer; null: it has no document. */
export function syncVerdict(row: number | undefined, indexed: number | null | undefined): Pick<JobSyncState, 'state' | 'behindBy'> {
  if (indexed === undefined) return { state: 'unknown', behindBy: 0 };
  if (row === undefined) return { state: indexed === null ? 'deleted' : 'orphan', behindBy: 0 };
  if (indexed === null) return { state: 'missing', behindBy: row };
  return indexed >= row ? { state: 'in-step', behindBy: 0 } : { state: 'behind', behindBy: row - indexed };
}
