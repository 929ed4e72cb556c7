export * from './commands.module';
export * from './image-commands.service';
export * from './job-commands.service';
export * from './job-redenormalizer';
export * from './owner-commands.service';
export * from './owner-change-handler';
