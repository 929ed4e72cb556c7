import type { LatencyComparison, PipelineBenchReport, TargetCheck } from './report';
import { combinedStoreFloor } from './report';
import type { WorkloadRun } from './scenarios';
import type { ProcessName } from './services';
import type { Percentiles } from './stats';

type Row = [what: string, measured: string, note: string];

const n = (value: number) => Math.round(value).toLocaleString('en');
const ms = (l: Percentiles) => `p50 ${n(l.p50)} ms, p95 ${n(l.p95)} ms, p99 ${n(l.p99)} ms, max ${n(l.max)} ms`;
const PROCESS_LABELS: Record<ProcessName, string> = {
  gateway: 'gateway',
  writer: 'job-writer',
  relay: 'relay',
  indexer: 'indexer',
  postgres: 'PostgreSQL',
  rabbitmq: 'RabbitMQ',
  elasticsearch: 'Elasticsearch',
};
const perProcess = (values: Partial<Record<ProcessName, number>>, unit = '') =>
  (Object.entries(values) as [ProcessName, number][]).map(([name, value]) => `${PROCESS_LABELS[name]} ${value}${unit}`).join(', ');

/** "0.42 of <what> (target ≥ 0.6)": the ratio and, when the issue sets one, its target. */
function against(r: PipelineBenchReport, key: keyof PipelineBenchReport['ratios'], what: string): string {
  const target = r.targets.find((check) => check.what === key);
  return `${r.ratios[key]} of ${what}${target ? ` (target ${target.target})` : ''}`;
}

function floorRows({ floors, rawInsert }: PipelineBenchReport): Row[] {
  return [
    [
      'floor: PostgreSQL, one create per transaction',
      `${n(floors.pgSingleJobTxPerS)} jobs/s`,
      `job, outbox and audit rows in one statement; pg, 10 connections, 32 callers; PostgreSQL CPU ${floors.runs.pgSingleJobTx.postgresCpuMs} ms/job`,
    ],
    ['floor: PostgreSQL, 100 creates per transaction', `${n(floors.pgBatchJobsPerS)} jobs/s`, `PostgreSQL CPU ${floors.runs.pgBatch.postgresCpuMs} ms/job`],
    ['floor: Elasticsearch _bulk, same documents', `${n(floors.esBulkDocsPerS)} docs/s`, '1,000 per request, until refreshed'],
    ['floor: RabbitMQ, same events confirmed, consumed', `${n(floors.amqpConfirmedPerS)} events/s`, 'publisher confirms, quorum queue, one ack each'],
    ['raw PostgreSQL insert, job rows only', `${n(rawInsert.perSecond)} rows/s`, '1,000 per statement into a copy of the job table'],
  ];
}

function httpRows({ http }: PipelineBenchReport): Row[] {
  return [
    [`HTTP writes, ${http.clients} clients (create → RUNNING → COMPLETED)`, `${n(http.writesPerS)} writes/s`, `per request ${ms(http.latencyMs)}`],
    [
      'CPU per HTTP write, all processes',
      `${http.cpuMsPerWriteTotal} ms`,
      `${perProcess(http.cpuMsPerWrite)}; load generator ${http.loadGeneratorCpuMsPerWrite}, elsewhere ${http.elsewhereCpuMsPerWrite}`,
    ],
    ['peak RSS during the HTTP run', perProcess({ gateway: http.rssMb.gateway, writer: http.rssMb.writer, relay: http.rssMb.relay, indexer: http.rssMb.indexer }, ' MB'), ''],
  ];
}

function writeSideRows(r: PipelineBenchReport): Row[] {
  const { writer, bulk, floors } = r;
  return [
    [
      'job-writer alone, job.create over AMQP',
      `${n(writer.commandsPerS)} commands/s`,
      `${against(r, 'writerToPgFloor', 'the PostgreSQL floor')}; in-process command service ${n(writer.serviceCommandsPerS)}/s; CPU per command ${perProcess(writer.cpuMsPerCommand, ' ms')}`,
    ],
    [
      `bulk: ${n(bulk.jobs)} jobs, ${n(bulk.batchSize)} per request, until searchable`,
      `${n(bulk.jobsPerS)} jobs/s`,
      `${against(r, 'bulkToFloor', `the stores' floor (${n(combinedStoreFloor(floors))} jobs/s)`)}; created at ${n(bulk.createdJobsPerS)} jobs/s`,
    ],
  ];
}

