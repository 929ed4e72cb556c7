import { JobstreamError } from '@jobstream/domain';
import { etagOf, ifMatchVersion, parseIfMatch } from './etag';

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as JobstreamError;
  }
  throw new Error('expected a failure');
};

describe('ETag and If-Match', () => {
  it('round-trips a version', () => {
    expect(parseIfMatch(etagOf(42))).toBe(42);
  });

  it('treats an absent header and * as no expectation', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
  });

  it.each(['3', 'W/"3"', '"0"', '"-1"', '"abc"', '"1", "2"', '""'])('refuses %p as a 400 on If-Match', (header) => {
    expect(failure(() => parseIfMatch(header))).toMatchObject({ code: 'VALIDATION', details: { fields: [{ field: 'If-Match' }] } });
  });

  it('accepts an expectedVersion equal to If-Match, from JSON or a query string', () => {
    expect(ifMatchVersion('"3"', 3)).toBe(3);
    expect(ifMatchVersion('"3"', '3')).toBe(3);
    expect(ifMatchVersion(undefined, 5)).toBeUndefined();
  });

  it('refuses an expectedVersion that differs from If-Match, naming both', () => {
    const error = failure(() => ifMatchVersion('"3"', 4));
    expect(error.code).toBe('VALIDATION');
    expect(error.details.fields!.map((f) => f.field)).toEqual(['If-Match', 'expectedVersion']);
  });
});
