import { SessionsService } from '@jobstream/access';
import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ensureUserWithRole } from './api-keys.command';
import { Command, OK, UsageError, withStores } from './command';

/**
 * `users set-password --email E [--name N] [--role R] [--generate]`: lets a person sign in to the
 * dashboard. Creates the user if missing and adds the role (default admin), like `api-keys
 * create`; the password comes from JOBSTREAM_PASSWORD (not an argument: arguments show in `ps`),
 * or with --generate is made up and printed once. The user's open sessions end.
 */
export const users: Command = async ([action, ...args], config) => {
  if (action !== 'set-password') throw new UsageError('users takes set-password');
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'admin' }, generate: { type: 'boolean', default: false } },
  });
  const password = values.generate ? randomBytes(12).toString('base64url') : process.env.JOBSTREAM_PASSWORD;
  if (!password) throw new UsageError('set JOBSTREAM_PASSWORD, or pass --generate');
  return withStores(config, async (db) => {
    const { user, roles } = await ensureUserWithRole(db, values);
    // Session lifetimes only matter to the gateway, which opens sessions.
    await new SessionsService(db, new AuditWriter(), { ttlMs: 0, idleMs: 0 }).setPassword(user.id, password, SYSTEM_ACTOR);
    console.error(`password set for ${user.email}, roles: ${roles.join(', ')}${values.generate ? '; shown once:' : ''}`);
    if (values.generate) console.log(password);
    return OK;
  });
};
