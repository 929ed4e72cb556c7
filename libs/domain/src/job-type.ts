export const JOB_TYPES = [
  'WORKSPACE_CREATE',
  'WORKSPACE_START',
  'WORKSPACE_STOP',
  'WORKSPACE_DELETE',
  'IMAGE_BUILD',
] as const;
export type JobType = (typeof JOB_TYPES)[number];
