/** Message patterns of the job-writer's AMQP request/reply API. */
export const WRITER_COMMANDS = {
  createUser: 'user.create',
  updateUser: 'user.update',
  deleteUser: 'user.delete',
  createWorkspace: 'workspace.create',
  updateWorkspace: 'workspace.update',
  deleteWorkspace: 'workspace.delete',
  createImage: 'image.create',
  updateImage: 'image.update',
  createBuildSchedule: 'build-schedule.create',
  updateBuildSchedule: 'build-schedule.update',
  createJob: 'job.create',
  createJobs: 'job.create-many',
  transitionJob: 'job.transition',
  transitionJobs: 'job.transition-many',
  deleteJob: 'job.delete',
} as const;
