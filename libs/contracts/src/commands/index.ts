export * from './create-job.command';
export * from './create-user.command';
export * from './create-workspace.command';
export * from './delete-job.command';
export * from './patterns';
export * from './transition-job.command';
export * from './update-user.command';
export * from './update-workspace.command';
