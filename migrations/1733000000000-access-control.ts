import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access control for the gateway: seed 004's roles and user_roles, seeded with the three roles
 * the gateway's policy knows, and API keys stored hashed.
 *
 * Permissions are the strings of libs/access (`read`, `write`, `users:manage`,
 * `api-keys:manage`); `*` grants every permission, including ones added later.
 */
export class AccessControl1733000000000 implements MigrationInterface {
  name = 'AccessControl1733000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE roles (
        id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        name VARCHAR(50) NOT NULL CONSTRAINT uq_roles_name UNIQUE,
        description TEXT,
        permissions JSONB NOT NULL DEFAULT '[]'::jsonb,
        created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
      )`);
    await db.query(`
      CREATE TRIGGER roles_updated_at BEFORE UPDATE ON roles
        FOR EACH ROW EXECUTE FUNCTION update_updated_at()`);
    await db.query(`
      INSERT INTO roles (name, description, permissions) VALUES
        ('viewer', 'Reads jobs and the model around them', '["read"]'),
        ('writer', 'Reads, and writes jobs, workspaces, images and build schedules', '["read", "write"]'),
        ('admin', 'Everything, including users, roles and API keys', '["*"]')`);

    // assigned_by keeps the assignment when the assigning admin goes away.
    await db.query(`
      CREATE TABLE user_roles (
        id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role_id UUID NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
        assigned_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        assigned_by UUID REFERENCES users(id) ON DELETE SET NULL,
        CONSTRAINT uq_user_roles_unique UNIQUE (user_id, role_id)
      )`);
    await db.query(`CREATE INDEX idx_user_roles_role ON user_roles(role_id)`);

    // A key is `jsk_<prefix>_<secret>`. The prefix is not secret: it finds the row and tells
    // keys apart in listings. key_hash is SHA-256 of the whole key: the secret is 256 random
    // bits, so a fast hash cannot be brute-forced, unlike a password that needs a slow KDF;
    // a slow hash would only cost CPU on every request.
    await db.query(`
      CREATE TABLE api_keys (
        id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name VARCHAR(100) NOT NULL,
        prefix VARCHAR(16) NOT NULL CONSTRAINT uq_api_keys_prefix UNIQUE,
        key_hash CHAR(64) NOT NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        last_used_at TIMESTAMPTZ,
        revoked_at TIMESTAMPTZ,
        expires_at TIMESTAMPTZ
      )`);
    await db.query(`CREATE INDEX idx_api_keys_user ON api_keys(user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE api_keys`);
    await db.query(`DROP TABLE user_roles`);
    await db.query(`DROP TABLE roles`);
  }
}
