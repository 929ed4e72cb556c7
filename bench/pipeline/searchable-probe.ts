import { Client } from '@elastic/elasticsearch';
import { Periodic } from '@jobstream/util';

interface Pending {
  version: number;
  committedAt: number;
}

/**
 * Times commit → searchable the way a dashboard sees it: every `intervalMs` it searches the
 * alias (a search, not a realtime GET, so only refreshed documents count) for the jobs still
 * waiting, and a commit counts as searchable once its job's document shows that version or a
 * later one. Resolution is one interval plus one search.
 */
export class SearchableProbe {
  private readonly pending = new Map<string, Pending[]>();
  private readonly periodic: Periodic;
  /** Milliseconds from commit to searchable, one per commit. */
  readonly latencies: number[] = [];
  lastSearchableAt = 0;
  searches = 0;

  constructor(
    private readonly client: Client,
    private readonly alias: string,
    intervalMs = 25,
  ) {
    this.periodic = new Periodic(() => this.poll(), intervalMs);
  }

  start(): void {
    this.periodic.start();
  }

  committed(id: string, version: number): void {
    const waiting = this.pending.get(id) ?? [];
    waiting.push({ version, committedAt: Date.now() });
    this.pending.set(id, waiting);
  }

  /** Waits until every commit so far is searchable, then stops polling. */
  async drained(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0) {
      if (Date.now() > deadline) throw new Error(`${this.pending.size} jobs not searchable after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.periodic.stop();
  }

  private async poll(): Promise<void> {
    const ids = [...this.pending.keys()];
    // index.max_result_window is 10,000 hits per search.
    for (let from = 0; from < ids.length; from += 10_000) {
      const values = ids.slice(from, from + 10_000);
      try {
        const response = await this.client.search({ index: this.alias, size: values.length, _source: false, version: true, query: { ids: { values } } });
        this.searches++;
        const seenAt = Date.now();
        for (const hit of response.hits.hits) this.seen(hit._id!, hit._version!, seenAt);
      } catch {
        // The alias not there yet, a timeout: the next interval searches again.
      }
    }
  }

  private seen(id: string, version: number, at: number): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    const still = waiting.filter((commit) => commit.version > version);
    if (still.length === waiting.length) return;
    for (const commit of waiting) if (commit.version <= version) this.latencies.push(at - commit.committedAt);
    if (still.length > 0) this.pending.set(id, still);
    else this.pending.delete(id);
    this.lastSearchableAt = at;
  }
}
