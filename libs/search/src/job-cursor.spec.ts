import { JobstreamError } from '@jobstream/domain';
import { decodeCursor, encodeCursor } from './job-cursor';
import { JobSort } from './job-search-query';

const ID = '01900000-0000-7000-8000-000000000001';
const CREATED_DESC: JobSort = { field: 'createdAt', order: 'desc' };

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof JobstreamError ? error.details.fields?.[0]?.field : 'not a JobstreamError';
  }
  return 'no error';
};

describe('the job cursor', () => {
  it('round-trips a position with a time and one without', () => {
    const position = { time: '2024-05-01T10:20:30.123Z', id: ID };
    expect(decodeCursor(encodeCursor(CREATED_DESC, position), CREATED_DESC)).toEqual({ position });
    const tail = { time: null, id: ID };
    const completedAsc: JobSort = { field: 'completedAt', order: 'asc' };
    expect(decodeCursor(encodeCursor(completedAsc, tail), completedAsc)).toEqual({ position: tail });
  });

  it('carries the Elasticsearch point in time its pages read', () => {
    const position = { time: '2024-05-01T10:20:30.123Z', id: ID };
    const sort: JobSort = { field: 'updatedAt', order: 'desc' };
    expect(decodeCursor(encodeCursor(sort, position, 'iM-bBAAA=='), sort)).toEqual({ position, pointInTime: 'iM-bBAAA==' });
  });

  it('is opaque text safe in a URL', () => {
    expect(encodeCursor(CREATED_DESC, { time: '2024-05-01T10:20:30.123Z', id: ID })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses a cursor of another sort field or order, naming the cursor', () => {
    const cursor = encodeCursor(CREATED_DESC, { time: '2024-05-01T10:20:30.123Z', id: ID });
    expect(fieldOf(() => decodeCursor(cursor, { field: 'updatedAt', order: 'desc' }))).toBe('cursor');
    expect(fieldOf(() => decodeCursor(cursor, { field: 'createdAt', order: 'asc' }))).toBe('cursor');
  });

  it.each([
    ['garbage', 'not-a-cursor!'],
    ['JSON that is not a cursor', Buffer.from('[1,2]').toString('base64url')],
    ['a bad id', Buffer.from(JSON.stringify({ s: 'createdAt', o: 'desc', t: 1, i: 'x' })).toString('base64url')],
    ['a time out of range', Buffer.from(JSON.stringify({ s: 'createdAt', o: 'desc', t: 9e18, i: ID })).toString('base64url')],
    // Valid JavaScript dates, but `+010000-…` and year 0 as toISOString writes them, which PostgreSQL refuses.
    ['a time past year 9999', Buffer.from(JSON.stringify({ s: 'createdAt', o: 'desc', t: 253_402_300_800_000, i: ID })).toString('base64url')],
    ['a time before year 0001', Buffer.from(JSON.stringify({ s: 'createdAt', o: 'desc', t: -62_135_596_800_001, i: ID })).toString('base64url')],
    ['an unknown sort', Buffer.from(JSON.stringify({ s: 'name', o: 'desc', t: 1, i: ID })).toString('base64url')],
    ['a point in time that is not one', Buffer.from(JSON.stringify({ s: 'createdAt', o: 'desc', t: 1, i: ID, p: { x: 1 } })).toString('base64url')],
  ])('refuses %s as a 400 on cursor', (_what, cursor) => {
    expect(fieldOf(() => decodeCursor(cursor, CREATED_DESC))).toBe('cursor');
  });
});
