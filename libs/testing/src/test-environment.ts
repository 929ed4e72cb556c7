import { createTestDatabase, TestDatabase } from './test-database';
import { createTestSearch, ES_URL, TestSearch } from './test-search';
import { createTestVhost, TestVhost } from './test-vhost';

export interface TestEnvironment {
  db: TestDatabase;
  vhost: TestVhost;
  search: TestSearch;
  /** What every service of this run needs to find this run's resources. */
  env: NodeJS.ProcessEnv;
  teardown(): Promise<void>;
}

/** A database, a vhost and a jobs alias of this run's own, on the machine's real services. */
export async function createTestEnvironment(label: string): Promise<TestEnvironment> {
  const [db, vhost] = await Promise.all([createTestDatabase(label), createTestVhost(label)]);
  const search = createTestSearch(label);
  return {
    db,
    vhost,
    search,
    // Tests drive the gateway far faster than a dashboard does; test/access.int-spec.ts checks
    // the rate limit with a gateway of its own limit.
    env: { DATABASE_URL: db.url, AMQP_URL: vhost.url, ES_URL, ES_JOBS_ALIAS: search.alias, LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '1000000' },
    async teardown() {
      await Promise.allSettled([db.drop(), vhost.delete(), search.delete()]);
    },
  };
}
