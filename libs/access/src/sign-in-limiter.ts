import { JobstreamError } from '@jobstream/domain';

/**
 * Failed sign-ins per client address in a fixed window: past the limit, sign-ins from that
 * address are refused (429) until the window ends, so passwords cannot be guessed at speed while
 * people who type theirs right are never slowed. Per process, like the API's rate limit; by hand
 * because the throttler counts every request, and only failures should count here.
 */
export class SignInLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Throws RATE_LIMITED while `address` is over the limit. */
  check(address: string | null, now = Date.now()): void {
    const entry = this.failures.get(address ?? '');
    if (entry && entry.resetAt > now && entry.count >= this.limit) {
      throw new JobstreamError('RATE_LIMITED', `too many failed sign-ins from this address; try again in ${Math.ceil((entry.resetAt - now) / 1000)} s`);
    }
  }

  failed(address: string | null, now = Date.now()): void {
    const key = address ?? '';
    const entry = this.failures.get(key);
    if (!entry || entry.resetAt <= now) {
      // Expired windows go when a new failure comes, so the map holds only recent addresses.
      for (const [other, { resetAt }] of this.failures) if (resetAt <= now) this.failures.delete(other);
      this.failures.set(key, { count: 1, resetAt: now + this.windowMs });
    } else {
      entry.count++;
    }
  }
}
