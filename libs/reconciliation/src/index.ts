export * from './job-reconciler';
