export * from './job-queries';
export * from './job-queries.module';
export * from './pg-job-query';
export * from './pg-job-search';
export * from './search-breaker';
