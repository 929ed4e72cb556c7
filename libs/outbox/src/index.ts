export * from './outbox-listener';
export * from './outbox-publisher';
export * from './outbox-relay.service';
export * from './outbox.store';
export * from './relay-metrics';
export * from './relay-policy';
export * from './outbox-purge';
