import { JobSnapshotV1 } from '@jobstream/contracts';
import { JobEntity, loadJobSnapshot, loadJobSnapshots } from '@jobstream/persistence';
import { FACET_SIZES, FacetBucket, JobFacets, JobSearchQuery, JobSearchResult, pageOf } from '@jobstream/search';
import { Logger } from '@nestjs/common';
import { JobstreamError } from '@jobstream/domain';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { pgFacetsQuery, pgPageQuery } from './pg-job-query';

export interface PgJobSearchOptions {
  /** Bound on the page query. */
  pageTimeoutMs: number;
  /** Bound on the facet counts; past it the answer comes without facets and total. */
  facetsTimeoutMs: number;
}

const QUERY_CANCELED = '57014';
const isStatementTimeout = (error: unknown) => error instanceof QueryFailedError && (error.driverError as { code?: string }).code === QUERY_CANCELED;

/** Elasticsearch's bucket order: count descending, then the value's byte order. */
const byCountThenValue = (a: FacetBucket, b: FacetBucket) => b.count - a.count || Buffer.compare(Buffer.from(a.value), Buffer.from(b.value));

/** The job row's version and seed 001's sync columns, as JobEntity types them. */
export type PgSyncColumns = Pick<JobEntity, 'version' | 'esSyncVersion' | 'esSyncedAt' | 'updatedAt'>;

/**
 * The dashboard's searches answered by PostgreSQL, the source of truth, for when Elasticsearch
 * cannot answer: the same filters, order, cursor and facets, served by the job indexes of
 * migration 1732900000000.
 */
export class PgJobSearch {
  private readonly logger = new Logger(PgJobSearch.name);

  constructor(
    private readonly db: DataSource,
    private readonly options: PgJobSearchOptions,
  ) {}

  get(id: string): Promise<JobSnapshotV1 | null> {
    return loadJobSnapshot(this.db.manager, id);
  }

  /** The job row's version and seed 001's sync columns: what the indexer last confirmed. */
  async syncColumns(id: string): Promise<PgSyncColumns | null> {
    const [row]: PgSyncColumns[] = await this.db.query(
      `SELECT version::int, es_sync_version::int AS "esSyncVersion", es_synced_at AS "esSyncedAt", updated_at AS "updatedAt" FROM job WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  async search(query: JobSearchQuery, { facets = true } = {}): Promise<JobSearchResult> {
    const [items, jobFacets] = await Promise.all([this.page(query), facets ? this.facets(query) : null]);
    return {
      ...pageOf(items, query),
      total: jobFacets ? jobFacets.status.reduce((sum, bucket) => sum + bucket.count, 0) : null,
      facets: jobFacets,
    };
  }

  /** Ids and snapshots in one snapshot of the database, so each item is the version the keyset ordered. */
  private async page(query: JobSearchQuery): Promise<JobSnapshotV1[]> {
    try {
      return await this.bounded(this.options.pageTimeoutMs, 'REPEATABLE READ', async (manager) => {
        const { sql, params } = pgPageQuery(query);
        const ids = ((await manager.query(sql, params)) as { id: string }[]).map((row) => row.id);
        const byId = new Map((await loadJobSnapshots(manager, ids)).map((job) => [job.id, job]));
        return ids.map((id) => byId.get(id)!);
      });
    } catch (error) {
      if (!isStatementTimeout(error)) throw error;
      // A filter no index serves (free text alone, say) over a large table: a 503, not a 500.
      throw new JobstreamError('UNAVAILABLE', `PostgreSQL could not answer this search within ${this.options.pageTimeoutMs} ms`, {}, { cause: error });
    }
  }

  /** Facets are a nicety: a timeout or failure leaves them out rather than failing the search. */
  private async facets(query: JobSearchQuery): Promise<JobFacets | null> {
    try {
      return await this.bounded(this.options.facetsTimeoutMs, 'READ COMMITTED', async (manager) => {
        const { sql, params } = pgFacetsQuery(query);
        const rows: { facet: keyof JobFacets; value: string | null; count: number }[] = await manager.query(sql, params);
        const facets: JobFacets = { status: [], type: [], arch: [], projectName: [] };
        for (const { facet, value, count } of rows) if (value !== null) facets[facet].push({ value, count });
        for (const name of Object.keys(facets) as (keyof JobFacets)[]) facets[name] = facets[name].sort(byCountThenValue).slice(0, FACET_SIZES[name]);
        return facets;
      });
    } catch (error) {
      this.logger.warn(`facets left out of a PostgreSQL search: ${String(error)}`);
      return null;
    }
  }

  private bounded<T>(timeoutMs: number, isolation: 'REPEATABLE READ' | 'READ COMMITTED', work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(isolation, async (manager) => {
      await manager.query(`SELECT set_config('statement_timeout', $1, true)`, [String(timeoutMs)]);
      return work(manager);
    });
  }
}
