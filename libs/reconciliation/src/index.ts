export * from './job-reconciler';
export * from './drift-metrics';
