import { correlationIdOf, isValidCorrelationId } from './correlation-id';

describe(correlationIdOf.name, () => {
  it("keeps the caller's id, from X-Correlation-Id before X-Request-Id", () => {
    expect(correlationIdOf({ 'x-request-id': 'req-1', 'x-correlation-id': 'corr-1' })).toBe('corr-1');
    expect(correlationIdOf({ 'x-request-id': 'req-1' })).toBe('req-1');
  });

  it('replaces a missing, repeated, too long or oddly spelled id with a new UUID', () => {
    for (const headers of [{}, { 'x-correlation-id': ['a', 'b'] }, { 'x-correlation-id': 'x'.repeat(129) }, { 'x-request-id': 'a b"}\n' }]) {
      expect(correlationIdOf(headers)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('accepts ids like UUIDs, trace ids and prefixed names', () => {
    expect(['01a21156-a550-73a8-9f47-b2baaaca2ff3', '4bf92f3577b34da6a3ce929d0e0e4736', 'batch:2026.11@eu_1'].every(isValidCorrelationId)).toBe(true);
  });
});
