import { decodeCursor, encodeCursor } from './cursor';
import { JobstreamError } from './errors';

const isIdKey = (value: unknown): value is { id: string } => typeof (value as { id?: unknown })?.id === 'string';

describe('paging cursors', () => {
  it('round-trips a key', () => {
    expect(decodeCursor(encodeCursor({ id: 'a' }), isIdKey)).toEqual({ id: 'a' });
  });

  it.each(['not base64 json!', encodeCursor({ other: 1 }), encodeCursor(null)])('refuses %p as a 400 on cursor', (cursor) => {
    const error = (() => {
      try {
        decodeCursor(cursor, isIdKey);
      } catch (e) {
        return e as JobstreamError;
      }
    })();
    expect(error).toMatchObject({ code: 'VALIDATION', details: { fields: [{ field: 'cursor' }] } });
  });
});
