import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ANONYMOUS, PUBLIC, Requirement } from './access-policy';
import { Permission, Principal } from './permissions';

export const REQUIREMENT = Symbol('access:requirement');

/** Answers without a key and is not rate limited (probes must never see 401 or 429). */
export const Public = () => SetMetadata(REQUIREMENT, PUBLIC satisfies Requirement);

/** Answers without a key, rate limited by IP like a request with a bad key. */
export const Anonymous = () => SetMetadata(REQUIREMENT, ANONYMOUS satisfies Requirement);

/** Overrides the default rule of `requiredPermission` for one handler or controller. */
export const RequirePermission = (permission: Permission) => SetMetadata(REQUIREMENT, permission satisfies Requirement);

/** Where AccessGuard leaves the caller for handlers. */
export interface AuthenticatedRequest {
  principal?: Principal;
}

/** The authenticated caller; undefined on public routes. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
