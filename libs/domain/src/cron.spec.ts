import { cronProblem, nextCronRun } from './cron';

const next = (expression: string, after: string) => nextCronRun(expression, new Date(after)).toISOString();

describe('cron expressions', () => {
  it.each([
    ['* * * * *', '2024-01-15T10:30:20Z', '2024-01-15T10:31:00.000Z'],
    ['0 * * * *', '2024-01-15T10:30:00Z', '2024-01-15T11:00:00.000Z'],
    ['*/15 9-17 * * MON-FRI', '2024-01-19T17:50:00Z', '2024-01-22T09:00:00.000Z'],
    ['30 2 1 * *', '2024-01-15T00:00:00Z', '2024-02-01T02:30:00.000Z'],
    ['0 0 29 2 *', '2024-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['0 12 * DEC 0', '2024-01-01T00:00:00Z', '2024-12-01T12:00:00.000Z'],
    ['0 12 * * 7', '2024-01-15T00:00:00Z', '2024-01-21T12:00:00.000Z'],
    // Both day fields restricted: either matches (the 13th, or any Friday).
    ['0 0 13 * 5', '2024-01-01T00:00:00Z', '2024-01-05T00:00:00.000Z'],
    ['5/20 0 * * *', '2024-01-01T00:06:00Z', '2024-01-01T00:25:00.000Z'],
    ['0 0 1,15 jan,jul *', '2024-01-02T00:00:00Z', '2024-01-15T00:00:00.000Z'],
    ['59 23 31 12 *', '2024-12-31T23:59:00Z', '2025-12-31T23:59:00.000Z'],
  ])('%s after %s fires at %s', (expression, after, expected) => {
    expect(next(expression, after)).toBe(expected);
  });

  it.each([
    ['* * * *', 'expected 5 fields'],
    ['* * * * * *', 'expected 5 fields'],
    ['60 * * * *', 'expected range 0-59'],
    ['* 24 * * *', 'expected range 0-23'],
    ['* * * 13 *', 'expected range 1-12'],
    ['a * * * *', 'Invalid characters'],
    ['0 0 30 2 *', 'Invalid explicit day of month'],
  ])('refuses %p: %s', (expression, problem) => {
    expect(cronProblem(expression)).toContain(problem);
  });

  it('accepts valid expressions', () => {
    expect(cronProblem('0 3 * * 1-5')).toBeNull();
  });
});
