export * from './batching-policy';
export * from './job-indexing.pipeline';
export * from './micro-batcher';
