export * from './broker-connection';
export * from './broker.module';
export * from './event-codec';
export * from './event-consumer';
export * from './event-publisher';
export * from './event-topology';
export * from './rmq-ack.interceptor';
export * from './writer-rmq.options';
