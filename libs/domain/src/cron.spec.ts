import { cronProblem, nextCronRun, parseCron } from './cron';

const next = (expression: string, after: string) => nextCronRun(parseCron(expression), new Date(after))?.toISOString();

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
    ['60 * * * *', 'minute: 60 is outside 0-59'],
    ['* 24 * * *', 'hour: 24 is outside 0-23'],
    ['* * 0 * *', 'day of month: 0 is outside 1-31'],
    ['* * * 13 *', 'month: 13 is outside 1-12'],
    ['* * * * 8', 'day of week: 8 is outside 0-7'],
    ['*/0 * * * *', 'step must be at least 1'],
    ['5-1 * * * *', 'runs backwards'],
    ['a * * * *', 'is not a number'],
    ['1,,2 * * * *', 'is not a value, range or step'],
    ['1-2-3 * * * *', 'is not a range'],
    ['0 0 30 2 *', 'never fires'],
    ['@daily', 'expected 5 fields'],
  ])('refuses %p: %s', (expression, problem) => {
    expect(cronProblem(expression)).toContain(problem);
  });

  it('accepts valid expressions', () => {
    expect(cronProblem('0 3 * * 1-5')).toBeNull();
  });
});
