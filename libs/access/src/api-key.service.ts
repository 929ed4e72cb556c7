import { AuditActor, AuditWriter } from '@jobstream/audit';
import { JobstreamError } from '@jobstream/domain';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { apiKeyPrefix, generateApiKey, hashApiKey, sameHash } from './api-key-secret';
import { permissionsOf, Principal, ROLE_COLUMNS, roleJoins } from './permissions';
import { PrincipalCache } from './principal-cache';

/** A key as listings show it: never its secret, which is not stored. */
export interface ApiKeyView {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
}

/** The answer to issuing a key: the only time its secret is shown. */
export interface IssuedApiKey extends ApiKeyView {
  key: string;
}

export interface IssueApiKey {
  userId: string;
  name: string;
  expiresAt?: Date;
}

const VIEW_COLUMNS = `id, user_id AS "userId", name, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt",
  revoked_at AS "revokedAt", expires_at AS "expiresAt"`;

/** A live key of a live user with the user's roles and their permissions (lists of lists, flattened below). */
const LOOKUP = `
  SELECT k.id, k.user_id, k.key_hash, k.expires_at, ${ROLE_COLUMNS}
    FROM api_keys k
    JOIN users u ON u.id = k.user_id AND u.deleted_at IS NULL
    ${roleJoins('k.user_id')}
   WHERE k.prefix = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > NOW())
   GROUP BY k.id`;

interface LookupRow {
  id: string;
  user_id: string;
  key_hash: string;
  expires_at: Date | null;
  roles: string[];
  permissions: string[][];
}

/**
 * Issues, lists, revokes and authenticates API keys; a key acts with its user's roles, and
 * stops working when its user is deleted. Issuing and revoking are audited in their transaction.
 */
@Injectable()
export class ApiKeyService {
  constructor(
    private readonly db: DataSource,
    private readonly cache: PrincipalCache,
    private readonly audit: AuditWriter,
  ) {}

  async issue(command: IssueApiKey, actor: AuditActor): Promise<IssuedApiKey> {
    if (command.expiresAt && command.expiresAt.getTime() <= Date.now()) {
      throw JobstreamError.invalid('expiresAt', 'expiresAt must be in the future');
    }
    const secret = generateApiKey();
    return this.db.transaction(async (manager) => {
      const [view] = await manager.query<ApiKeyView[]>(
        `INSERT INTO api_keys (user_id, name, prefix, key_hash, expires_at)
           SELECT id, $2, $3, $4, $5 FROM users WHERE id = $1 AND deleted_at IS NULL
         RETURNING ${VIEW_COLUMNS}`,
        [command.userId, command.name, secret.prefix, secret.hash, command.expiresAt ?? null],
      );
      if (!view) throw JobstreamError.invalid('userId', `user ${command.userId} does not exist or is deleted`);
      await this.record('api-key.issue', undefined, view, actor, manager);
      return { ...view, key: secret.key };
    });
  }

  list(filter: { userId?: string } = {}): Promise<ApiKeyView[]> {
    return this.db.query(
      `SELECT ${VIEW_COLUMNS} FROM api_keys WHERE $1::uuid IS NULL OR user_id = $1 ORDER BY created_at, id`,
      [filter.userId ?? null],
    );
  }

  /** Idempotent: revoking a revoked key keeps its first revocation time (and records nothing). */
  async revoke(id: string, actor: AuditActor): Promise<void> {
    await this.db.transaction(async (manager) => {
      const [before] = await manager.query<ApiKeyView[]>(`SELECT ${VIEW_COLUMNS} FROM api_keys WHERE id = $1 FOR UPDATE`, [id]);
      if (!before) throw JobstreamError.notFound('api key', id);
      if (before.revokedAt) return;
      const [[after]] = await manager.query(`UPDATE api_keys SET revoked_at = NOW() WHERE id = $1 RETURNING ${VIEW_COLUMNS}`, [id]);
      await this.record('api-key.revoke', before, after, actor, manager);
    });
    this.cache.evict((principal) => principal.keyId === id);
  }

  /** Forgets the cached keys of a user, e.g. one just deleted, so this gateway refuses them at once. */
  forgetUser(userId: string): void {
    this.cache.evict((principal) => principal.userId === userId);
  }

  private record(action: string, before: ApiKeyView | undefined, after: ApiKeyView, actor: AuditActor, manager: EntityManager): Promise<void> {
    return this.audit.record({ action, entityType: 'api-key', entityId: after.id, before, after }, actor, manager);
  }

  /** The caller behind a presented key, or undefined for a malformed, unknown, revoked or expired one. */
  async authenticate(key: string): Promise<Principal | undefined> {
    const prefix = apiKeyPrefix(key);
    if (!prefix) return undefined;
    const hash = hashApiKey(key);
    const cached = this.cache.get(hash);
    if (cached) return cached;
    const [row] = await this.db.query<LookupRow[]>(LOOKUP, [prefix]);
    if (!row || !sameHash(hash, row.key_hash)) return undefined;
    // Once per cache period, not per request: last_used_at is accurate to API_KEY_CACHE_MS.
    await this.db.query(`UPDATE api_keys SET last_used_at = NOW() WHERE id = $1`, [row.id]);
    const principal: Principal = {
      userId: row.user_id,
      keyId: row.id,
      roles: row.roles,
      permissions: permissionsOf(row.permissions),
    };
    this.cache.set(hash, principal, row.expires_at);
    return principal;
  }
}
