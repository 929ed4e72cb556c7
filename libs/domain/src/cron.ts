import { CronExpressionParser } from 'cron-parser';

/** Build schedules fire at most once a minute, so expressions have five fields (no seconds); times are UTC. */
const FIELDS = 5;

function parse(expression: string, currentDate?: Date) {
  const fields = expression.trim().split(/\s+/).length;
  if (fields !== FIELDS) throw new Error(`expected ${FIELDS} fields, got ${fields}`);
  return CronExpressionParser.parse(expression, { tz: 'UTC', currentDate });
}

/** Why an expression is invalid, or null when it is valid. */
export function cronProblem(expression: string): string | null {
  try {
    parse(expression);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The first minute strictly after `after` at which the expression fires. */
export function nextCronRun(expression: string, after: Date): Date {
  return parse(expression, after).next().toDate();
}
