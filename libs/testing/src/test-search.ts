import { Client } from '@elastic/elasticsearch';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { uniqueName } from './unique-name';
import { WORKSPACE_ROOT } from './workspace-root';

const run = promisify(execFile);
export const ES_URL = process.env.ES_URL ?? 'http://127.0.0.1:9200';
/** The script of the checkout that started the node (its pid file is there): ES_SCRIPT when a worktree shares another's node. */
const ES_SCRIPT = process.env.ES_SCRIPT ?? join(WORKSPACE_ROOT, 'scripts/elasticsearch.sh');

export interface TestSearch {
  client: Client;
  /** The jobs alias this run's services use; its indices (and the heartbeat's) are deleted by `delete`. */
  alias: string;
  delete(): Promise<void>;
}

/** A jobs alias of this run's own on the real Elasticsearch node. */
export function createTestSearch(label: string): TestSearch {
  const alias = uniqueName(label);
  const client = new Client({ node: ES_URL, requestTimeout: 30_000 });
  return {
    client,
    alias,
    async delete() {
      // Listing by pattern is allowed; deleting by one is not (action.destructive_requires_name).
      const indices = Object.keys(await client.indices.get({ index: `${alias}_*`, allow_no_indices: true }));
      if (indices.length > 0) await client.indices.delete({ index: indices });
      await client.close();
    },
  };
}

/**
 * Stops the machine's one node (SIGTERM); data stays on disk. Every test file running meanwhile
 * loses Elasticsearch too: for the chaos suite, which shows a real node's restart. A test of an
 * outage cuts its own services off with an `OutageProxy` instead.
 */
export async function stopElasticsearch(): Promise<void> {
  await run('bash', [ES_SCRIPT, 'stop']);
}

export async function startElasticsearch(): Promise<void> {
  await run('bash', [ES_SCRIPT, 'start'], { timeout: 180_000 });
}
