import { EventEnvelope } from '@jobstream/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Records an event in the caller's transaction: the event exists exactly when the change it
 * describes was committed. The manager is passed, never ambient, so the transaction is visible.
 */
@Injectable()
export class OutboxWriter {
  async add(event: EventEnvelope, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO outbox (event_id, aggregate_type, aggregate_id, event_type, aggregate_version,
                           schema_version, payload, correlation_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        event.eventId,
        event.aggregateType,
        event.aggregateId,
        event.type,
        event.aggregateVersion,
        event.schemaVersion,
        JSON.stringify(event.payload),
        event.correlationId ?? null,
        event.occurredAt,
      ],
    );
  }
}
