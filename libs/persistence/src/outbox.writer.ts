import { EventEnvelope } from '@jobstream/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** What the writer fills; statements that write an event together with its change list the same. */
export const OUTBOX_COLUMNS = 'event_id, aggregate_type, aggregate_id, event_type, aggregate_version, schema_version, payload, correlation_id, created_at';
const COLUMNS = OUTBOX_COLUMNS.split(',').length;

/**
 * Records events in the caller's transaction: an event exists exactly when the change it
 * describes was committed. The manager is passed, never ambient, so the transaction is visible.
 */
@Injectable()
export class OutboxWriter {
  add(event: EventEnvelope, manager: EntityManager): Promise<void> {
    return this.addMany([event], manager);
  }

  /** One INSERT for the lot, in order (their seq follows the array order). */
  async addMany(events: EventEnvelope[], manager: EntityManager): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map((_, i) => `(${Array.from({ length: COLUMNS }, (__, c) => `$${i * COLUMNS + c + 1}`).join(', ')})`);
    await manager.query(
      `INSERT INTO outbox (${OUTBOX_COLUMNS}) VALUES ${rows.join(', ')}`,
      events.flatMap((event) => [
        event.eventId,
        event.aggregateType,
        event.aggregateId,
        event.type,
        event.aggregateVersion,
        event.schemaVersion,
        JSON.stringify(event.payload),
        event.correlationId ?? null,
        event.occurredAt,
      ]),
    );
  }
}
