export * from './event-envelope';
export * from './event-factories';
export * from './heartbeat-events.v1';
export * from './job-events.v1';
export * from './owner-events.v1';
export * from './event-json-schemas';
