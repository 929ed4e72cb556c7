export * from './operator-task-handlers';
