export * from './command-log.interceptor';
export * from './correlation-id';
export * from './correlation-id.decorator';
export * from './log-context';
export * from './logging.module';
export * from './resource-log.interceptor';
