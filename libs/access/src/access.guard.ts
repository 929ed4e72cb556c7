import { JobstreamError } from '@jobstream/domain';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Request, Response } from 'express';
import { isOpen, READ_METHODS } from './access-policy';
import { AuthenticatedRequest } from './decorators';
import { hasPermission } from './permissions';
import { presentedKey, RequestAccess, sessionTokenOf } from './request-access';
import { sameCsrfToken } from './sessions.service';

/**
 * Global: every HTTP route needs a valid API key or session (401 otherwise) whose roles grant the
 * route's permission (403 otherwise), by the rule of `requiredPermission` unless the route says
 * more. A write on a session must carry the session's CSRF token (X-CSRF-Token): the browser
 * sends the cookie on any site's request, only our own pages know the token.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly access: RequestAccess) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // AMQP handlers of a hybrid app are reached by trusted services, not by API keys.
    if (context.getType() !== 'http') return true;
    const required = this.access.requirement(context);
    if (isOpen(required)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request & AuthenticatedRequest>();
    const principal = await this.access.principalOf(request);
    if (!principal) {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
      throw new JobstreamError(
        'UNAUTHENTICATED',
        presentedKey(request)
          ? 'invalid, revoked or expired API key'
          : sessionTokenOf(request)
            ? 'the session has ended (expired, signed out or revoked): sign in again'
            : 'an API key (Authorization: Bearer <key> or X-API-Key) or a session is required',
      );
    }
    if (principal.sessionId && !READ_METHODS.has(request.method.toUpperCase()) && !sameCsrfToken(sessionTokenOf(request)!, request.headers['x-csrf-token'])) {
      throw new JobstreamError('FORBIDDEN', 'a write on a session needs its CSRF token in X-CSRF-Token');
    }
    if (!hasPermission(principal.permissions, required)) {
      throw new JobstreamError('FORBIDDEN', `${required} is not granted to roles [${principal.roles.join(', ')}]`);
    }
    request.principal = principal;
    return true;
  }
}
