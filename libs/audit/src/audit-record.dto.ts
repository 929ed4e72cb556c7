/** One row of the audit trail, as GET /audit answers it. */
export class AuditRecord {
  id: string;
  /** ISO 8601 with microseconds: the start of the transaction that made the change. */
  createdAt: string;
  /** The acting user; null for the system. */
  userId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  /** The entity before the change; null for creates. */
  before: Record<string, unknown> | null;
  /** The entity after the change; null for hard deletes. */
  after: Record<string, unknown> | null;
  ipAddress: string | null;
  userAgent: string | null;
  /** The correlation id of the request that made the change. */
  requestId: string | null;
}
