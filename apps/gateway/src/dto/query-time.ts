import { isSearchTime } from '@jobstream/search';
import { ValidateBy, ValidationOptions } from 'class-validator';

/** RFC 3339's profile of ISO-8601: a date, optionally a time (`T` or a space) with seconds, a fraction and an offset. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A time a query filters by, in a form JavaScript, Elasticsearch and PostgreSQL all read alike:
 * `2024-05-01`, `2024-05-01T10:00:00Z`, `2024-05-01T12:00:00.123+02:00` (with no offset, UTC on our
 * servers), in years 0001 to 9999 (SEARCH_TIME_BOUNDS). ISO-8601's other forms (week and ordinal
 * dates, the basic format, signed years, decimal commas, hours without minutes) are refused,
 * naming the parameter: JavaScript cannot read several of them, and the stores read others
 * differently or not at all. Use beside `IsISO8601({ strict: true })`, which checks the calendar.
 */
export function IsQueryTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isQueryTime',
      validator: {
        validate: (value) => typeof value === 'string' && DATE_TIME.test(value) && isSearchTime(Date.parse(value)),
        defaultMessage: (args) => `${args?.property} must be a date or an RFC 3339 time such as 2024-05-01T10:00:00Z, in years 0001 to 9999`,
      },
    },
    options,
  );
}
