export * from './audit-actor';
export * from './audit-entry';
export * from './audit-partition-keeper';
export * from './audit-record.dto';
export * from './audit-trail';
export * from './audit.writer';
export * from './status-history';
