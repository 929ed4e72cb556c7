/**
 * Who made a change, as the gateway saw the request: the API key's user, the client's address and
 * user agent, and the request's correlation id. It travels to the job-writer in AMQP headers
 * (ACTOR_HEADERS) and is passed to every write as an explicit parameter.
 */
export interface AuditActor {
  /** The acting user; null for the system (timers, the CLI, internal clients without headers). */
  userId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  /** The correlation id of the request (X-Correlation-Id), so an audit row leads to its log lines. */
  requestId: string | null;
}

export const SYSTEM_ACTOR: AuditActor = Object.freeze({ userId: null, ipAddress: null, userAgent: null, requestId: null });

/** The AMQP headers that carry an actor next to `x-correlation-id` (its request id). */
export const ACTOR_HEADERS = {
  userId: 'x-actor-id',
  ipAddress: 'x-client-ip',
  userAgent: 'x-user-agent',
} as const;

/** Long enough for any real browser or client; a longer one is cut, not refused. */
export const MAX_USER_AGENT_LENGTH = 512;

/** The actor as AMQP headers; absent parts are left out. */
export function actorHeaders(actor: AuditActor): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(ACTOR_HEADERS) as (keyof typeof ACTOR_HEADERS)[]).flatMap((part) => {
      const value = actor[part];
      return value === null ? [] : [[ACTOR_HEADERS[part], value]];
    }),
  );
}
