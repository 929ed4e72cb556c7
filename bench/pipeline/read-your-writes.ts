import { HttpClient, inParallel } from '@jobstream/testing';
import { percentiles, Percentiles } from './stats';

export interface ReadYourWritesRun {
  writes: number;
  /** What the gateway reports it waited (X-Consistency-Waited-Ms) before its search showed the job just created. */
  waitedMs: Percentiles;
  /** Waits that ran out of READ_YOUR_WRITES_TIMEOUT_MS and were answered from PostgreSQL. */
  boundExceeded: number;
}

/**
 * A dashboard creating a job and listing it at once: `POST /jobs`, then `GET /jobs` for its
 * project with `minVersion=<id>:1`, `writes` times with `clients` at once, on an otherwise idle system.
 */
export async function measureReadYourWrites(http: HttpClient, userId: string, writes: number, clients: number): Promise<ReadYourWritesRun> {
  const waits = await inParallel([...Array(writes).keys()], clients, async (i) => {
    const projectName = `read-your-writes-${i}`;
    const created = await http.post('/jobs', { userId, type: 'IMAGE_BUILD', projectName });
    if (created.status !== 201) throw new Error(`POST /jobs answered ${created.status} ${JSON.stringify(created.body)}`);
    const listed = await http.get(`/jobs?projectName=${projectName}&minVersion=${created.body.id}:1`);
    return { waitedMs: Number(listed.headers.get('x-consistency-waited-ms')), exceeded: listed.headers.get('x-consistency-bound-exceeded') === 'true' };
  });
  return { writes, waitedMs: percentiles(waits.map((wait) => wait.waitedMs)), boundExceeded: waits.filter((wait) => wait.exceeded).length };
}
