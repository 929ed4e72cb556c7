/**
 * What the dashboard's bundle takes of the domain (its Vite config points @jobstream/domain
 * here): the job life cycle and its lists, without cron-parser and its date library.
 */
export * from './job-status';
export * from './job-type';
