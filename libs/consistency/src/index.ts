export * from './consistency-checker';
export * from './consistency-repairer';
export * from './consistency-report';
export * from './id-range';
export * from './range-diff';
