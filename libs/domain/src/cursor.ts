import { JobstreamError } from './errors';

/**
 * Opaque paging cursors: the key a page ended at, as base64url JSON, so clients cannot build
 * or depend on them. A cursor that does not decode to the expected key is a 400 on `cursor`.
 */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, isKey: (value: unknown) => value is T): T {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isKey(key)) return key;
  } catch {
    // reported below
  }
  throw JobstreamError.invalid('cursor', 'not a cursor returned by this API');
}
