export * from './command-metrics.interceptor';
export * from './metrics.module';
