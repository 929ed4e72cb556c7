import { SignInLimiter } from './sign-in-limiter';

describe('SignInLimiter', () => {
  it('refuses an address after `limit` failures until its window ends, and no other address', () => {
    const limiter = new SignInLimiter(3, 60_000);
    for (let i = 0; i < 3; i++) limiter.failed('10.0.0.1', 1_000);

    expect(() => limiter.check('10.0.0.1', 2_000)).toThrow(/too many failed sign-ins/);
    expect(() => limiter.check('10.0.0.2', 2_000)).not.toThrow();
    expect(() => limiter.check('10.0.0.1', 61_001)).not.toThrow();
  });

  it('counts only failures: an address under the limit is never refused', () => {
    const limiter = new SignInLimiter(3, 60_000);
    limiter.failed('10.0.0.1', 0);
    limiter.failed('10.0.0.1', 0);

    expect(() => limiter.check('10.0.0.1', 0)).not.toThrow();
  });
});
