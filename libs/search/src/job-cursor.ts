import { decodeCursor as decodeOpaque, encodeCursor as encodeOpaque, JobstreamError, UUID_PATTERN } from '@jobstream/domain';
import { isSearchTime, JOB_SORT_FIELDS, JobCursorPosition, JobSort, SORT_ORDERS } from './job-search-query';

interface CursorBody {
  /** Sort field and order the position belongs to. */
  s: string;
  o: string;
  /** Sort time in epoch milliseconds, or null. */
  t: number | null;
  i: string;
  /** Elasticsearch point in time the pages read, for sorts whose order moves under writes. */
  p?: string;
}

export interface DecodedCursor {
  position: JobCursorPosition;
  pointInTime?: string;
}

/**
 * The opaque cursor: a page's end position, bound to its sort, so a cursor cannot be replayed
 * under another sort where its position would mean something else. Both Elasticsearch and the
 * PostgreSQL fallback read it, so a dashboard keeps paging across an outage.
 */
export function encodeCursor(sort: JobSort, position: JobCursorPosition, pointInTime?: string): string {
  const body: CursorBody = {
    s: sort.field,
    o: sort.order,
    t: position.time === null ? null : Date.parse(position.time),
    i: position.id,
    ...(pointInTime ? { p: pointInTime } : {}),
  };
  return encodeOpaque(body);
}

export function decodeCursor(cursor: string, sort: JobSort): DecodedCursor {
  const body = decodeOpaque(cursor, isCursorBody);
  if (body.s !== sort.field || body.o !== sort.order) {
    throw JobstreamError.invalid('cursor', `this cursor pages a ${body.s} ${body.o} sort, not ${sort.field} ${sort.order}`);
  }
  return {
    position: { time: body.t === null ? null : new Date(body.t).toISOString(), id: body.i },
    ...(body.p ? { pointInTime: body.p } : {}),
  };
}

function isCursorBody(body: unknown): body is CursorBody {
  if (typeof body !== 'object' || body === null) return false;
  const { s, o, t, i, p } = body as Record<string, unknown>;
  return (
    (JOB_SORT_FIELDS as readonly unknown[]).includes(s) &&
    (SORT_ORDERS as readonly unknown[]).includes(o) &&
    (t === null || (Number.isSafeInteger(t) && isSearchTime(t as number))) &&
    typeof i === 'string' &&
    // Lower case only, as we write them: Elasticsearch compares ids as bytes.
    UUID_PATTERN.test(i) &&
    i === i.toLowerCase() &&
    (p === undefined || (typeof p === 'string' && /^[A-Za-z0-9+/=_-]{1,4000}$/.test(p)))
  );
}
