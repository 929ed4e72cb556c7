import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import { Request } from 'express';
import { PUBLIC } from './access-policy';
import { RequestAccess } from './request-access';

/**
 * One request budget per API key across all routes; requests without a valid key share their
 * IP's budget, so guessing keys is limited too. Public routes are not limited.
 */
@Injectable()
export class KeyThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly access: RequestAccess,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http' || this.access.requirement(context) === PUBLIC;
  }

  protected override async getTracker(request: Record<string, any>): Promise<string> {
    const principal = await this.access.principalOf(request as Request);
    return principal ? (principal.keyId ? `key:${principal.keyId}` : `session:${principal.sessionId}`) : `ip:${await super.getTracker(request)}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }
}
