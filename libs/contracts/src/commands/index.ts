export * from './create-job.command';
export * from './create-user.command';
export * from './create-workspace.command';
export * from './patterns';
export * from './transition-job.command';
