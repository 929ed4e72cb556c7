import { AuditRecord } from './audit-record.dto';

/** One change of an entity with a status (a job), as a person reads its history. */
export interface StatusChange {
  at: string;
  action: string;
  /** The acting user; null for the system. */
  userId: string | null;
  from: string | null;
  to: string | null;
  version: number | null;
  /** From where: only for callers who may read the audit trail itself. */
  ipAddress?: string | null;
  userAgent?: string | null;
}

const field = (state: Record<string, unknown> | null, name: string) => (state && state[name] !== undefined ? state[name] : null);

/** The audit records of one entity, newest first, as status changes; `withOrigin` keeps where each came from. */
export function statusHistory(records: AuditRecord[], withOrigin: boolean): StatusChange[] {
  return records.map((record) => ({
    at: record.createdAt,
    action: record.action,
    userId: record.userId,
    from: field(record.before, 'status') as string | null,
    to: field(record.after, 'status') as string | null,
    version: (field(record.after, 'version') ?? field(record.before, 'version')) as number | null,
    ...(withOrigin ? { ipAddress: record.ipAddress, userAgent: record.userAgent } : {}),
  }));
}
