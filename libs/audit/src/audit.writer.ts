import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AuditActor } from './audit-actor';
import { AuditEntry } from './audit-entry';

/** What the writer fills; statements that audit a change together with it list the same. */
export const AUDIT_COLUMNS = 'id, user_id, action, entity_type, entity_id, before, after, ip_address, user_agent, request_id';

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/**
 * Records a change in the caller's transaction, like OutboxWriter: the audit row commits with
 * the change it describes, or neither does. created_at is the transaction's start (now()), the
 * same instant as the change's own timestamps.
 */
@Injectable()
export class AuditWriter {
  async record(entry: AuditEntry, actor: AuditActor, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_logs (${AUDIT_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        uuidv7(),
        actor.userId,
        entry.action,
        entry.entityType,
        entry.entityId,
        json(entry.before),
        json(entry.after),
        actor.ipAddress,
        actor.userAgent,
        actor.requestId,
      ],
    );
  }
}
