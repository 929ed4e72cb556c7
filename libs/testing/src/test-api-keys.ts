import { AuditWriter, SYSTEM_ACTOR } from '@jobstream/audit';
import { ApiKeyService, PrincipalCache, RoleName, RolesService, SessionsService } from '@jobstream/access';
import { OwnerCommandsService } from '@jobstream/commands';
import { OutboxWriter } from '@jobstream/persistence';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface TestApiKey {
  key: string;
  keyId: string;
  userId: string;
}

/**
 * An API key for the gateway of a test environment, issued straight in its database: a new
 * user (`<role>-<random>@example.com`) with the role, as an operator would with the CLI.
 */
export async function issueTestApiKey(db: DataSource, role: RoleName = 'admin'): Promise<TestApiKey> {
  const email = `${role}-${randomBytes(4).toString('hex')}@example.com`;
  const user = await new OwnerCommandsService(db, new OutboxWriter(), new AuditWriter()).createUser({ email, name: `Test ${role}` }, SYSTEM_ACTOR);
  const cache = new PrincipalCache(0);
  await new RolesService(db, cache, new AuditWriter()).assign({ userId: user.id, roles: [role], replace: false }, SYSTEM_ACTOR);
  const issued = await new ApiKeyService(db, cache, new AuditWriter()).issue({ userId: user.id, name: `test ${role}` }, SYSTEM_ACTOR);
  return { key: issued.key, keyId: issued.id, userId: user.id };
}

export interface TestPerson {
  email: string;
  password: string;
  userId: string;
}

/** A person who can sign in to the dashboard: a new user with the role and a password, set as an operator would with the CLI. */
export async function createTestPerson(db: DataSource, role: RoleName = 'admin'): Promise<TestPerson> {
  const email = `${role}-${randomBytes(4).toString('hex')}@example.com`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  const user = await new OwnerCommandsService(db, new OutboxWriter(), new AuditWriter()).createUser({ email, name: `Test ${role}` }, SYSTEM_ACTOR);
  await new RolesService(db, new PrincipalCache(0), new AuditWriter()).assign({ userId: user.id, roles: [role], replace: false }, SYSTEM_ACTOR);
  await new SessionsService(db, new AuditWriter(), { ttlMs: 0, idleMs: 0 }).setPassword(user.id, password, SYSTEM_ACTOR);
  return { email, password, userId: user.id };
}
