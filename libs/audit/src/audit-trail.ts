import { decodeCursor, encodeCursor, UUID_PATTERN } from '@jobstream/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRecord } from './audit-record.dto';

/** Seed 003's audit-trail query: any combination of filters, newest first. */
export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  userId?: string;
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  size: number;
  cursor?: string;
}

export interface AuditPage {
  items: AuditRecord[];
  nextCursor: string | null;
}

/** Where a page ended: the time as text, since a JS Date would cut its microseconds and skip rows. */
interface AuditKey {
  at: string;
  id: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const isAuditKey = (value: unknown): value is AuditKey =>
  typeof (value as AuditKey | null)?.at === 'string' && ISO.test((value as AuditKey).at) && UUID_PATTERN.test(String((value as AuditKey).id));

/**
 * Reads the audit trail in (created_at DESC, id DESC) order, paged by keyset: each filter has an
 * index that serves it in that order, and a time range prunes the monthly partitions.
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly db: DataSource) {}

  async find(query: AuditQuery): Promise<AuditPage> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const clauses = [
      ...(query.entityType !== undefined ? [`entity_type = ${param(query.entityType)}`] : []),
      ...(query.entityId !== undefined ? [`entity_id = ${param(query.entityId)}::uuid`] : []),
      ...(query.userId !== undefined ? [`user_id = ${param(query.userId)}::uuid`] : []),
      ...(query.from !== undefined ? [`created_at >= ${param(query.from)}::timestamptz`] : []),
      ...(query.to !== undefined ? [`created_at < ${param(query.to)}::timestamptz`] : []),
    ];
    if (query.cursor) {
      const after = decodeCursor(query.cursor, isAuditKey);
      clauses.push(`(created_at, id) < (${param(after.at)}::timestamptz, ${param(after.id)}::uuid)`);
    }
    const rows: AuditRecord[] = await this.db.query(
      `SELECT id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAt", user_id AS "userId",
              action, entity_type AS "entityType", entity_id AS "entityId", before, after,
              host(ip_address) AS "ipAddress", user_agent AS "userAgent", request_id AS "requestId"
         FROM audit_logs ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC
        LIMIT ${param(query.size + 1)}`,
      params,
    );
    const items = rows.slice(0, query.size);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.size ? encodeCursor({ at: last.createdAt, id: last.id } satisfies AuditKey) : null };
  }
}
