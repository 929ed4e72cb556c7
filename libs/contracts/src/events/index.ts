export * from './event-envelope';
export * from './job-events.v1';
