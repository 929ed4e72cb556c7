import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machine } from '../pipeline/report';
import { percentiles, Percentiles } from '../pipeline/stats';
import { FirstPageRun } from './first-page';
import { KeystrokeRun } from './keystrokes';
import { SeedRun } from './seed';

/** Issue 13's targets for the dashboard. */
export const DASHBOARD_TARGETS = { keystrokeP95Ms: 300, firstPageJsGzipKb: 250 };

export interface DashboardBenchReport {
  at: string;
  machine: { cpus: number; node: string };
  jobs: number;
  seed: SeedRun;
  keystrokes: number;
  keyDelayMs: number;
  /** Last keystroke in the search box → the answer for exactly what was typed drawn (the next frame after the DOM change); includes the box's 150 ms debounce. */
  keystrokeToResultsMs: Percentiles;
  /** The same, to the DOM change. */
  keystrokeToDomMs: Percentiles;
  firstPageJsGzipBytes: number;
  firstPageJsBytes: number;
  firstPageTransferredBytes: number;
  firstPage: FirstPageRun;
  targets: typeof DASHBOARD_TARGETS;
  met: { keystrokeP95: boolean; firstPageJsGzip: boolean };
  durationMs: number;
}

export function dashboardReport(seed: SeedRun, keystrokes: KeystrokeRun, firstPage: FirstPageRun, startedAt: number): DashboardBenchReport {
  const keystrokeToResultsMs = percentiles(keystrokes.drawnMs);
  return {
    at: new Date().toISOString(),
    machine: machine(),
    jobs: seed.jobs,
    seed,
    keystrokes: keystrokes.drawnMs.length,
    keyDelayMs: keystrokes.keyDelayMs,
    keystrokeToResultsMs,
    keystrokeToDomMs: percentiles(keystrokes.domMs),
    firstPageJsGzipBytes: firstPage.jsGzipBytes,
    firstPageJsBytes: firstPage.jsBytes,
    firstPageTransferredBytes: firstPage.transferredBytes,
    firstPage,
    targets: DASHBOARD_TARGETS,
    met: {
      keystrokeP95: keystrokeToResultsMs.p95 <= DASHBOARD_TARGETS.keystrokeP95Ms,
      firstPageJsGzip: firstPage.jsGzipBytes / 1024 <= DASHBOARD_TARGETS.firstPageJsGzipKb,
    },
    durationMs: Date.now() - startedAt,
  };
}

/** bench-results/dashboard-<time>.json and dashboard-latest.json; answers the directory. */
export function saveDashboardBench(report: DashboardBenchReport): string {
  const dir = join(__dirname, '../../bench-results');
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(join(dir, `dashboard-${report.at.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(join(dir, 'dashboard-latest.json'), json);
  return dir;
}

const n = (value: number) => Math.round(value).toLocaleString('en');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (l: Percentiles) => `p50 ${n(l.p50)} ms, p95 ${n(l.p95)} ms, p99 ${n(l.p99)} ms, max ${n(l.max)} ms`;

/** The table people read, in the pipeline benchmark's layout. */
export function describeDashboardBench(r: DashboardBenchReport): string {
  const rows: [string, string, string][] = [
    [
      `seed: ${n(r.jobs)} jobs, POST /jobs/bulk (1,000 each) + ${n(r.seed.statusChanges)} status changes`,
      `${n(r.seed.ms / 1000)} s`,
      'until every job is searchable at its last version',
    ],
    [
      `keystroke → results drawn, ${r.keystrokes} searches typed`,
      ms(r.keystrokeToResultsMs),
      `${r.keyDelayMs} ms between keys; includes the search box's 150 ms debounce; to the DOM change p95 ${n(r.keystrokeToDomMs.p95)} ms`,
    ],
    [
      'first page /ui/jobs: JavaScript',
      `${kb(r.firstPageJsGzipBytes)} gzipped`,
      `${r.firstPage.jsFiles.map((file) => file.url.split('/').pop()).join(', ')}: ${kb(r.firstPageJsBytes)} as sent (the gateway does not compress)`,
    ],
    ['first page /ui/jobs: transferred until the first rows', kb(r.firstPageTransferredBytes), `${r.firstPage.requests} requests, headers and bodies`],
    [`target: keystroke → results p95 ≤ ${r.targets.keystrokeP95Ms} ms`, `${n(r.keystrokeToResultsMs.p95)} ms`, r.met.keystrokeP95 ? 'met' : 'MISSED'],
    [`target: first page JavaScript ≤ ${r.targets.firstPageJsGzipKb} KB gzipped`, kb(r.firstPageJsGzipBytes), r.met.firstPageJsGzip ? 'met' : 'MISSED'],
  ];
  const width = [0, 1].map((col) => Math.max(...rows.map((row) => row[col].length)));
  return [
    `dashboard benchmark (${r.machine.cpus} cores, Node ${r.machine.node}, ${n(r.durationMs / 1000)} s)`,
    ...rows.map(([a, b, c]) => `${a.padEnd(width[0])}  ${b.padEnd(width[1])}  ${c}`.trimEnd()),
  ].join('\n');
}
