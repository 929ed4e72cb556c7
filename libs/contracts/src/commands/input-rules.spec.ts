import { METADATA_LIMITS, metadataProblem, tooDeep, unstorableInput } from './input-rules';

const nested = (levels: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
};

describe(unstorableInput.name, () => {
  it('names every string, key or value, that PostgreSQL cannot store, by its path', () => {
    const problems = unstorableInput({ projectName: 'a\u0000', metadata: { 'k\u0000': 1, list: ['ok', '\ud800'] }, fine: 'é😀' });

    expect(problems.map((p) => p.field)).toEqual(['projectName', 'metadata["k\\u0000"]', 'metadata.list[1]']);
    expect(problems[0].messages[0]).toMatch(/NUL/);
    expect(problems[2].messages[0]).toMatch(/well-formed Unicode/);
  });

  it('names a key the validation would drop (a reserved name), at any depth', () => {
    const problems = unstorableInput({ metadata: { toString: 1, deep: [{ constructor: 'x' }] } });

    expect(problems.map((p) => p.field)).toEqual(['metadata.toString', 'metadata.deep[0].constructor']);
    expect(problems[0].messages[0]).toMatch(/reserved name/);
  });

  it('finds nothing in plain input', () => {
    expect(unstorableInput({ a: ['b', 1, null, true], c: { d: 'e' } })).toEqual([]);
  });
});

describe(tooDeep.name, () => {
  it('finds a path nested past the bound without recursing, however deep', () => {
    expect(tooDeep({ metadata: nested(100_000) }, 32)).toMatch(/^metadata(\.a)+$/);
    expect(tooDeep({ metadata: nested(30) }, 32)).toBeNull();
  });
});

describe(metadataProblem.name, () => {
  it('accepts metadata at every limit', () => {
    const atLimits = {
      ['k'.repeat(METADATA_LIMITS.maxKeyLength)]: 'v'.repeat(METADATA_LIMITS.maxStringLength),
      deep: nested(METADATA_LIMITS.maxDepth - 1),
    };

    expect(metadataProblem(atLimits)).toBeNull();
  });

  it.each([
    ['a long string', { log: 'x'.repeat(METADATA_LIMITS.maxStringLength + 1) }, /metadata\.log must be at most 4096 characters/],
    ['a long key', { ['k'.repeat(METADATA_LIMITS.maxKeyLength + 1)]: 1 }, /must be at most 128 characters/],
    ['too deep', nested(METADATA_LIMITS.maxDepth + 1), /nests deeper than 8 levels/],
    ['too many keys', Object.fromEntries(Array.from({ length: METADATA_LIMITS.maxKeys + 1 }, (_, i) => [`k${i}`, i])), /at most 200 keys/],
    ['too large', Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`k${i}`, 'x'.repeat(4_000)])), /at most 16384 bytes as JSON \(got \d+\)/],
    ['a number JSON cannot carry', { ratio: Infinity }, /metadata\.ratio must be a finite number/],
  ])('names %s and its limit', (_, metadata, message) => {
    expect(metadataProblem(metadata)).toMatch(message);
  });
});
