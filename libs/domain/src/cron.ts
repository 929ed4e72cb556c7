/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), evaluated in UTC.
 *
 * Hand-written because no cron library is installed: each field is a list of `*`, values,
 * ranges `a-b` and steps `/n` after `*`, a range or a start value; months and weekdays also take their
 * three-letter English names, and weekday 7 is Sunday as in Vixie cron. As in Vixie cron, when
 * both day fields are restricted a day matches either of them.
 */
interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES },
];

/** The longest each month can be (February in leap years), for "never fires" detection. */
const MONTH_MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Leap days repeat within 8 years (2096 → 2104 skips 2100), so a search this long finds any match. */
const SEARCH_YEARS = 9;

export interface CronSchedule {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  /** 0 = Sunday; 7 is folded into 0. */
  daysOfWeek: ReadonlySet<number>;
  daysOfMonthRestricted: boolean;
  daysOfWeekRestricted: boolean;
}

export class CronSyntaxError extends Error {}

function parseValue(text: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + spec.min;
  if (!/^\d+$/.test(text)) throw new CronSyntaxError(`${spec.name}: "${text}" is not a number`);
  const value = Number(text);
  if (value < spec.min || value > spec.max) {
    throw new CronSyntaxError(`${spec.name}: ${value} is outside ${spec.min}-${spec.max}`);
  }
  return value;
}

function parseField(text: string, spec: FieldSpec): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new CronSyntaxError(`${spec.name}: "${part}" is not a value, range or step`);
    const [, range, stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw new CronSyntaxError(`${spec.name}: step must be at least 1`);
    let from: number;
    let to: number;
    if (range === '*') {
      [from, to] = [spec.min, spec.max];
    } else if (range.includes('-')) {
      const bounds = range.split('-');
      if (bounds.length !== 2) throw new CronSyntaxError(`${spec.name}: "${range}" is not a range`);
      [from, to] = bounds.map((bound) => parseValue(bound, spec));
      if (from > to) throw new CronSyntaxError(`${spec.name}: range ${range} runs backwards`);
    } else {
      from = parseValue(range, spec);
      // `a/n` means from a to the end of the field, stepping n.
      to = stepText === undefined ? from : spec.max;
    }
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}

/** Parses an expression or throws CronSyntaxError saying which field is wrong and why. */
export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== FIELDS.length) {
    throw new CronSyntaxError(`expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  }
  const [minutes, hours, daysOfMonth, months, weekdays] = parts.map((part, i) => parseField(part, FIELDS[i]));
  const daysOfWeek = new Set([...weekdays].map((day) => day % 7));
  const schedule: CronSchedule = {
    minutes,
    hours,
    daysOfMonth,
    months,
    daysOfWeek,
    daysOfMonthRestricted: !parts[2].startsWith('*'),
    daysOfWeekRestricted: !parts[4].startsWith('*'),
  };
  const fires =
    schedule.daysOfWeekRestricted || [...months].some((month) => [...daysOfMonth].some((day) => day <= MONTH_MAX_DAYS[month - 1]));
  if (!fires) throw new CronSyntaxError('day of month: no chosen month has any of the chosen days, so it never fires');
  return schedule;
}

/** Why an expression is invalid, or null when it is valid. */
export function cronProblem(expression: string): string | null {
  try {
    parseCron(expression);
    return null;
  } catch (error) {
    if (error instanceof CronSyntaxError) return error.message;
    throw error;
  }
}

function dayMatches(schedule: CronSchedule, date: Date): boolean {
  const byMonthDay = schedule.daysOfMonth.has(date.getUTCDate());
  const byWeekday = schedule.daysOfWeek.has(date.getUTCDay());
  if (schedule.daysOfMonthRestricted && schedule.daysOfWeekRestricted) return byMonthDay || byWeekday;
  return byMonthDay && byWeekday;
}

/** The first minute strictly after `after` at which the schedule fires (UTC), or null if none within the search horizon. */
export function nextCronRun(schedule: CronSchedule, after: Date): Date | null {
  const t = new Date(after.getTime());
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const lastYear = t.getUTCFullYear() + SEARCH_YEARS;
  while (t.getUTCFullYear() <= lastYear) {
    if (!schedule.months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0);
    } else if (!dayMatches(schedule, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0);
    } else if (!schedule.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0);
    } else if (!schedule.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1);
    } else {
      return t;
    }
  }
  return null;
}
