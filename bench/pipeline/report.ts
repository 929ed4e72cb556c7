import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { BulkRun } from './bulk';
import { Floors, RawRate } from './floors';
import { HttpRun } from './http-writes';
import { ReadYourWritesRun } from './read-your-writes';
import { pipelineChart } from './report-chart';
import { WorkloadRun } from './scenarios';
import { SearchRun } from './search';
import { PipelineSizes } from './sizes';
import { ratio } from './stats';
import { WriterRun } from './writer';

export interface LatencyComparison {
  offeredJobsPerSecond: number;
  /** How the rate was chosen: a fixed rate, or a share of this run's HTTP write rate. */
  basis: string;
  pipeline: WorkloadRun;
  polling: WorkloadRun;
  p50PipelineToPolling: number;
  p99PipelineToPolling: number;
}

export interface PipelineRatios {
  /** End-to-end jobs per second ÷ raw _bulk documents per second. */
  throughputToRawBulk: number;
  throughputToRawInsert: number;
  /** Backlog drained, jobs per second ÷ raw _bulk documents per second. */
  backlogToRawBulk: number;
  /** The job-writer's creates per second ÷ PostgreSQL's one-create-per-transaction floor. */
  writerToPgFloor: number;
  /** Bulk jobs created and searchable per second ÷ the two stores' combined floor, 1 / (1/pgBatchJobsPerS + 1/esBulkDocsPerS). */
  bulkToFloor: number;
  /** Backlog drained, events per second (each one document write) ÷ _bulk documents per second. */
  drainToEsBulk: number;
  /** GET /jobs per second ÷ the same search sent straight to Elasticsearch. */
  searchToDirectEs: number;
  /** Commit → searchable p99 of the pipeline ÷ the polling baseline's, at 100 jobs/s offered. */
  latencyP99PipelineToPolling: number;
}

export interface TargetCheck {
  what: string;
  measured: number;
  target: string;
  met: boolean;
}

export interface PipelineMeasurements {
  at: string;
  machine: { cpus: number; node: string };
  seed: number;
  /** The benchmark's sizes, as PIPELINE_* set them. */
  sizes: PipelineSizes;
  rawInsert: RawRate;
  rawBulk: RawRate;
  floors: Floors;
  /** The path users take: HTTP writes through the gateway, every process metered. */
  http: HttpRun;
  writer: WriterRun;
  bulk: BulkRun;
  /** Unpaced writes with the pipeline running: end to end, bounded by the write side on a shared machine. */
  throughput: WorkloadRun;
  /** The same workload written first, then drained by the relay and indexer: the pipeline's own rate. */
  backlog: WorkloadRun;
  drain: { eventsPerS: number; jobsPerS: number };
  search: SearchRun;
  readYourWrites: ReadYourWritesRun;
  /** At each offered rate, the pipeline and the polling baseline on the same workload. */
  latency: LatencyComparison[];
}

export interface PipelineBenchReport extends PipelineMeasurements {
  ratios: PipelineRatios;
  /** Issue 12's targets, against this run. */
  targets: TargetCheck[];
  durationMs: number;
}

export function compareLatency(offeredJobsPerSecond: number, basis: string, pipeline: WorkloadRun, polling: WorkloadRun): LatencyComparison {
  return {
    offeredJobsPerSecond,
    basis,
    pipeline,
    polling,
    p50PipelineToPolling: ratio(pipeline.latencyMs.p50, polling.latencyMs.p50),
    p99PipelineToPolling: ratio(pipeline.latencyMs.p99, polling.latencyMs.p99),
  };
}

/** The two stores written one after the other on the same cores: their combined rate. */
export const combinedStoreFloor = ({ pgBatchJobsPerS, esBulkDocsPerS }: Floors) => Math.round(1 / (1 / pgBatchJobsPerS + 1 / esBulkDocsPerS));

