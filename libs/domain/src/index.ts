export * from './errors';
export * from './job';
export * from './job-status';
export * from './job-type';
export * from './cron';
export * from './cursor';
export * from './type-equality';
