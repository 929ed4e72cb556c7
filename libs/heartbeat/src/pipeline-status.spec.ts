import { assessPipeline } from './pipeline-status';

const now = new Date('2026-12-01T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe(assessPipeline.name, () => {
  it('is healthy while the newest heartbeat in Elasticsearch is younger than the stall bound', () => {
    const status = assessPipeline({ seq: 12, sentAt: ago(1_000) }, { seq: 11, sentAt: ago(4_000), indexedAt: ago(3_900) }, now, 15_000);

    expect(status).toEqual({
      healthy: true,
      stallAfterMs: 15_000,
      lastSent: { seq: 12, sentAt: ago(1_000).toISOString(), ageMs: 1_000 },
      lastArrived: { seq: 11, sentAt: ago(4_000).toISOString(), indexedAt: ago(3_900).toISOString(), ageMs: 4_000, transitMs: 100 },
      behind: 1,
    });
  });

  it('blames the middle of the pipeline when heartbeats are sent but stop arriving', () => {
    const status = assessPipeline({ seq: 30, sentAt: ago(1_000) }, { seq: 20, sentAt: ago(20_000), indexedAt: ago(19_950) }, now, 15_000);

    expect(status).toMatchObject({ healthy: false, behind: 10 });
    expect(status.reason).toMatch(/sent but none .* reached Elasticsearch .* relay, RabbitMQ or indexer stalled/);
  });

  it('blames the sender when nothing new was sent', () => {
    const status = assessPipeline({ seq: 20, sentAt: ago(20_000) }, { seq: 20, sentAt: ago(20_000), indexedAt: ago(19_950) }, now, 15_000);

    expect(status).toMatchObject({ healthy: false, behind: 0 });
    expect(status.reason).toMatch(/no heartbeat sent .* job-writer/);
  });

  it('is not healthy before the first heartbeat arrives, or when Elasticsearch cannot be read', () => {
    expect(assessPipeline({ seq: 1, sentAt: ago(100) }, null, now, 15_000)).toMatchObject({ healthy: false, lastArrived: null, behind: null });
    expect(assessPipeline(null, null, now, 15_000)).toMatchObject({ healthy: false, lastSent: null });
    const unreadable = assessPipeline({ seq: 3, sentAt: ago(100) }, new Error('connect ECONNREFUSED'), now, 15_000);
    expect(unreadable.reason).toMatch(/cannot read .* ECONNREFUSED/);
  });
});
