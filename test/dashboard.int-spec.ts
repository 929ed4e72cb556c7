/**
 * @slow a browser, and axe on every page (test/sequencer.cjs starts this file first)
 */
import AxeBuilder from '@axe-core/playwright';
import { JobSnapshotV1 } from '@jobstream/contracts';
import {
  AppProcess,
  createTestEnvironment,
  createTestPerson,
  DASHBOARD_VIEWPORT,
  eventually,
  HttpClient,
  issueTestApiKey,
  launchBrowser,
  signInToDashboard,
  TestEnvironment,
  TestPerson,
  waitFor,
} from '@jobstream/testing';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page, Route } from 'playwright-core';

jest.setTimeout(180_000);

/** Nothing listens here: the second gateway always answers from PostgreSQL. */
const DEAD_ES_URL = 'http://127.0.0.1:9';
/** Every run's screenshots; DASHBOARD_SCREENSHOTS_DIR=docs/dashboard refreshes the README's. */
const SCREENSHOT_DIRS = [join(__dirname, '../.run/screenshots'), ...(process.env.DASHBOARD_SCREENSHOTS_DIR ? [process.env.DASHBOARD_SCREENSHOTS_DIR] : [])];
/** How long a job written through the API may take to show on a live page: the page asks every second. */
const LIVE_WITHIN_MS = 5_000;

type Status = JobSnapshotV1['status'];
interface SeedJob {
  projectName: string;
  type: JobSnapshotV1['type'];
  /** The statuses it goes through after PENDING. */
  path: Status[];
  errorMessage?: string;
  metadata?: Record<string, unknown>;
}

const seed = (projectName: string, type: SeedJob['type'], path: Status[] = [], extra: Partial<SeedJob> = {}): SeedJob => ({ projectName, type, path, ...extra });
/** Three projects: billing-api for the search, checkout-web (7, more than a page of 5) for paging, search-indexer for variety. */
const SEED: SeedJob[] = [
  seed('billing-api', 'IMAGE_BUILD', ['RUNNING'], { metadata: { commit: '4f9c2e1', branch: 'main' } }),
  seed('billing-api', 'WORKSPACE_START', ['RUNNING']),
  seed('billing-api', 'IMAGE_BUILD'),
  seed('billing-api', 'IMAGE_BUILD', ['RUNNING', 'COMPLETED'], { metadata: { commit: 'a81d07b', branch: 'release-2.4', retries: 1 } }),
  ...(['PENDING', 'RUNNING', 'COMPLETED', 'PENDING', 'RUNNING', 'CANCELLED', 'COMPLETED'] as const).map((status, i) =>
    seed('checkout-web', i % 2 ? 'WORKSPACE_CREATE' : 'IMAGE_BUILD', status === 'PENDING' ? [] : status === 'RUNNING' ? ['RUNNING'] : ['RUNNING', status]),
  ),
  seed('search-indexer', 'IMAGE_BUILD', ['RUNNING', 'FAILED'], { errorMessage: 'exit code 137 OOMKilled while linking' }),
  seed('search-indexer', 'WORKSPACE_STOP', ['RUNNING', 'COMPLETED']),
  seed('search-indexer', 'WORKSPACE_DELETE'),
];

/**
 * The dashboard in a real browser (Debian's chromium through playwright-core) against the real
 * services: sign-in and its endings, search in the URL, paging, a job's detail and its writes
 * (with the 409 of a stale version), live updates, the fallback badge, roles, accessibility, and
 * the README's screenshots. One browser for the file, a fresh context (cookies) per test.
 */
