import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in for people (seeds 002 and 004): an Argon2id `password_hash` on users (null: the user
 * cannot sign in, as for users made for machines), and server-side sessions. A session is known
 * by the SHA-256 of its cookie's 256-bit random token (a fast hash suffices for random secrets, as
 * for API keys), expires absolutely (`expires_at`) and when idle (`last_activity_at`), and is
 * revoked on sign-out; a deleted user's sessions stop at once (the lookup joins live users) and
 * are revoked by the deletion.
 */
export class SignIn1733600000000 implements MigrationInterface {
  name = 'SignIn1733600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN password_hash VARCHAR(255)`);
    await db.query(`
      CREATE TABLE sessions (
        id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash CHAR(64) NOT NULL UNIQUE,
        ip_address INET,
        user_agent TEXT,
        created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        last_activity_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        expires_at TIMESTAMPTZ NOT NULL,
        revoked_at TIMESTAMPTZ
      )`);
    await db.query(`CREATE INDEX idx_sessions_user_live ON sessions(user_id) WHERE revoked_at IS NULL`);
    await db.query(`CREATE INDEX idx_sessions_expires ON sessions(expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE sessions`);
    await db.query(`ALTER TABLE users DROP COLUMN password_hash`);
  }
}
