import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { ApiKeyService, PrincipalCache, ROLE_NAMES, RoleName, RolesService } from '@jobstream/access';
import { OwnerCommandsService } from '@jobstream/commands';
import { OutboxWriter, UserEntity } from '@jobstream/persistence';
import { isEmail, isUUID } from 'class-validator';
import { parseArgs } from 'node:util';
import { DataSource, IsNull } from 'typeorm';
import { Command, OK, UsageError, withStores } from './command';

/** A live user with this email (created if missing, through the owner commands like POST /users) who has `role`. */
export async function ensureUserWithRole(db: DataSource, { email, name, role }: { email?: string; name?: string; role?: string }) {
  if (!email || !isEmail(email)) throw new UsageError('--email must be an email address');
  if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLE_NAMES.join(', ')}`);
  const user =
    (await db.manager.findOneBy(UserEntity, { email, deletedAt: IsNull() })) ??
    (await new OwnerCommandsService(db, new OutboxWriter(), new AuditWriter()).createUser({ email, name: name ?? email.split('@')[0] }, SYSTEM_ACTOR));
  const { roles } = await new RolesService(db, new PrincipalCache(0), new AuditWriter()).assign({ userId: user.id, roles: [role], replace: false }, SYSTEM_ACTOR);
  return { user, roles };
}

const isRole = (role: string | undefined): role is RoleName => ROLE_NAMES.includes(role as RoleName);

/**
 * `api-keys create`: the first admin key, which the API cannot give (it needs a key). Creates
 * the user if missing (through the owner commands, like POST /users), adds the role, and
 * prints the key on stdout, once; `api-keys revoke --id ID` revokes one.
 */
export const apiKeys: Command = async ([action, ...args], config) => {
  if (action === 'create') return create(args, config);
  if (action === 'revoke') return revoke(args, config);
  throw new UsageError('api-keys takes create or revoke');
};

const create: Command = async (args, config) => {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'admin' },
      'key-name': { type: 'string', default: 'cli' },
    },
  });
  const { email, role } = values;
  return withStores(config, async (db) => {
    const { user, roles } = await ensureUserWithRole(db, { email, name: values.name, role });
    const issued = await new ApiKeyService(db, new PrincipalCache(0), new AuditWriter()).issue({ userId: user.id, name: values['key-name'] }, SYSTEM_ACTOR);
    console.error(`api key ${issued.id} (jsk_${issued.prefix}_...) for ${email}, roles: ${roles.join(', ')}; shown once:`);
    console.log(issued.key);
    return OK;
  });
};

const revoke: Command = async (args, config) => {
  const { values } = parseArgs({ args, options: { id: { type: 'string' } } });
  if (!values.id || !isUUID(values.id)) throw new UsageError('--id must be an api key id');
  const id = values.id;
  return withStores(config, async (db) => {
    await new ApiKeyService(db, new PrincipalCache(0), new AuditWriter()).revoke(id, SYSTEM_ACTOR);
    console.log(`revoked api key ${id}`);
    return OK;
  });
};
