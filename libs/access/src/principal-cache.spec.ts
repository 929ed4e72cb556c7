import { Principal } from './permissions';
import { PrincipalCache } from './principal-cache';

const principal: Principal = { userId: 'u1', keyId: 'k1', roles: ['viewer'], permissions: ['read'] };

describe('PrincipalCache', () => {
  it('keeps a lookup for its ttl, never past the key expiry', () => {
    const cache = new PrincipalCache(1_000);
    cache.set('a', principal, null, 0);
    cache.set('b', principal, new Date(300), 0);
    expect(cache.get('a', 999)).toBe(principal);
    expect(cache.get('a', 1_000)).toBeUndefined();
    expect(cache.get('b', 299)).toBe(principal);
    expect(cache.get('b', 300)).toBeUndefined();
  });

  it('evicts at once on revocation or a role change', () => {
    const cache = new PrincipalCache(1_000);
    cache.set('a', principal, null, 0);
    cache.set('b', { ...principal, keyId: 'k2', userId: 'u2' }, null, 0);
    cache.evict((p) => p.keyId === 'k1');
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('b', 1)).toBeDefined();
  });

  it('keeps nothing with a ttl of 0', () => {
    const cache = new PrincipalCache(0);
    cache.set('a', principal, null, 0);
    expect(cache.get('a', 0)).toBeUndefined();
  });
});
