import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const PREFIX_BYTES = 6;
const SECRET_BYTES = 32;
const FORMAT = /^jsk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** A new key: `jsk_` + a public prefix (12 hex) + `_` + 256 random bits (base64url). */
export interface NewApiKeySecret {
  key: string;
  prefix: string;
  hash: string;
}

/** SHA-256 in hex; why a fast hash is right for random keys: see the access-control migration. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(): NewApiKeySecret {
  const prefix = randomBytes(PREFIX_BYTES).toString('hex');
  const key = `jsk_${prefix}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The prefix of a well-formed key, to find its row; undefined for anything else. */
export function apiKeyPrefix(key: string): string | undefined {
  return FORMAT.exec(key)?.[1];
}

/** Compares in constant time, so response times say nothing about how close a guess was. */
export function sameHash(presentedHash: string, storedHash: string): boolean {
  const presented = Buffer.from(presentedHash, 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
