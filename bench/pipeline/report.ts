import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile, TopLevelSpec } from 'vega-lite';
import { RawRate, WorkloadRun } from './scenarios';

export interface PipelineBenchReport {
  at: string;
  machine: { cpus: number; node: string };
  seed: number;
  rawInsert: RawRate;
  rawBulk: RawRate;
  /** Unpaced writes with the pipeline running: end to end, bounded by the write side on a shared machine. */
  throughput: WorkloadRun;
  /** The same workload written first, then drained by the relay and indexer: the pipeline's own rate. */
  backlog: WorkloadRun;
  /** At each offered rate, the pipeline and the polling baseline on the same workload. */
  latency: LatencyComparison[];
  ratios: {
    /** End-to-end jobs per second ÷ raw _bulk documents per second. */
    throughputToRawBulk: number;
    throughputToRawInsert: number;
    /** Backlog drained, jobs per second ÷ raw _bulk documents per second. */
    backlogToRawBulk: number;
  };
}

export interface LatencyComparison {
  offeredJobsPerSecond: number;
  pipeline: WorkloadRun;
  polling: WorkloadRun;
  p50PipelineToPolling: number;
  p99PipelineToPolling: number;
}

const ratio = (a: number, b: number) => Number((a / b).toFixed(3));

export function compareLatency(offeredJobsPerSecond: number, pipeline: WorkloadRun, polling: WorkloadRun): LatencyComparison {
  return {
    offeredJobsPerSecond,
    pipeline,
    polling,
    p50PipelineToPolling: ratio(pipeline.latencyMs.p50, polling.latencyMs.p50),
    p99PipelineToPolling: ratio(pipeline.latencyMs.p99, polling.latencyMs.p99),
  };
}

export function throughputRatios({
  throughput,
  backlog,
  rawBulk,
  rawInsert,
}: Pick<PipelineBenchReport, 'throughput' | 'backlog' | 'rawBulk' | 'rawInsert'>): PipelineBenchReport['ratios'] {
  return {
    throughputToRawBulk: ratio(throughput.jobsPerSecond, rawBulk.perSecond),
    throughputToRawInsert: ratio(throughput.jobsPerSecond, rawInsert.perSecond),
    backlogToRawBulk: ratio(backlog.jobsPerSecond, rawBulk.perSecond),
  };
}

export const machine = () => ({ cpus: cpus().length, node: process.version });

/** The one table people read; every ratio in it comes from this run. */
export function describePipelineBench(r: PipelineBenchReport): string {
  const n = (value: number) => Math.round(value).toLocaleString('en');
  const rate = (run: WorkloadRun) => `${n(run.committedJobsPerSecond)} jobs/s committed`;
  const latency = ({ latencyMs: l }: WorkloadRun) => `p50 ${n(l.p50)} ms, p95 ${n(l.p95)} ms, p99 ${n(l.p99)} ms, max ${n(l.max)} ms`;
  const rows: [string, string, string][] = [
    ['raw PostgreSQL insert, same rows', `${n(r.rawInsert.perSecond)} rows/s`, ''],
    ['raw Elasticsearch _bulk, same documents', `${n(r.rawBulk.perSecond)} docs/s`, '1'],
    [
      `end to end, ${n(r.throughput.jobs)} jobs unpaced`,
      `${n(r.throughput.jobsPerSecond)} jobs/s (${n(r.throughput.writesPerSecond)} writes/s)`,
      `${r.ratios.throughputToRawBulk} of _bulk, ${r.ratios.throughputToRawInsert} of insert; writes committed at ${n(r.throughput.committedJobsPerSecond)} jobs/s`,
    ],
    [
      `backlog of ${n(r.backlog.jobs)} jobs drained`,
      `${n(r.backlog.jobsPerSecond)} jobs/s (${n(r.backlog.writesPerSecond)} events/s)`,
      `${r.ratios.backlogToRawBulk} of _bulk`,
    ],
    ...r.latency.flatMap((c): [string, string, string][] => [
      [`${n(c.offeredJobsPerSecond)} jobs/s offered: pipeline`, latency(c.pipeline), rate(c.pipeline)],
      [`${n(c.offeredJobsPerSecond)} jobs/s offered: polling (seed 001, 1 s)`, latency(c.polling), rate(c.polling)],
      [`${n(c.offeredJobsPerSecond)} jobs/s offered: pipeline ÷ polling`, `p50 ${c.p50PipelineToPolling}, p99 ${c.p99PipelineToPolling}`, ''],
    ]),
  ];
  const width = [0, 1].map((col) => Math.max(...rows.map((row) => row[col].length)));
  return [
    `pipeline benchmark (${r.machine.cpus} cores, Node ${r.machine.node}, seed ${r.seed})`,
    ...rows.map(([a, b, c]) => `${a.padEnd(width[0])}  ${b.padEnd(width[1])}  ${c}`.trimEnd()),
  ].join('\n');
}

/** Rates on the left, latency percentiles of both designs on the right. */
async function chart(r: PipelineBenchReport): Promise<string> {
  const rates = [
    { what: 'PostgreSQL insert (raw)', perSecond: r.rawInsert.perSecond },
    { what: 'Elasticsearch _bulk (raw)', perSecond: r.rawBulk.perSecond },
    { what: 'end to end (jobs)', perSecond: r.throughput.jobsPerSecond },
    { what: 'backlog drained (jobs)', perSecond: r.backlog.jobsPerSecond },
  ];
  const latencies = r.latency.flatMap((c) =>
    (['pipeline', 'polling'] as const).flatMap((design) =>
      (['p50', 'p95', 'p99'] as const).map((percentile) => ({
        offered: `${c.offeredJobsPerSecond} jobs/s offered`,
        design,
        percentile,
        ms: c[design].latencyMs[percentile],
      })),
    ),
  );
  const spec: TopLevelSpec = {
    title: `Jobstream pipeline benchmark, ${r.at}`,
    hconcat: [
      {
        title: 'throughput (per second)',
        data: { values: rates },
        mark: 'bar',
        encoding: { y: { field: 'what', type: 'nominal', sort: null, title: null, axis: { labelLimit: 240 } }, x: { field: 'perSecond', type: 'quantitative', title: 'per second' } },
        width: 300,
      },
      {
        title: 'commit → searchable',
        data: { values: latencies },
        mark: 'bar',
        encoding: {
          column: { field: 'offered', type: 'nominal', title: null },
          x: { field: 'percentile', type: 'nominal', title: null },
          xOffset: { field: 'design' },
          y: { field: 'ms', type: 'quantitative', title: 'ms' },
          color: { field: 'design', type: 'nominal' },
        },
        width: 160,
      },
    ],
  };
  return new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' }).toSVG();
}

/** bench-results/pipeline-<time>.json, and pipeline-latest.json / .svg beside it. */
export async function savePipelineBench(r: PipelineBenchReport): Promise<string> {
  const dir = join(__dirname, '../../bench-results');
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(r, null, 2)}\n`;
  writeFileSync(join(dir, `pipeline-${r.at.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(join(dir, 'pipeline-latest.json'), json);
  writeFileSync(join(dir, 'pipeline-latest.svg'), await chart(r));
  return dir;
}
