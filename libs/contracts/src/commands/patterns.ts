/** Message patterns of the job-writer's AMQP request/reply API. */
export const WRITER_COMMANDS = {
  createUser: 'user.create',
  updateUser: 'user.update',
  createWorkspace: 'workspace.create',
  updateWorkspace: 'workspace.update',
  createImage: 'image.create',
  updateImage: 'image.update',
  createBuildSchedule: 'build-schedule.create',
  updateBuildSchedule: 'build-schedule.update',
  createJob: 'job.create',
  transitionJob: 'job.transition',
  deleteJob: 'job.delete',
} as const;
