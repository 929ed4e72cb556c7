import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { requiredPermission, Requirement } from './access-policy';
import { ApiKeyService } from './api-key.service';
import { REQUIREMENT } from './decorators';
import { Principal } from './permissions';
import { SessionsService } from './sessions.service';

/** The session cookie's name; its value is the session token. */
export const SESSION_COOKIE = 'jobstream_session';

/** The session token a request's cookie carries (cookie-parser fills `cookies`). */
export function sessionTokenOf(request: Request): string | undefined {
  const token: unknown = (request as Request & { cookies?: Record<string, unknown> }).cookies?.[SESSION_COOKIE];
  return typeof token === 'string' && token.length > 0 ? token : undefined;
}

/** The key a request presents: `Authorization: Bearer <key>`, else `X-API-Key: <key>`. */
export function presentedKey(request: Request): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  const header = request.headers['x-api-key'];
  return bearer ?? (typeof header === 'string' && header.length > 0 ? header : undefined);
}

/** What the access and rate-limit guards both ask of a request, answered once. */
@Injectable()
export class RequestAccess {
  private readonly principals = new WeakMap<Request, Promise<Principal | undefined>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
    private readonly sessions: SessionsService,
  ) {}

  requirement(context: ExecutionContext): Requirement {
    const declared = this.reflector.getAllAndOverride<Requirement | undefined>(REQUIREMENT, [context.getHandler(), context.getClass()]);
    return requiredPermission(context.switchToHttp().getRequest<Request>(), declared);
  }

  /** Looked up once per request, whichever guard asks first: the API key if one is presented, else the session cookie. */
  principalOf(request: Request): Promise<Principal | undefined> {
    let principal = this.principals.get(request);
    if (!principal) {
      const key = presentedKey(request);
      const session = sessionTokenOf(request);
      principal = key ? this.keys.authenticate(key) : session ? this.sessions.authenticate(session) : Promise.resolve(undefined);
      this.principals.set(request, principal);
    }
    return principal;
  }
}
