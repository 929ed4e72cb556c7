export * from './commands.module';
export * from './job-commands.service';
export * from './job-events.factory';
export * from './job-redenormalizer';
export * from './owner-commands.service';
