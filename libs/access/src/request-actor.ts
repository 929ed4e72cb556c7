import { AuditActor, MAX_USER_AGENT_LENGTH } from '@jobstream/audit';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';
import { AuthenticatedRequest } from './decorators';

/** `::ffff:10.1.2.3`, how a dual-stack socket reports an IPv4 client, is stored as `10.1.2.3`. */
const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * Who is making an HTTP request, for the audit trail: the API key's user, the client's address
 * (Express's `request.ip`: the socket's peer, as the gateway trusts no forwarding header), the
 * user agent and the request's correlation id.
 */
export function requestActor(request: Request & AuthenticatedRequest & { id?: unknown }): AuditActor {
  // A link-local IPv6 peer comes with its zone (`fe80::1%eth0`), which inet refuses; the zone is the gateway host's own.
  const ip = request.ip?.replace(/%.*$/, '');
  const userAgent = request.headers['user-agent'];
  return {
    userId: request.principal?.userId ?? null,
    ipAddress: ip ? (IPV4_MAPPED.exec(ip)?.[1] ?? ip) : null,
    userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT_LENGTH) : null,
    requestId: typeof request.id === 'string' ? request.id : null,
  };
}

/** A write handler's parameter: the actor the change is recorded with (see `requestActor`). */
export const RequestActor = createParamDecorator((_: unknown, context: ExecutionContext): AuditActor =>
  requestActor(context.switchToHttp().getRequest()),
);
