import { JobstreamError } from '@jobstream/domain';
import { UserEntity } from '@jobstream/persistence';
import { EntityManager } from 'typeorm';

/**
 * The user a new row will belong to, held FOR SHARE until the caller commits: a concurrent
 * deletion waits, so it cannot miss what is being created. Unknown or deleted is a 400 on `userId`.
 */
export async function liveOwner(manager: EntityManager, userId: string): Promise<UserEntity> {
  const user = await manager.findOne(UserEntity, { where: { id: userId }, lock: { mode: 'pessimistic_read' } });
  if (!user) throw JobstreamError.invalid('userId', `user ${userId} does not exist`);
  if (user.deletedAt) throw JobstreamError.invalid('userId', `user ${userId} is deleted`);
  return user;
}
