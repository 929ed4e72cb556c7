import { JobstreamError } from '@jobstream/domain';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Request, Response } from 'express';
import { PUBLIC } from './access-policy';
import { AuthenticatedRequest } from './decorators';
import { hasPermission } from './permissions';
import { presentedKey, RequestAccess } from './request-access';

/**
 * Global: every HTTP route needs a valid API key (401 otherwise) whose roles grant the route's
 * permission (403 otherwise), by the rule of `requiredPermission` unless the route says more.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly access: RequestAccess) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // AMQP handlers of a hybrid app are reached by trusted services, not by API keys.
    if (context.getType() !== 'http') return true;
    const required = this.access.requirement(context);
    if (required === PUBLIC) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request & AuthenticatedRequest>();
    const principal = await this.access.principalOf(request);
    if (!principal) {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
      throw new JobstreamError(
        'UNAUTHENTICATED',
        presentedKey(request) ? 'invalid, revoked or expired API key' : 'an API key is required (Authorization: Bearer <key> or X-API-Key)',
      );
    }
    if (!hasPermission(principal.permissions, required)) {
      throw new JobstreamError('FORBIDDEN', `${required} is not granted to roles [${principal.roles.join(', ')}]`);
    }
    request.principal = principal;
    return true;
  }
}
