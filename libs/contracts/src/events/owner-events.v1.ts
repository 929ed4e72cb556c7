import { z } from 'zod';
import { envelopeShape, EventEnvelope } from './event-envelope';

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

const ownerEvent = <T extends (typeof OWNER_EVENT_TYPES)[number], A extends string>(type: T, aggregateType: A) =>
  z.object({ ...envelopeShape(type, aggregateType, OWNER_EVENT_SCHEMA_VERSION), payload: z.object({ id: z.uuid() }) });

/** One schema per owner event type: the contract published to other teams (docs/events). */
export const OWNER_EVENT_SCHEMAS_V1 = {
  [USER_CHANGED]: ownerEvent(USER_CHANGED, USER_AGGREGATE).describe("A user's name or email changed; read the user for the new values."),
  [WORKSPACE_CHANGED]: ownerEvent(WORKSPACE_CHANGED, WORKSPACE_AGGREGATE).describe(
    "A workspace's hostname changed; read the workspace for the new value.",
  ),
};
const ownerEventSchema = z.discriminatedUnion('type', [OWNER_EVENT_SCHEMAS_V1[USER_CHANGED], OWNER_EVENT_SCHEMAS_V1[WORKSPACE_CHANGED]]);

/** Parses a decoded message body; throws with the list of problems when it is not a v1 owner event. */
export function parseOwnerEvent(body: unknown): OwnerChangedEventV1 {
  const result = ownerEventSchema.safeParse(body);
  if (!result.success) throw new Error(`not an owner event v1: ${z.prettifyError(result.error)}`);
  return result.data;
}
