export * from './operations-overview';
export * from './dead-letter-queues';
