import { JobStatus, JOB_TYPES } from '@jobstream/domain';
import { HttpClient, inParallel, TestEnvironment, waitFor } from '@jobstream/testing';
import { chunks } from '../pipeline/stats';

/** The first word of every project name: what people type into the search box. */
export const PROJECT_WORDS = [
  'billing', 'checkout', 'search', 'payments', 'inventory', 'analytics', 'notifications', 'identity', 'catalog', 'shipping',
  'recommendations', 'reporting', 'scheduler', 'ledger', 'invoicing', 'onboarding', 'telemetry', 'storage', 'messaging', 'pricing',
];
/** The second word: the part of the product. */
export const COMPONENT_WORDS = ['api', 'web', 'worker', 'service', 'pipeline', 'mobile', 'console', 'infra'];
/** 160 project names, `billing-api` … `pricing-infra`. */
export const PROJECTS = PROJECT_WORDS.flatMap((word) => COMPONENT_WORDS.map((component) => `${word}-${component}`));

const BRANCHES = ['main', 'develop', 'release-2.4', 'release-2.5', 'hotfix-login'];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];
const ERRORS = ['exit code 137 OOMKilled', 'timeout waiting for registry', 'disk full on /var/lib/docker', 'network unreachable', 'exit code 1: tests failed'];

export interface SeedRun {
  jobs: number;
  statusChanges: number;
  /** From the first create sent to the last job searchable at its last version. */
  ms: number;
}

/** Which statuses job `i` goes through after PENDING: 30 % stay pending, 20 % run, 30 % complete, 10 % fail, 10 % are cancelled. */
function pathOf(i: number): JobStatus[] {
  const roll = (i * 7) % 10;
  if (roll < 3) return [];
  if (roll < 5) return ['RUNNING'];
  if (roll < 8) return ['RUNNING', 'COMPLETED'];
  if (roll < 9) return ['RUNNING', 'FAILED'];
  return ['CANCELLED'];
}

async function send(http: HttpClient, path: string, method: 'post' | 'patch', items: object[]): Promise<{ job: { id: string } }[]> {
  const answer = await http[method](path, { items });
  const refused = answer.status === 200 ? answer.body.items.find((item: { status: number }) => item.status >= 300) : answer.body;
  if (refused) throw new Error(`${method.toUpperCase()} ${path} answered ${answer.status}: ${JSON.stringify(refused)}`);
  return answer.body.items;
}

/**
 * `jobs` varied jobs through the API as people's tools would write them: `POST /jobs/bulk`, 1,000
 * per request, owned by 20 users and 6 workspaces, 160 projects, every type, metadata; then their
 * status changes through `PATCH /jobs/bulk/status` (each job's changes in one request, in order).
 * Waits until every job is in Elasticsearch at its last version.
 */
export async function seedJobs(t: TestEnvironment, http: HttpClient, jobs: number): Promise<SeedRun> {
  const users = await inParallel([...Array(20).keys()], 4, async (i) => (await http.post('/users', { email: `dev${i}@example.com`, name: `Developer ${i}` })).body.id as string);
  const workspaces = await inParallel([...Array(6).keys()], 3, async (i) => {
    const arch = i % 2 ? 'arm64' : 'amd64';
    const { body } = await http.post('/workspaces', { userId: users[i], projectName: PROJECTS[i * 17], arch, hostname: `build-${arch}-0${i}` });
    return { id: body.id as string, userId: users[i] };
  });
  const started = Date.now();
  const items = Array.from({ length: jobs }, (_, i) => {
    const workspace = i % 4 === 0 ? workspaces[i % workspaces.length] : undefined;
    return {
      userId: workspace?.userId ?? users[i % users.length],
      workspaceId: workspace?.id,
      type: JOB_TYPES[i % JOB_TYPES.length],
      // A prime stride spreads every project over the whole range of creation times.
      projectName: PROJECTS[(i * 7919) % PROJECTS.length],
      ...(workspace ? {} : { hostname: `runner-${i % 12}`, arch: i % 3 ? 'amd64' : 'arm64' }),
      metadata: { commit: (i * 2654435761).toString(16).slice(-7), branch: BRANCHES[i % BRANCHES.length], region: REGIONS[i % REGIONS.length], retries: i % 4 },
    };
  });
  const ids = (await inParallel(chunks(items, 1_000), 2, (batch) => send(http, '/jobs/bulk', 'post', batch))).flat().map((item) => item.job.id);
  // 500 jobs per request: at most two changes each, so at most 1,000 items, and one job's changes never split.
  const changes = chunks(ids.map((id, i) => ({ id, i })), 500).map((batch) =>
    batch.flatMap(({ id, i }) => pathOf(i).map((status) => ({ id, status, ...(status === 'FAILED' ? { errorMessage: ERRORS[i % ERRORS.length] } : {}) }))),
  );
  await inParallel(changes.filter((batch) => batch.length > 0), 2, (batch) => send(http, '/jobs/bulk/status', 'patch', batch));
  await waitFor(
    async () => {
      const [{ behind }] = await t.db.dataSource.query(`SELECT count(*)::int AS behind FROM job WHERE es_sync_version IS DISTINCT FROM version`);
      return behind === 0 && (await t.search.client.count({ index: t.search.alias })).count === jobs;
    },
    { timeoutMs: 600_000, intervalMs: 500, what: `${jobs} jobs searchable at their last versions` },
  );
  return { jobs, statusChanges: changes.flat().length, ms: Date.now() - started };
}

/**
 * `n` different searches made of words of the project names, as people type them: single words
 * (`billing`) and pairs in either order (`billing api`, `api billing`), mixed by a stride.
 */
export function searchTerms(n: number): string[] {
  const pairs = PROJECT_WORDS.flatMap((word) => COMPONENT_WORDS.map((component) => [word, component]));
  const all = [...PROJECT_WORDS, ...COMPONENT_WORDS, ...pairs.map((pair) => pair.join(' ')), ...pairs.map((pair) => [...pair].reverse().join(' '))];
  if (n > all.length) throw new Error(`at most ${all.length} different searches (DASHBOARD_BENCH_KEYSTROKES=${n})`);
  // 37 shares no factor with all.length (348), so the stride visits every term once.
  return Array.from({ length: n }, (_, k) => all[(k * 37) % all.length]);
}
