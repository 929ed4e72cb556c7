import { JobstreamError } from '@jobstream/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { apiKeyPrefix, generateApiKey, hashApiKey, sameHash } from './api-key-secret';
import { Principal } from './permissions';
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

/** A live key with its user's roles and their permissions (lists of lists, flattened below). */
const LOOKUP = `
  SELECT k.id, k.user_id, k.key_hash, k.expires_at,
         COALESCE(json_agg(r.name ORDER BY r.name) FILTER (WHERE r.id IS NOT NULL), '[]') AS roles,
         COALESCE(json_agg(r.permissions) FILTER (WHERE r.id IS NOT NULL), '[]') AS permissions
    FROM api_keys k
    LEFT JOIN user_roles ur ON ur.user_id = k.user_id
    LEFT JOIN roles r ON r.id = ur.role_id
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

/** Issues, lists, revokes and authenticates API keys; a key acts with its user's roles. */
@Injectable()
export class ApiKeyService {
  constructor(
    private readonly db: DataSource,
    private readonly cache: PrincipalCache,
  ) {}

  async issue(command: IssueApiKey): Promise<IssuedApiKey> {
    if (command.expiresAt && command.expiresAt.getTime() <= Date.now()) {
      throw JobstreamError.invalid('expiresAt', 'expiresAt must be in the future');
    }
    const secret = generateApiKey();
    const [view] = await this.db.query<ApiKeyView[]>(
      `INSERT INTO api_keys (user_id, name, prefix, key_hash, expires_at)
         SELECT id, $2, $3, $4, $5 FROM users WHERE id = $1
       RETURNING ${VIEW_COLUMNS}`,
      [command.userId, command.name, secret.prefix, secret.hash, command.expiresAt ?? null],
    );
    if (!view) throw JobstreamError.invalid('userId', `user ${command.userId} does not exist`);
    return { ...view, key: secret.key };
  }

  list(filter: { userId?: string } = {}): Promise<ApiKeyView[]> {
    return this.db.query(
      `SELECT ${VIEW_COLUMNS} FROM api_keys WHERE $1::uuid IS NULL OR user_id = $1 ORDER BY created_at, id`,
      [filter.userId ?? null],
    );
  }

  /** Idempotent: revoking a revoked key keeps its first revocation time. */
  async revoke(id: string): Promise<void> {
    const [rows] = await this.db.query(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, NOW()) WHERE id = $1 RETURNING id`,
      [id],
    );
    if (rows.length === 0) throw JobstreamError.notFound('api key', id);
    this.cache.evict((principal) => principal.keyId === id);
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
      permissions: [...new Set(row.permissions.flat())].sort(),
    };
    this.cache.set(hash, principal, row.expires_at);
    return principal;
  }
}
