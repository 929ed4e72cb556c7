import { ReactNode } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatMs, formatTime } from './format';
import { Sparkline } from './Sparkline';
import { Overview } from './types';
import { HISTORY_SIZE, useOverview, useOverviewHistory } from './use-overview';

/** The pipeline at a glance: health, what waits where, and the last two minutes as charts. */
export function PipelineSection() {
  const { data: overview, error } = useOverview();
  const history = useOverviewHistory(overview);
  return (
    <section className="ops-section" aria-labelledby="ops-pipeline-title">
      <h2 id="ops-pipeline-title">Pipeline</h2>
      <ErrorAlert error={error} />
      {overview ? (
        <>
          <HealthLine pipeline={overview.pipeline} />
          <PipelineFigures overview={overview} />
          <PipelineCharts history={history} />
          <p className="ops-muted">Sampled {formatTime(overview.sampledAt)}, every 2 s.</p>
        </>
      ) : (
        !error && <p>Loading…</p>
      )}
    </section>
  );
}

function HealthLine({ pipeline }: { pipeline: Overview['pipeline'] }) {
  return (
    <p data-testid="pipeline-health" className={`ops-health ${pipeline.healthy ? 'ops-health-ok' : 'ops-health-bad'}`}>
      {pipeline.healthy ? 'Pipeline healthy' : `Pipeline stalled: ${pipeline.reason ?? 'no reason given'}`}
    </p>
  );
}

function PipelineFigures({ overview: { pipeline, outbox, sync, checker } }: { overview: Overview }) {
  const { lastArrived, unindexable } = pipeline;
  const drift = checker && checker.missing + checker.stale + checker.orphans + checker.unindexable;
  return (
    <dl className="ops-figures">
      <Figure term="Outbox backlog">
        <span data-testid="outbox-backlog">{outbox.backlog}</span> events waiting
        {outbox.oldestAgeMs !== null && `, oldest ${formatMs(outbox.oldestAgeMs)}`}
      </Figure>
      <Figure term="Not yet indexed">
        {sync.behind} jobs{sync.oldestAgeMs !== null && `, oldest ${formatMs(sync.oldestAgeMs)}`}
      </Figure>
      <Figure term="Heartbeat">
        {lastArrived
          ? `commit → indexed in ${formatMs(lastArrived.transitMs)}; the newest indexed was sent ${formatMs(lastArrived.ageMs)} ago`
          : 'none has reached Elasticsearch'}
        {pipeline.behind !== null && `; ${pipeline.behind} sent but not yet indexed`}
      </Figure>
      <Figure term="Unindexable jobs" warn={unindexable.jobs > 0}>
        {unindexable.jobs} jobs refused by Elasticsearch
        {unindexable.latest &&
          `; latest: job ${unindexable.latest.jobId} v${unindexable.latest.version} at ${formatTime(unindexable.latest.rejectedAt)}: ${unindexable.latest.reason}`}
      </Figure>
      <Figure term="Checker drift" warn={!!drift}>
        {checker
          ? `${checker.missing} missing, ${checker.stale} stale, ${checker.orphans} orphans, ${checker.unindexable} unindexable (checked ${formatTime(checker.at)})`
          : 'no check has run yet'}
      </Figure>
    </dl>
  );
}

function Figure({ term, warn = false, children }: { term: string; warn?: boolean; children: ReactNode }) {
  return (
    <div className={`ops-figure${warn ? ' ops-figure-warn' : ''}`}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** One chart per figure that moves: its values over the samples kept, and its latest value in words. */
function PipelineCharts({ history }: { history: Overview[] }) {
  const charts = [
    { title: 'Outbox backlog', unit: 'events', values: history.map((sample) => sample.outbox.backlog) },
    { title: 'Jobs not yet indexed', unit: 'jobs', values: history.map((sample) => sample.sync.behind) },
    { title: 'Heartbeat transit (commit → indexed)', unit: 'ms', values: history.map((sample) => sample.pipeline.lastArrived?.transitMs ?? null) },
  ];
  return (
    <div className="ops-charts">
      {charts.map(({ title, unit, values }) => {
        const latest = values.at(-1);
        const latestText = latest === null || latest === undefined ? 'no value' : `${latest} ${unit}`;
        return (
          <figure key={title} className="ops-chart">
            <figcaption>
              {title}: <strong>{latestText}</strong>
            </figcaption>
            <Sparkline
              values={values}
              capacity={HISTORY_SIZE}
              label={`${title} over the last ${values.length} samples, latest ${latestText}`}
            />
          </figure>
        );
      })}
    </div>
  );
}
