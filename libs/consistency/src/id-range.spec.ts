import { idRangeQuery, idRangeSql, rangesFromBoundaries } from './id-range';

const A = '0190a000-0000-7000-8000-000000000000';
const B = '0190b000-0000-7000-8000-000000000000';

describe(rangesFromBoundaries.name, () => {
  it('covers everything with one unbounded range when there are no boundaries', () => {
    expect(rangesFromBoundaries([])).toEqual([{ lo: null, hi: null }]);
  });

  it('starts below every id, chains the boundaries and leaves the last range open', () => {
    expect(rangesFromBoundaries([A, B])).toEqual([
      { lo: null, hi: A },
      { lo: A, hi: B },
      { lo: B, hi: null },
    ]);
  });
});

describe(idRangeSql.name, () => {
  it('bounds both sides with numbered uuid parameters, the upper one exclusive', () => {
    expect(idRangeSql({ lo: A, hi: B }, 'j.id')).toEqual({ where: 'j.id >= $1::uuid AND j.id < $2::uuid', params: [A, B] });
  });

  it('leaves out a missing bound', () => {
    expect(idRangeSql({ lo: null, hi: B }, 'id')).toEqual({ where: 'id < $1::uuid', params: [B] });
    expect(idRangeSql({ lo: null, hi: null }, 'id')).toEqual({ where: 'TRUE', params: [] });
  });
});

describe(idRangeQuery.name, () => {
  it('asks for the same half-open range of jobId keywords', () => {
    expect(idRangeQuery({ lo: A, hi: B })).toEqual({ range: { jobId: { gte: A, lt: B } } });
    expect(idRangeQuery({ lo: A, hi: null })).toEqual({ range: { jobId: { gte: A } } });
  });

  it('matches every document when unbounded', () => {
    expect(idRangeQuery({ lo: null, hi: null })).toEqual({ match_all: {} });
  });
});
