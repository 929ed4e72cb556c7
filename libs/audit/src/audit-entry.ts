/** One recorded change: what was done to which entity, and its state before and after. */
export interface AuditEntry {
  /** `<entity>.<verb>`: job.create, user.delete, api-key.revoke, ... */
  action: string;
  /** job, user, workspace, image, build-schedule, api-key, background-task. */
  entityType: string;
  entityId: string | null;
  /** Absent for creates. */
  before?: unknown;
  /** Absent for hard deletes. */
  after?: unknown;
}
