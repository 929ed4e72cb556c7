import { apiKeyPrefix, generateApiKey, hashApiKey, sameHash } from './api-key-secret';

describe('API key secrets', () => {
  it('are jsk_<prefix>_<256 random bits> and hash to what is stored', () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^jsk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyPrefix(key)).toBe(prefix);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sameHash(hashApiKey(key), hash)).toBe(true);
    expect(generateApiKey().key).not.toBe(key);
  });

  it('refuse anything else before it reaches the database', () => {
    const { key, hash } = generateApiKey();
    expect(apiKeyPrefix(`${key}x`)).toBeUndefined();
    expect(apiKeyPrefix('Bearer nope')).toBeUndefined();
    const oneCharOff = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect(sameHash(hashApiKey(oneCharOff), hash)).toBe(false);
    expect(sameHash('', hash)).toBe(false);
  });
});
