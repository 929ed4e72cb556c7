import * as vega from 'vega';
import { compile, TopLevelSpec } from 'vega-lite';
import type { Field } from 'vega-lite/build/src/channeldef';
import type { LayerSpec, NonNormalizedSpec as Spec, UnitSpec } from 'vega-lite/build/src/spec';
import type { PipelineBenchReport } from './report';

/** The value at the end of each bar. */
const valueLabels = (field: string, format: string): LayerSpec<Field> | UnitSpec<Field> => ({
  mark: { type: 'text', align: 'left', dx: 3 },
  encoding: { text: { field, type: 'quantitative', format } },
});

/** Every rate of the run on one log scale: the floors first, then what the system does. */
function ratesPanel(r: PipelineBenchReport): Spec {
  const rates = [
    { what: 'floor: PostgreSQL, 1 job/tx (jobs)', kind: 'floor', perSecond: r.floors.pgSingleJobTxPerS },
    { what: 'floor: PostgreSQL, 100 jobs/tx (jobs)', kind: 'floor', perSecond: r.floors.pgBatchJobsPerS },
    { what: 'floor: Elasticsearch _bulk (docs)', kind: 'floor', perSecond: r.floors.esBulkDocsPerS },
    { what: 'floor: RabbitMQ confirmed (events)', kind: 'floor', perSecond: r.floors.amqpConfirmedPerS },
    { what: 'HTTP writes', kind: 'measured', perSecond: r.http.writesPerS },
    { what: 'job-writer alone (creates)', kind: 'measured', perSecond: r.writer.commandsPerS },
    { what: 'bulk, created and searchable (jobs)', kind: 'measured', perSecond: r.bulk.jobsPerS },
    { what: 'end to end, unpaced (jobs)', kind: 'measured', perSecond: r.throughput.jobsPerSecond },
    { what: 'backlog drained (events)', kind: 'measured', perSecond: r.drain.eventsPerS },
    { what: 'GET /jobs (requests)', kind: 'measured', perSecond: r.search.requestsPerS },
    { what: 'same search, Elasticsearch direct', kind: 'floor', perSecond: r.search.directEsRequestsPerS },
  ];
  return {
    title: 'rates (per second, log scale)',
    data: { values: rates },
    encoding: {
      y: { field: 'what', type: 'nominal', sort: null, title: null, axis: { labelLimit: 300 } },
      // symlog: a log scale that takes bars from zero.
      x: { field: 'perSecond', type: 'quantitative', title: 'per second', scale: { type: 'symlog' }, axis: { values: [10, 100, 1_000, 10_000, 100_000] } },
    },
    layer: [{ mark: 'bar', encoding: { color: { field: 'kind', type: 'nominal', title: null, legend: { orient: 'bottom' } } } }, valueLabels('perSecond', ',.0f')],
    width: 280,
  };
}

/** Where an HTTP write's CPU goes, process by process. */
function cpuPanel(r: PipelineBenchReport): Spec {
  return {
    title: `CPU per HTTP write (${r.http.cpuMsPerWriteTotal} ms in all)`,
    data: { values: Object.entries(r.http.cpuMsPerWrite).map(([process, ms]) => ({ process, ms })).sort((a, b) => b.ms - a.ms) },
    encoding: {
      y: { field: 'process', type: 'nominal', sort: null, title: null },
      x: { field: 'ms', type: 'quantitative', title: 'ms' },
    },
    layer: [{ mark: { type: 'bar', color: '#888' } }, valueLabels('ms', '.1f')],
    width: 200,
  };
}

/** Commit → searchable percentiles of both designs at each offered rate. */
function latencyPanel(r: PipelineBenchReport): Spec {
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
  return {
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
  };
}

/** The rates and the CPU per write side by side, the latencies below; SVG. */
export async function pipelineChart(r: PipelineBenchReport): Promise<string> {
  const spec: TopLevelSpec = {
    title: `Jobstream pipeline benchmark, ${r.at}`,
    vconcat: [{ hconcat: [ratesPanel(r), cpuPanel(r)] }, latencyPanel(r)],
    resolve: { scale: { color: 'independent' } },
  };
  return new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' }).toSVG();
}
