export * from './jobs-reindexer';
