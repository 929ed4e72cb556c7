export * from './batching-policy';
export * from './indexing-metrics';
export * from './job-indexing.pipeline';
export * from './micro-batcher';
export * from './refresh-scheduler';
export * from './safety-nets';
export * from './indexer-lifecycle';
