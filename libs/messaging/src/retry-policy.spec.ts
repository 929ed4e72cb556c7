import { assertDelayLevels, defaultRetryPolicy } from './retry-policy';

describe('RetryPolicy', () => {
  it('backs off from 1 s, doubling, to 15 s, every wait one of its levels', () => {
    const policy = defaultRetryPolicy();

    const delays = [1, 2, 3, 4, 5, 6, 44].map((attempt) => policy.delayMs(attempt));

    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
    expect(policy.delayLevelsMs).toEqual([1_000, 2_000, 4_000, 8_000, 15_000]);
    expect(() => assertDelayLevels(policy)).not.toThrow();
  });

  it('parks permanent failures after 3 attempts and transient ones after 45', () => {
    const policy = defaultRetryPolicy();

    expect([policy.maxAttempts(true), policy.maxAttempts(false)]).toEqual([3, 45]);
  });

  it('waits the levels it is given, the last one from then on', () => {
    const policy = defaultRetryPolicy({ delayLevelsMs: [500, 60_000], maxAttempts: () => 5 });

    expect([1, 2, 3, 4].map((attempt) => policy.delayMs(attempt))).toEqual([500, 60_000, 60_000, 60_000]);
    expect(() => assertDelayLevels(policy)).not.toThrow();
  });

  it('refuses a policy that asks for a wait it has no level (no queue) for', () => {
    const policy = { ...defaultRetryPolicy(), delayMs: (attempt: number) => 1_000 * attempt };

    expect(() => assertDelayLevels(policy)).toThrow(/delayMs\(3\) is 3000/);
  });
});
