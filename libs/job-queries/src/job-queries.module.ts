import { JobSearch } from '@jobstream/search';
import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueries, JobQueriesOptions } from './job-queries';
import { PgJobSearch, PgJobSearchOptions } from './pg-job-search';
import { SearchBreaker, SearchBreakerOptions } from './search-breaker';

export type JobQueriesModuleOptions = JobQueriesOptions & PgJobSearchOptions & { breaker: SearchBreakerOptions };

/** JobQueries for the gateway; needs the app's DataSource (PersistenceModule) and JobSearch (SearchModule). */
@Module({})
export class JobQueriesModule implements OnApplicationShutdown {
  constructor(@Inject(SearchBreaker) private readonly breaker: SearchBreaker) {}

  static forRoot(options: JobQueriesModuleOptions): DynamicModule {
    return {
      module: JobQueriesModule,
      providers: [
        { provide: SearchBreaker, useFactory: () => new SearchBreaker(options.breaker) },
        { provide: PgJobSearch, inject: [DataSource], useFactory: (db: DataSource) => new PgJobSearch(db, options) },
        {
          provide: JobQueries,
          inject: [JobSearch, PgJobSearch, SearchBreaker],
          useFactory: (es: JobSearch, pg: PgJobSearch, breaker: SearchBreaker) => new JobQueries(es, pg, breaker, options),
        },
      ],
      exports: [JobQueries],
    };
  }

  onApplicationShutdown(): void {
    this.breaker.shutdown();
  }
}
