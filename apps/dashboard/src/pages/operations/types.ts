/**
 * The gateway's answers this page reads, derived from the libs that define them (type-only
 * imports, erased by the build); dates arrive as ISO strings (Json).
 */
import type { ApiKeyView, IssuedApiKey as IssuedApiKeyOf, RoleName, UserRoles as UserRolesOf } from '@jobstream/access';
import type { DeadLetter } from '@jobstream/messaging';
import type { OperationsOverview } from '@jobstream/operations';
import type { BackgroundTaskEntity, TaskStatus as TaskStatusOf, TaskType as TaskTypeOf, UserEntity } from '@jobstream/persistence';
import type { Json } from '../../types';

export type Overview = Json<OperationsOverview>;
export type DeadLetterList = { queue: string; items: Json<DeadLetter>[] };
export type TaskType = TaskTypeOf;
export type TaskStatus = TaskStatusOf;
export type Task = Json<BackgroundTaskEntity>;
export type User = Json<UserEntity>;
export type UserRoles = Json<UserRolesOf>;
export type ApiKey = Json<ApiKeyView>;
export type IssuedApiKey = Json<IssuedApiKeyOf>;

/** libs/access's ROLE_NAMES (that lib is the server's; the list is checked against its type). */
export const ROLE_NAMES = ['viewer', 'writer', 'admin'] as const satisfies readonly RoleName[];
