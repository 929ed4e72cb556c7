import { z } from 'zod';
import { EventEnvelope } from './event-envelope';

export const USER_AGGREGATE = 'user';
export const WORKSPACE_AGGREGATE = 'workspace';
/** A user's name or email changed; jobs show both. */
export const USER_CHANGED = 'user.changed';
/** A workspace's hostname changed; jobs show it. */
export const WORKSPACE_CHANGED = 'workspace.changed';
export const OWNER_EVENT_TYPES = [USER_CHANGED, WORKSPACE_CHANGED] as const;
export const OWNER_EVENT_SCHEMA_VERSION = 1;

/**
 * Only says which owner changed. Consumers read the owner's current state, so a late or
 * repeated owner event can never bring back an older name.
 */
export interface OwnerChangedV1 {
  id: string;
}

export type OwnerChangedEventV1 = EventEnvelope<(typeof OWNER_EVENT_TYPES)[number], OwnerChangedV1>;

const ownerEventSchema = z.object({
  eventId: z.uuid(),
  aggregateType: z.enum([USER_AGGREGATE, WORKSPACE_AGGREGATE]),
  aggregateId: z.uuid(),
  aggregateVersion: z.number().int().positive(),
  type: z.enum(OWNER_EVENT_TYPES),
  schemaVersion: z.literal(OWNER_EVENT_SCHEMA_VERSION),
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().optional(),
  payload: z.object({ id: z.uuid() }),
});

/** Parses a decoded message body; throws with the list of problems when it is not a v1 owner event. */
export function parseOwnerEvent(body: unknown): OwnerChangedEventV1 {
  const result = ownerEventSchema.safeParse(body);
  if (!result.success) throw new Error(`not an owner event v1: ${z.prettifyError(result.error)}`);
  return result.data;
}
