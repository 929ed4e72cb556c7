import { createTestEnvironment, createTestPerson, DASHBOARD_VIEWPORT, HttpClient, issueTestApiKey, launchBrowser, signInToDashboard, TestEnvironment } from '@jobstream/testing';
import type { Browser } from 'playwright-core';
import { measureFirstPage } from './dashboard/first-page';
import { addKeystrokeProbe, measureKeystrokes } from './dashboard/keystrokes';
import { dashboardReport, describeDashboardBench, saveDashboardBench } from './dashboard/report';
import { searchTerms, seedJobs } from './dashboard/seed';
import { Services } from './pipeline/services';

/** Sizes: DASHBOARD_BENCH_JOBS (10,000), DASHBOARD_BENCH_KEYSTROKES (100 searches), DASHBOARD_BENCH_KEY_DELAY_MS (80). */
const JOBS = Number(process.env.DASHBOARD_BENCH_JOBS ?? 10_000);
const SEARCHES = Number(process.env.DASHBOARD_BENCH_KEYSTROKES ?? 100);
const KEY_DELAY_MS = Number(process.env.DASHBOARD_BENCH_KEY_DELAY_MS ?? 80);

jest.setTimeout(3_600_000);

const log = (line: string) => process.stderr.write(`bench ${new Date().toISOString()}: ${line}\n`);

/**
 * `npm run bench -- dashboard`: the dashboard in Debian's chromium on a gateway over 10,000 jobs.
 * Searches typed key by key into the jobs page, timed in the page from the last keystroke to the
 * answer for exactly that search drawn; and the JavaScript the first page ships, gzipped.
 * Writes bench-results/dashboard-latest.json and prints a table with issue 13's targets.
 */
describe('dashboard benchmark', () => {
  let t: TestEnvironment;
  let services: Services<'gateway' | 'writer' | 'relay' | 'indexer'>;
  let browser: Browser;

  afterAll(async () => {
    await browser?.close();
    await services?.stop();
    await t?.teardown();
  });

  it(`${SEARCHES} searches typed over ${JOBS} jobs: keystroke → results, and the first page's JavaScript`, async () => {
    const started = Date.now();
    browser = await launchBrowser();
    t = await createTestEnvironment('benchdash');
    services = await Services.start(t, ['gateway', 'writer', 'relay', 'indexer'] as const);
    const gatewayUrl = services.apps.gateway.url;
    const api = new HttpClient(gatewayUrl, (await issueTestApiKey(t.db.dataSource, 'admin')).key);

    log(`seed: ${JOBS} jobs through POST /jobs/bulk, then their status changes`);
    const seed = await seedJobs(t, api, JOBS);

    const context = await browser.newContext({ viewport: DASHBOARD_VIEWPORT });
    const page = await context.newPage();
    await addKeystrokeProbe(page);
    await signInToDashboard(page, gatewayUrl, await createTestPerson(t.db.dataSource, 'viewer'));
    await page.getByTestId('job-row').first().waitFor({ timeout: 30_000 });

    log(`first page: /ui/jobs in a new context, empty cache`);
    const firstPage = await measureFirstPage(browser, gatewayUrl, await context.storageState());

    log(`keystrokes: ${SEARCHES} searches, ${KEY_DELAY_MS} ms between keys`);
    const keystrokes = await measureKeystrokes(page, api, searchTerms(SEARCHES), KEY_DELAY_MS);

    const report = dashboardReport(seed, keystrokes, firstPage, started);
    const dir = saveDashboardBench(report);
    process.stderr.write(`\n${describeDashboardBench(report)}\n(JSON in ${dir})\n`);

    expect(keystrokes.mismatches).toEqual([]);
    expect(report.keystrokes).toBe(SEARCHES);
    expect(firstPage.jsFiles.length).toBeGreaterThan(0);
  });
});
