export * from './es-client';
export * from './job-document';
export * from './job-index-writer';
export * from './job-search';
export * from './jobs-index';
export * from './search.module';
