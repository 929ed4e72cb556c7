import { v7 as uuidv7 } from 'uuid';
import { HttpClient, HttpResponse } from './http-client';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the load saw: finished lifecycles and how often a request had to be tried again. */
export interface LoadResult {
  /** Jobs taken from creation to COMPLETED (version 3), by id. */
  completed: string[];
  /** Requests tried again after a refused or broken connection or a 503. */
  retries: number;
  /** Answers that no retry explains (they fail the test). */
  unexpected: string[];
}

/**
 * Drives job lifecycles over HTTP (create → RUNNING → COMPLETED) with `workers` at once until
 * stopped, as a careful client would across restarts: the client picks each job's id, so a
 * retried create makes one job; a request whose connection failed or that got 503 is retried;
 * a retried status change that finds the job already moved (409) checks it really did.
 */
export class LifecycleLoad {
  private stopping = false;
  private readonly result: LoadResult = { completed: [], retries: 0, unexpected: [] };
  private readonly running: Promise<void>[];

  constructor(
    private readonly http: HttpClient,
    private readonly userId: string,
    workers: number,
  ) {
    this.running = Array.from({ length: workers }, () => this.work());
  }

  async stop(): Promise<LoadResult> {
    this.stopping = true;
    await Promise.all(this.running);
    return this.result;
  }

  private async work(): Promise<void> {
    while (!this.stopping) {
      const id = uuidv7();
      try {
        await this.expect('POST /jobs', 201, () => this.http.post('/jobs', { id, userId: this.userId, type: 'IMAGE_BUILD', projectName: 'rolling' }));
        await this.transition(id, 'RUNNING', 1);
        await this.transition(id, 'COMPLETED', 2);
        this.result.completed.push(id);
      } catch (error) {
        this.result.unexpected.push(String(error));
      }
    }
  }

  private async transition(id: string, status: string, expectedVersion: number): Promise<void> {
    const answer = await this.send(() => this.http.patch(`/jobs/${id}/status`, { status, expectedVersion }));
    if (answer.status === 200) return;
    // A retry of a change that had committed before its connection broke: the job already moved.
    const current = await this.send(() => this.http.get(`/jobs/${id}?consistency=strong`));
    if (answer.status === 409 && answer.retried && current.body?.status === status && current.body?.version === expectedVersion + 1) return;
    throw new Error(`PATCH ${status} answered ${answer.status} ${JSON.stringify(answer.body)}`);
  }

  private async expect(what: string, status: number, request: () => Promise<HttpResponse<any>>): Promise<void> {
    const answer = await this.send(request);
    if (answer.status !== status) throw new Error(`${what} answered ${answer.status} ${JSON.stringify(answer.body)}`);
  }

  /** The answer, after as many retries as refused or broken connections and 503s needed. */
  private async send(request: () => Promise<HttpResponse<any>>): Promise<HttpResponse<any> & { retried: boolean }> {
    for (let attempt = 0; ; attempt++) {
      const answer = await request().catch(() => undefined);
      if (answer && answer.status !== 503) return { ...answer, retried: attempt > 0 };
      this.result.retries++;
      await sleep(100);
    }
  }
}
