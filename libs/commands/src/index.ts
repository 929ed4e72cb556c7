export * from './commands.module';
export * from './job-commands.service';
export * from './job-events.factory';
export * from './owner-commands.service';
