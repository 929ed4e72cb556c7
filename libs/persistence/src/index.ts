export * from './data-source-options';
export * from './entities';
export * from './job-index-rejections';
export * from './job-snapshots';
export * from './job-sync-marker';
export * from './pages';
export * from './persistence.module';
export * from './outbox.writer';