describe('dashboard in the browser', () => {
  let t: TestEnvironment;
  let apps: AppProcess[];
  let gateway: AppProcess;
  let fallbackGateway: AppProcess;
  let api: HttpClient;
  let browser: Browser;
  let writer: TestPerson;
  let viewer: TestPerson;
  let admin: TestPerson;
  let ownerId: string;
  /** The seeded jobs, in SEED's order, at their last version. */
  let seeded: JobSnapshotV1[];
  let contexts: BrowserContext[] = [];
  /** What the pages of the current test threw or logged as errors, shown after it. */
  let pageErrors: string[] = [];

  const sql = <T = any>(text: string, params: unknown[] = []): Promise<T[]> => t.db.dataSource.query(text, params);
  const idsOf = (jobs: JobSnapshotV1[]) => jobs.map((job) => job.id).sort();
  const seededWhere = (project: string, status?: Status) => seeded.filter((job) => job.projectName === project && (!status || job.status === status));

  /** A new context (no cookies) at the dashboard's size, failing a wait after 10 s rather than Playwright's 30. */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: DASHBOARD_VIEWPORT });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.stack ?? error.message}`));
    // Refused requests (the 401 of "who is signed in?" when nobody is) are the tests' business, not errors.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`${page.url()}: console: ${message.text()}`);
    });
    return page;
  }

  async function signedIn(person: TestPerson, path = '/ui/jobs', app = gateway): Promise<Page> {
    const page = await newPage();
    await signInToDashboard(page, app.url, person, path);
    return page;
  }

  /** The rows of the results table as the page shows them now. */
  const rows = (page: Page) =>
    page.getByTestId('job-row').evaluateAll((trs) => trs.map((tr) => ({ id: tr.getAttribute('data-job-id')!, status: tr.getAttribute('data-status')! })));
  const rowIds = async (page: Page) => (await rows(page)).map((row) => row.id).sort();
  /** Waits until the locator shows `text` (a substring, or a pattern). */
  const shows = (locator: Locator, text: string | RegExp, timeout?: number) => locator.filter({ hasText: text }).waitFor({ timeout });
  const pathOf = (page: Page) => new URL(page.url()).pathname;
  const paramOf = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

  async function createJob(projectName: string): Promise<JobSnapshotV1> {
    const { status, body } = await api.post('/jobs', { userId: ownerId, type: 'IMAGE_BUILD', projectName });
    expect(status).toBe(201);
    return body;
  }

  beforeAll(async () => {
    // First, so that a machine without the browser fails at once and says what to install.
    browser = await launchBrowser();
    t = await createTestEnvironment('dashboard');
    apps = await Promise.all([
      AppProcess.start('job-writer', t.env),
      AppProcess.start('outbox-relay', t.env),
      AppProcess.start('indexer', t.env),
      // A generous search timeout: a loaded machine must not turn an Elasticsearch answer into a fallback.
      AppProcess.start('gateway', { ...t.env, SEARCH_TIMEOUT_MS: '5000' }),
      AppProcess.start('gateway', { ...t.env, ES_URL: DEAD_ES_URL }),
    ]);
    [, , , gateway, fallbackGateway] = apps;
    api = new HttpClient(gateway.url, (await issueTestApiKey(t.db.dataSource, 'admin')).key);
    [writer, viewer, admin] = await Promise.all((['writer', 'viewer', 'admin'] as const).map((role) => createTestPerson(t.db.dataSource, role)));

    const owner = await api.post('/users', { email: 'ann.lee@example.com', name: 'Ann Lee' });
    ownerId = owner.body.id;
    const workspace = await api.post('/workspaces', { userId: ownerId, projectName: 'billing-api', arch: 'arm64', hostname: 'build-arm-01' });
    const created = await api.post('/jobs/bulk', {
      items: SEED.map((job, i) => ({
        userId: ownerId,
        type: job.type,
        projectName: job.projectName,
        metadata: job.metadata,
        ...(i % 3 === 0 ? { workspaceId: workspace.body.id } : { hostname: `build-amd-0${(i % 2) + 1}`, arch: 'amd64' }),
      })),
    });
    expect(created.status).toBe(200);
    const ids: string[] = created.body.items.map((item: { job: JobSnapshotV1 }) => item.job.id);
    // One request: changes naming one job apply in request order.
    const changes = SEED.flatMap((job, i) => job.path.map((status) => ({ id: ids[i], status, ...(status === 'FAILED' ? { errorMessage: job.errorMessage } : {}) })));
    const changed = await api.patch('/jobs/bulk/status', { items: changes });
    expect(changed.body.items.filter((item: { status: number }) => item.status !== 200)).toEqual([]);
    seeded = await waitFor(
      async () => {
        const { body } = await api.get(`/jobs?size=100&order=asc`);
        const byId = new Map<string, JobSnapshotV1>(body.items.map((job: JobSnapshotV1) => [job.id, job]));
        const jobs = ids.map((id) => byId.get(id)).filter((job, i) => job?.version === 1 + SEED[i].path.length) as JobSnapshotV1[];
        return jobs.length === ids.length ? jobs : undefined;
      },
      { what: 'the seeded jobs searchable at their last versions' },
    );
  });

  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
    if (pageErrors.length > 0) console.warn(`dashboard: the pages reported errors:\n${pageErrors.join('\n')}`);
    pageErrors = [];
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(apps?.map((app) => app.stop()) ?? []);
    await t?.teardown();
  });

  it('signs in with the form and out again; a wrong password shows why and stays on the sign-in page', async () => {
    const page = await newPage();
    await page.goto(`${gateway.url}/ui/jobs`);
    await page.waitForURL('**/ui/sign-in');

    await page.getByTestId('signin-email').fill(writer.email);
    await page.getByTestId('signin-password').fill('not-the-password');
    await page.getByTestId('signin-submit').click();
    await shows(page.getByTestId('signin-error'), 'Wrong email or password');
    expect(pathOf(page)).toBe('/ui/sign-in');

    await page.getByTestId('signin-password').fill(writer.password);
    await page.getByTestId('signin-submit').click();
    await page.waitForURL('**/ui/jobs');
    await page.getByTestId('job-row').first().waitFor();
    await page.getByTestId('sign-out').click();
    await page.waitForURL('**/ui/sign-in');

    // The cookie is gone too: a fresh load of a page behind sign-in lands on the form again.
    await page.goto(`${gateway.url}/ui/jobs`);
    await page.waitForURL('**/ui/sign-in');
    await page.getByTestId('signin-email').waitFor();
    expect(await page.getByTestId('sign-out').count()).toBe(0);
  });

  it('sends a page whose session expired back to sign-in, saying the session has expired', async () => {
    const person = await createTestPerson(t.db.dataSource, 'viewer');
    const page = await signedIn(person);
    await page.getByTestId('job-row').first().waitFor();

    await sql(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [person.userId]);

    // The jobs page asks again every second; its next answer is a 401.
    await page.waitForURL('**/ui/sign-in', { timeout: LIVE_WITHIN_MS });
    await shows(page.getByRole('status'), /session has expired/);
    await page.getByTestId('signin-email').waitFor();
  });

  it('narrows the results as one types, filters by a facet, and the back button restores the previous results', async () => {
    const page = await signedIn(writer);
    await eventually(async () => expect(await rowIds(page)).toEqual(idsOf(seeded)));

    await page.getByTestId('search-input').pressSequentially('billing');
    await page.waitForURL((url) => url.searchParams.get('q') === 'billing');
    await eventually(async () => expect(await rowIds(page)).toEqual(idsOf(seededWhere('billing-api'))));

    const running = page.getByTestId('facet-status-RUNNING');
    await running.click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'RUNNING');
    await eventually(async () => {
      expect(await rowIds(page)).toEqual(idsOf(seededWhere('billing-api', 'RUNNING')));
      expect((await rows(page)).every((row) => row.status === 'RUNNING')).toBe(true);
      expect(await running.getAttribute('aria-pressed')).toBe('true');
    });

    await page.goBack();
    await eventually(async () => {
      expect([paramOf(page, 'q'), paramOf(page, 'status')]).toEqual(['billing', null]);
      expect(await rowIds(page)).toEqual(idsOf(seededWhere('billing-api')));
      expect(await running.getAttribute('aria-pressed')).toBe('false');
    });
    expect(await page.getByTestId('search-input').inputValue()).toBe('billing');
  });

  it('pages with the cursor in the URL: next page shows other jobs, back returns to the first', async () => {
    const project = seededWhere('checkout-web');
    const page = await signedIn(writer, '/ui/jobs?projectName=checkout-web&size=5');
    const first = await eventually(async () => {
      const ids = await rowIds(page);
      expect(ids).toHaveLength(5);
      return ids;
    });

    await page.getByTestId('next-page').click();
    await page.waitForURL((url) => !!url.searchParams.get('cursor'));
    const second = await eventually(async () => {
      const ids = await rowIds(page);
      expect(ids).toHaveLength(project.length - 5);
      expect(ids.filter((id) => first.includes(id))).toEqual([]);
      return ids;
    });
    expect([...first, ...second].sort()).toEqual(idsOf(project));

    await page.goBack();
    await eventually(async () => expect(await rowIds(page)).toEqual(first));
    expect(paramOf(page, 'cursor')).toBeNull();
  });

  it('opens a job from its row: status, version, the search index in step, and its history', async () => {
    const job = seeded[0]; // billing-api, PENDING → RUNNING
    const page = await signedIn(writer, '/ui/jobs?q=billing');
    await page.locator(`[data-testid="job-row"][data-job-id="${job.id}"] a`).click();
    await page.waitForURL(`**/ui/jobs/${job.id}`);

    await shows(page.getByTestId('job-status'), /^RUNNING$/);
    await shows(page.getByTestId('job-version'), /^2$/);
    await shows(page.getByTestId('sync-state'), /^in step$/);
    await shows(page.getByTestId('history'), 'created as PENDING');
    await shows(page.getByTestId('history'), 'PENDING → RUNNING');
  });

  it('cancels a job from its page: the status becomes CANCELLED and the version goes up', async () => {
    const job = await createJob('cancel-me');
    const page = await signedIn(writer, `/ui/jobs/${job.id}`);
    await shows(page.getByTestId('job-version'), /^1$/);

    await page.getByTestId('action-cancel').click();

    await shows(page.getByTestId('job-status'), /^CANCELLED$/);
    await shows(page.getByTestId('job-version'), /^2$/);
    await shows(page.getByTestId('history'), 'PENDING → CANCELLED');
    const stored = await api.get(`/jobs/${job.id}?consistency=strong`);
    expect([stored.body.status, stored.body.version]).toEqual(['CANCELLED', 2]);
  });

  it('refuses an action on a job changed behind the page: the conflict names the current version, and Reload shows it', async () => {
    const job = await createJob('changed-elsewhere');
    const page = await signedIn(writer, `/ui/jobs/${job.id}`);
    await shows(page.getByTestId('job-version'), /^1$/);
    // Hold the page's reads of the row, so that it still shows version 1 when the user clicks.
    const held: Route[] = [];
    const rowReads = (url: URL) => url.pathname === `/jobs/${job.id}` && url.searchParams.get('consistency') === 'strong';
    await page.route(rowReads, (route) => void held.push(route));
    expect((await api.patch(`/jobs/${job.id}/status`, { status: 'RUNNING' })).status).toBe(200);

    await page.getByTestId('action-cancel').click();

    await shows(page.getByTestId('conflict'), 'now at version 2');
    expect(await page.getByTestId('job-version').textContent()).toBe('1');
    await page.unroute(rowReads);
    await Promise.all(held.map((route) => route.continue().catch(() => undefined)));
    await page.getByTestId('conflict').getByRole('button', { name: 'Reload' }).click();
    await shows(page.getByTestId('job-version'), /^2$/);
    await shows(page.getByTestId('job-status'), /^RUNNING$/);
    await page.getByTestId('conflict').waitFor({ state: 'detached' });
    expect((await api.get(`/jobs/${job.id}?consistency=strong`)).body.status).toBe('RUNNING');
  });

  it(`shows a job created through the API on the filtered jobs page without a reload, within ${LIVE_WITHIN_MS} ms`, async () => {
    const page = await signedIn(viewer, '/ui/jobs?projectName=live-feed');
    await shows(page.getByTestId('results'), 'No jobs match.');

    const job = await createJob('live-feed');
    const written = Date.now();

    await page.locator(`[data-testid="job-row"][data-job-id="${job.id}"]`).waitFor({ timeout: LIVE_WITHIN_MS });
    console.log(`dashboard: a new job showed on the live page ${Date.now() - written} ms after its write was answered`);
  });

  it('says so when the PostgreSQL fallback answered the search', async () => {
    const page = await signedIn(viewer, '/ui/jobs', fallbackGateway);

    await page.getByTestId('fallback-badge').waitFor();
    await eventually(async () => expect(await rowIds(page)).toEqual(expect.arrayContaining(idsOf(seeded))));
  });

  it('shows a viewer no actions and no Operations link; a writer the actions; an admin the Operations link', async () => {
    const job = seeded[2]; // PENDING
    const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

    const asViewer = await signedIn(viewer, `/ui/jobs/${job.id}`);
    await shows(asViewer.getByTestId('job-version'), /^1$/);
    await nav(asViewer).getByRole('link', { name: 'Jobs' }).waitFor();
    expect(await asViewer.locator('[data-testid^="action-"]').count()).toBe(0);
    expect(await nav(asViewer).getByRole('link', { name: 'Operations' }).count()).toBe(0);

    const asWriter = await signedIn(writer, `/ui/jobs/${job.id}`);
    for (const action of ['action-start', 'action-cancel', 'action-delete']) await asWriter.getByTestId(action).waitFor();
    expect(await nav(asWriter).getByRole('link', { name: 'Operations' }).count()).toBe(0);

    const asAdmin = await signedIn(admin);
    await nav(asAdmin).getByRole('link', { name: 'Operations' }).waitFor();
  });

  /** Each page of the dashboard, loaded and showing its data, as an admin sees it (sign-in signed out). */
  async function eachPage(visit: (name: string, page: Page) => Promise<void>): Promise<void> {
    const signedOut = await newPage();
    await signedOut.goto(`${gateway.url}/ui/sign-in`);
    await signedOut.getByTestId('signin-email').waitFor();
    await visit('sign-in', signedOut);

    const page = await signedIn(admin);
    await eventually(async () => expect(await rowIds(page)).toEqual(expect.arrayContaining(idsOf(seeded))));
    await page.getByTestId('facet-status-RUNNING').waitFor();
    await visit('jobs', page);

    const detail = seeded[3]; // billing-api, completed, with metadata: a history of three changes
    await page.goto(`${gateway.url}/ui/jobs/${detail.id}`);
    await shows(page.getByTestId('sync-state'), /^in step$/);
    await shows(page.getByTestId('history'), 'RUNNING → COMPLETED');
    await visit('job-detail', page);

    await page.goto(`${gateway.url}/ui/operations`);
    await page.getByTestId('pipeline-health').waitFor();
    // A repair started from the page, so that the tasks table shows one with its outcome.
    await page.getByTestId('start-repair').click();
    await page.locator('[data-testid="task-row"][data-task-type="REPAIR"][data-status="COMPLETED"]').waitFor();
    await page.getByTestId('users').getByRole('table').waitFor();
    await page.getByText('Loading roles…').first().waitFor({ state: 'detached' });
    await page.evaluate('window.scrollTo(0, 0)');
    await visit('operations', page);
  }

  it('has no serious or critical accessibility violations (axe) on the sign-in, jobs, job and operations pages', async () => {
    const found: string[] = [];
    const lesser: string[] = [];
    await eachPage(async (name, page) => {
      const { violations } = await new AxeBuilder({ page }).analyze();
      for (const violation of violations) {
        const where = violation.nodes.map((node) => node.target.join(' ')).join('; ');
        const line = `${name}: ${violation.id} (${violation.impact}) ${violation.help} at ${where}`;
        (violation.impact === 'serious' || violation.impact === 'critical' ? found : lesser).push(line);
      }
    });

    if (lesser.length > 0) console.log(`dashboard: axe's moderate and minor findings:\n${lesser.join('\n')}`);
    expect(found).toEqual([]);
  });

  it('takes a screenshot of every page', async () => {
    for (const dir of SCREENSHOT_DIRS) mkdirSync(dir, { recursive: true });
    const taken: string[] = [];
    await eachPage(async (name, page) => {
      // A few samples in the pipeline's charts, so that they show lines rather than their first point.
      if (name === 'operations') await page.locator('svg[aria-label*="over the last 4 samples"]').first().waitFor();
      for (const dir of SCREENSHOT_DIRS) await page.screenshot({ path: join(dir, `${name}.png`) });
      taken.push(name);
    });

    expect(taken).toEqual(['sign-in', 'jobs', 'job-detail', 'operations']);
  });
});
