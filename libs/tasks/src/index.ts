export * from './claimed-task';
export * from './task-executor';
export * from './task-handler';
export * from './task-policy';
export * from './task-runner';
export * from './task-store';