function pipelineRows(r: PipelineBenchReport): Row[] {
  return [
    [
      `end to end, ${n(r.throughput.jobs)} jobs unpaced`,
      `${n(r.throughput.jobsPerSecond)} jobs/s (${n(r.throughput.writesPerSecond)} writes/s)`,
      `${r.ratios.throughputToRawBulk} of _bulk, ${r.ratios.throughputToRawInsert} of insert; writes committed at ${n(r.throughput.committedJobsPerSecond)} jobs/s`,
    ],
    [
      `backlog of ${n(r.backlog.jobs)} jobs drained`,
      `${n(r.drain.eventsPerS)} events/s (${n(r.drain.jobsPerS)} jobs/s)`,
      against(r, 'drainToEsBulk', '_bulk docs/s'),
    ],
  ];
}

function searchRows(r: PipelineBenchReport): Row[] {
  const { search, readYourWrites } = r;
  const cost = (cpu: { elasticsearch: number }) => `Elasticsearch CPU ${cpu.elasticsearch} ms/request`;
  return [
    [
      `GET /jobs, one filter + facets, ${search.clients} clients, ${n(search.jobs)} jobs`,
      `${n(search.requestsPerS)} requests/s`,
      `${ms(search.gateway.latencyMs)}; ${against(r, 'searchToDirectEs', 'direct')}; gateway CPU ${search.gateway.cpuMsPerRequest.gateway} ms/request, ${cost(search.gateway.cpuMsPerRequest)}; ${search.gateway.answeredByPostgres} answered by PostgreSQL`,
    ],
    ['the same search straight to Elasticsearch', `${n(search.directEsRequestsPerS)} requests/s`, `${ms(search.directEs.latencyMs)}; ${cost(search.directEs.cpuMsPerRequest)}`],
    [
      `read-your-writes: create, then list with minVersion`,
      `waited ${ms(readYourWrites.waitedMs)}`,
      `${readYourWrites.boundExceeded} of ${readYourWrites.writes} past the bound`,
    ],
  ];
}

function latencyRows(c: LatencyComparison): Row[] {
  const offered = `${n(c.offeredJobsPerSecond)} jobs/s offered${c.basis === 'fixed' ? '' : ` (${c.basis})`}`;
  const committed = (run: WorkloadRun) => `${n(run.committedJobsPerSecond)} jobs/s committed`;
  return [
    [`${offered}: pipeline`, ms(c.pipeline.latencyMs), committed(c.pipeline)],
    [`${offered}: polling (seed 001, 1 s)`, ms(c.polling.latencyMs), committed(c.polling)],
    [`${offered}: pipeline ÷ polling`, `p50 ${c.p50PipelineToPolling}, p99 ${c.p99PipelineToPolling}`, ''],
  ];
}

const targetRow = (check: TargetCheck): Row => [`target: ${check.what}`, `${check.measured} (${check.target})`, check.met ? 'met' : 'MISSED'];

/** The one table people read; every ratio in it comes from this run. */
export function describePipelineBench(r: PipelineBenchReport): string {
  const rows: Row[] = [
    ...floorRows(r),
    ...httpRows(r),
    ...writeSideRows(r),
    ...pipelineRows(r),
    ...searchRows(r),
    ...r.latency.flatMap(latencyRows),
    ...r.targets.map(targetRow),
  ];
  const width = [0, 1].map((col) => Math.max(...rows.map((row) => row[col].length)));
  return [
    `pipeline benchmark (${r.machine.cpus} cores, Node ${r.machine.node}, seed ${r.seed}, ${n(r.durationMs / 1000)} s)`,
    ...rows.map(([a, b, c]) => `${a.padEnd(width[0])}  ${b.padEnd(width[1])}  ${c}`.trimEnd()),
  ].join('\n');
}
