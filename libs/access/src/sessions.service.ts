import { AuditActor, AuditWriter } from '@jobstream/audit';
import { JobstreamError } from '@jobstream/domain';
import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { permissionsOf, Principal, ROLE_COLUMNS, roleJoins } from './permissions';

/** How long sessions live: absolutely, and without a request. */
export interface SessionLifetimes {
  ttlMs: number;
  idleMs: number;
}

/** What a signed-in person's page needs: who, what they may do, the CSRF token for writes. */
export interface SessionView {
  user: { id: string; email: string; name: string };
  roles: string[];
  permissions: string[];
  csrfToken: string;
  expiresAt: string;
}

export interface SignedIn extends SessionView {
  /** The cookie's value; never stored, only its hash. */
  token: string;
}

/** Passwords people can remember but not guess: 12 to 256 characters (Argon2 hashes any length; the cap bounds its work). */
export const PASSWORD_LENGTH = { min: 12, max: 256 } as const;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The CSRF token of a session: an HMAC of its cookie token, so it needs no storage, and a page
 * can only learn it from our own same-origin answers (the cookie itself is HttpOnly).
 */
export const csrfTokenOf = (token: string) => createHmac('sha256', token).update('jobstream-csrf').digest('base64url');

export function sameCsrfToken(token: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(token));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A hash to verify against when the email is unknown, so a wrong email takes as long as a wrong password. */
const DUMMY_HASH = hash('jobstream-no-such-user');

const LOOKUP = `
  SELECT s.id, s.user_id, s.expires_at, s.last_activity_at < NOW() - interval '60 seconds' AS stale, u.email, u.name, ${ROLE_COLUMNS}
    FROM sessions s
    JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL
    ${roleJoins('s.user_id')}
   WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > NOW()
     AND s.last_activity_at > NOW() - make_interval(secs => $2::double precision / 1000)
   GROUP BY s.id, u.id`;

interface LookupRow {
  id: string;
  user_id: string;
  expires_at: Date;
  stale: boolean;
  email: string;
  name: string;
  roles: string[];
  permissions: string[][];
}

/** A session's principal with what its page shows. */
export type SessionPrincipal = Principal & { sessionId: string; view: SessionView };

/**
 * Sign-in for people: email and password (Argon2id, @node-rs/argon2) open a server-side session
 * that acts with the user's roles, exactly as an API key of the user would. Sign-in, sign-out and
 * password changes are audited.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditWriter,
    private readonly lifetimes: SessionLifetimes,
  ) {}

  /** Undefined for a wrong email or password (never which of the two). */
  async signIn(email: string, password: string, actor: AuditActor): Promise<SignedIn | undefined> {
    const [user]: { id: string; password_hash: string | null }[] = await this.db.query(
      `SELECT id, password_hash FROM users WHERE lower(email) = lower($1) AND deleted_at IS NULL`,
      [email],
    );
    const ok = await verify(user?.password_hash ?? (await DUMMY_HASH), password).catch(() => false);
    if (!user?.password_hash || !ok) return undefined;
    const token = randomBytes(32).toString('base64url');
    await this.db.transaction(async (manager) => {
      const [session] = await manager.query(
        `INSERT INTO sessions (user_id, token_hash, ip_address, user_agent, expires_at)
         VALUES ($1, $2, $3, $4, NOW() + make_interval(secs => $5::double precision / 1000)) RETURNING id, expires_at AS "expiresAt"`,
        [user.id, tokenHash(token), actor.ipAddress, actor.userAgent, this.lifetimes.ttlMs],
      );
      await this.record('session.sign-in', session.id, { after: session }, { ...actor, userId: user.id }, manager);
    });
    const principal = await this.authenticate(token);
    return principal && { ...principal.view, token };
  }

  /** The live session of a cookie token, or undefined (unknown, expired, idle too long, revoked, user deleted). */
  async authenticate(token: string): Promise<SessionPrincipal | undefined> {
    const [row]: LookupRow[] = await this.db.query(LOOKUP, [tokenHash(token), this.lifetimes.idleMs]);
    if (!row) return undefined;
    // Once a minute at most, not per request: the idle bound is accurate to that.
    if (row.stale) await this.db.query(`UPDATE sessions SET last_activity_at = NOW() WHERE id = $1`, [row.id]);
    const permissions = permissionsOf(row.permissions);
    return {
      userId: row.user_id,
      sessionId: row.id,
      roles: row.roles,
      permissions,
      view: {
        user: { id: row.user_id, email: row.email, name: row.name },
        roles: row.roles,
        permissions,
        csrfToken: csrfTokenOf(token),
        expiresAt: row.expires_at.toISOString(),
      },
    };
  }

  /** Idempotent: an unknown or ended session is simply gone. */
  async signOut(token: string, actor: AuditActor): Promise<void> {
    await this.db.transaction(async (manager) => {
      const [[session]] = await manager.query(`UPDATE sessions SET revoked_at = NOW() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING id`, [
        tokenHash(token),
      ]);
      if (session) await this.record('session.sign-out', session.id, {}, actor, manager);
    });
  }

  /** Sets (or replaces) a user's password and ends their sessions, so a leaked password stops working everywhere. */
  async setPassword(userId: string, password: string, actor: AuditActor): Promise<void> {
    if (password.length < PASSWORD_LENGTH.min || password.length > PASSWORD_LENGTH.max) {
      throw JobstreamError.invalid('password', `password must be ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters`);
    }
    const passwordHash = await hash(password);
    await this.db.transaction(async (manager) => {
      const [, updated] = await manager.query(`UPDATE users SET password_hash = $2 WHERE id = $1 AND deleted_at IS NULL`, [userId, passwordHash]);
      if (!updated) throw JobstreamError.notFound('user', userId);
      await manager.query(`UPDATE sessions SET revoked_at = NOW() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
      await this.record('user.set-password', userId, {}, actor, manager, 'user');
    });
  }

  private record(action: string, id: string, states: { before?: unknown; after?: unknown }, actor: AuditActor, manager: EntityManager, entityType = 'session') {
    return this.audit.record({ action, entityType, entityId: id, ...states }, actor, manager);
  }
}
