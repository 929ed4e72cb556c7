import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { requiredPermission, Requirement } from './access-policy';
import { ApiKeyService } from './api-key.service';
import { REQUIREMENT } from './decorators';
import { Principal } from './permissions';

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
  ) {}

  requirement(context: ExecutionContext): Requirement {
    const declared = this.reflector.getAllAndOverride<Requirement | undefined>(REQUIREMENT, [context.getHandler(), context.getClass()]);
    return requiredPermission(context.switchToHttp().getRequest<Request>(), declared);
  }

  /** Looked up once per request, whichever guard asks first. */
  principalOf(request: Request): Promise<Principal | undefined> {
    let principal = this.principals.get(request);
    if (!principal) {
      const key = presentedKey(request);
      principal = key ? this.keys.authenticate(key) : Promise.resolve(undefined);
      this.principals.set(request, principal);
    }
    return principal;
  }
}
