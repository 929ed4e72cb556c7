import { ConsistencyReport, formatConsistencyReport, hasDrift } from './consistency-report';

const clean: ConsistencyReport = {
  jobs: 3,
  documents: 3,
  ranges: 1,
  rangesDiffering: 0,
  missing: 0,
  stale: 0,
  orphans: 0,
  unindexable: 0,
  unindexableSamples: [],
  samples: { missing: [], stale: [], orphans: [] },
  durationMs: 12,
};

describe(formatConsistencyReport.name, () => {
  it('says there is no drift when nothing differs', () => {
    expect(hasDrift(clean)).toBe(false);
    expect(formatConsistencyReport(clean)).toMatch(/no drift$/);
  });

  it('counts each kind of drift with sample ids and says what was repaired', () => {
    const report = {
      ...clean,
      missing: 2,
      samples: { ...clean.samples, missing: ['a', 'b'] },
      repaired: { indexed: 2, deleted: 0, skipped: 0, refused: 0 },
    };

    const text = formatConsistencyReport(report);

    expect(hasDrift(report)).toBe(true);
    expect(text).toMatch(/^missing +2 +jobs without a document +e\.g\. a, b$/m);
    expect(text).toMatch(/^repaired: 2 indexed, 0 deleted, 0 skipped/m);
    expect(text).toMatch(/DRIFT FOUND and repaired/);
  });

  it('counts unindexable jobs apart, with the reason Elasticsearch gave', () => {
    const report = { ...clean, unindexable: 1, unindexableSamples: [{ id: 'a', reason: '400 document_parsing_exception: too deep' }] };

    const text = formatConsistencyReport(report);

    expect(hasDrift(report)).toBe(true);
    expect(text).toMatch(/^missing +0 /m);
    expect(text).toMatch(/^unindexable +1 +jobs whose current version Elasticsearch refused\n  a: 400 document_parsing_exception: too deep$/m);
  });
});