/** The comparison at 100 jobs/s offered, where the latency targets are. */
export const atHundred = (latency: LatencyComparison[]) => latency.find((c) => c.offeredJobsPerSecond === 100);
/** The comparison at a share of the HTTP write rate, if any. */
export const atHttpShare = (latency: LatencyComparison[]) => latency.find((c) => c.basis !== 'fixed');

export function pipelineRatios(m: PipelineMeasurements): PipelineRatios {
  return {
    throughputToRawBulk: ratio(m.throughput.jobsPerSecond, m.rawBulk.perSecond),
    throughputToRawInsert: ratio(m.throughput.jobsPerSecond, m.rawInsert.perSecond),
    backlogToRawBulk: ratio(m.backlog.jobsPerSecond, m.rawBulk.perSecond),
    writerToPgFloor: ratio(m.writer.commandsPerS, m.floors.pgSingleJobTxPerS),
    bulkToFloor: ratio(m.bulk.jobsPerS, combinedStoreFloor(m.floors)),
    drainToEsBulk: ratio(m.drain.eventsPerS, m.floors.esBulkDocsPerS),
    searchToDirectEs: ratio(m.search.requestsPerS, m.search.directEsRequestsPerS),
    latencyP99PipelineToPolling: atHundred(m.latency)?.p99PipelineToPolling ?? NaN,
  };
}

const atLeast = (what: string, measured: number, limit: number): TargetCheck => ({ what, measured, target: `≥ ${limit}`, met: measured >= limit });
const atMost = (what: string, measured: number, limit: number): TargetCheck => ({ what, measured, target: `≤ ${limit}`, met: measured <= limit });

function latencyTargets(latency: LatencyComparison[]): TargetCheck[] {
  const hundred = atHundred(latency);
  const share = atHttpShare(latency);
  return [
    ...(hundred
      ? [
          // "Offered and committed": the writes kept pace with the offer (within 5 %).
          atLeast('jobs/s committed at 100 offered', hundred.pipeline.committedJobsPerSecond, 95),
          atMost('commit → searchable p50 at 100 jobs/s, ms', hundred.pipeline.latencyMs.p50, 250),
          atMost('commit → searchable p99 at 100 jobs/s, ms', hundred.pipeline.latencyMs.p99, 600),
        ]
      : []),
    ...(share ? [atMost(`commit → searchable p99 at ${share.basis}, ms`, share.pipeline.latencyMs.p99, 1_000)] : []),
  ];
}

/** Issue 12's targets (item 3), each as measured in this run. */
export function pipelineTargets(m: PipelineMeasurements, ratios: PipelineRatios): TargetCheck[] {
  return [
    atMost('CPU per HTTP write, all processes, ms', m.http.cpuMsPerWriteTotal, 5),
    atLeast('HTTP writes/s', m.http.writesPerS, 250),
    atLeast('writerToPgFloor', ratios.writerToPgFloor, 0.6),
    atLeast('bulkToFloor', ratios.bulkToFloor, 0.5),
    atLeast('drainToEsBulk', ratios.drainToEsBulk, 0.5),
    ...latencyTargets(m.latency),
    atMost('latencyP99PipelineToPolling', ratios.latencyP99PipelineToPolling, 0.35),
    atMost('read-your-writes wait p50, ms', m.readYourWrites.waitedMs.p50, 300),
    atLeast('searchToDirectEs', ratios.searchToDirectEs, 0.7),
    ...(['gateway', 'writer', 'relay', 'indexer'] as const).map((service) => atMost(`peak RSS of ${service}, MB`, m.http.rssMb[service], 200)),
  ];
}

export const machine = () => ({ cpus: cpus().length, node: process.version });

/** bench-results/pipeline-<time>.json, and pipeline-latest.json / .svg beside it. */
export async function savePipelineBench(r: PipelineBenchReport): Promise<string> {
  const dir = join(__dirname, '../../bench-results');
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(r, null, 2)}\n`;
  writeFileSync(join(dir, `pipeline-${r.at.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(join(dir, 'pipeline-latest.json'), json);
  writeFileSync(join(dir, 'pipeline-latest.svg'), await pipelineChart(r));
  return dir;
}
