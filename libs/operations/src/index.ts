export * from './operations-overview';
