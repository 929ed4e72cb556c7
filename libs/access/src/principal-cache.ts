import { Principal } from './permissions';

interface Entry {
  principal: Principal;
  expiresAt: number;
}

/**
 * Successful key lookups, kept for a short time so a busy key costs no query per request.
 * Revoking a key or changing roles through this process evicts at once; other gateway
 * processes see the change within `ttlMs` (API_KEY_CACHE_MS), the bound on revocation latency.
 * Only valid keys get here, so the size is bounded by the number of keys in use.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ttlMs: number) {}

  get(keyHash: string, now = Date.now()): Principal | undefined {
    const entry = this.entries.get(keyHash);
    if (entry && entry.expiresAt > now) return entry.principal;
    this.entries.delete(keyHash);
    return undefined;
  }

  /** Never past the key's own expiry. */
  set(keyHash: string, principal: Principal, keyExpiresAt: Date | null, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    const expiresAt = Math.min(now + this.ttlMs, keyExpiresAt?.getTime() ?? Infinity);
    this.entries.set(keyHash, { principal, expiresAt });
  }

  evict(matches: (principal: Principal) => boolean): void {
    for (const [hash, entry] of this.entries) if (matches(entry.principal)) this.entries.delete(hash);
  }
}
