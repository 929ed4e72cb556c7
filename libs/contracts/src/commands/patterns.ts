/** Message patterns of the job-writer's AMQP request/reply API. */
export const WRITER_COMMANDS = {
  createUser: 'user.create',
  createWorkspace: 'workspace.create',
  createJob: 'job.create',
  transitionJob: 'job.transition',
} as const;
