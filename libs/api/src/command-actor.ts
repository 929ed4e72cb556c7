import { ACTOR_HEADERS, AuditActor, MAX_USER_AGENT_LENGTH } from '@jobstream/audit';
import { CORRELATION_HEADER, isValidCorrelationId } from '@jobstream/logging';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { RmqContext } from '@nestjs/microservices';
import { ConsumeMessage } from 'amqplib';
import { isUUID } from 'class-validator';
import { isIP } from 'node:net';

type Headers = Record<string, unknown> | undefined;

/**
 * A header is informational: what PostgreSQL cannot store (NUL, a lone surrogate, also one the
 * cut left) is mended rather than failing the command.
 */
const storable = (text: string) => text.replaceAll('\u0000', '').toWellFormed();

/**
 * The address PostgreSQL's inet can hold: Node reads a link-local IPv6 with its zone
 * (`fe80::1%eth0`), which inet refuses, so the zone, local to the sender's host, is left out.
 */
const storableIp = (ip: unknown) => (typeof ip === 'string' && isIP(ip) ? ip.replace(/%.*$/, '') : null);

/**
 * The actor of an AMQP command from its headers (see ACTOR_HEADERS): what a part's header does
 * not carry in a valid form is null, so a command from an internal client without headers is
 * recorded as the system's. The request id is the `x-correlation-id` header, else the command's
 * `correlationId`.
 */
export function actorOf(headers: Headers, command?: { correlationId?: unknown }): AuditActor {
  const header = (name: string) => headers?.[name];
  const userId = header(ACTOR_HEADERS.userId);
  const ipAddress = header(ACTOR_HEADERS.ipAddress);
  const userAgent = header(ACTOR_HEADERS.userAgent);
  return {
    userId: typeof userId === 'string' && isUUID(userId) ? userId.toLowerCase() : null,
    ipAddress: storableIp(ipAddress),
    userAgent: typeof userAgent === 'string' && userAgent.length > 0 ? storable(userAgent.slice(0, MAX_USER_AGENT_LENGTH)) : null,
    requestId: [header(CORRELATION_HEADER), command?.correlationId].find(isValidCorrelationId) ?? null,
  };
}

/** A command handler's parameter: who sent the command (see `actorOf`). */
export const CommandActor = createParamDecorator((_: unknown, context: ExecutionContext): AuditActor => {
  const rpc = context.switchToRpc();
  const message = rpc.getContext<RmqContext>().getMessage() as ConsumeMessage;
  return actorOf(message.properties.headers, rpc.getData());
});
