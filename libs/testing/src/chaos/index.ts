export * from './chaos-run';
export * from './fault-injector';
