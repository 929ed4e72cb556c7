import { Client } from '@elastic/elasticsearch';
import { ensureHeartbeatIndex, heartbeatIndexOf } from '@jobstream/heartbeat';
import { EventConsumer } from '@jobstream/messaging';
import { ensureJobsIndex } from '@jobstream/search';
import { TaskRunner } from '@jobstream/tasks';
import { untilSucceeds } from '@jobstream/util';
import { Logger } from '@nestjs/common';
import { JobIndexingPipeline } from './job-indexing.pipeline';
import { SafetyNets } from './safety-nets';

/**
 * The indexer's start and stop, in order. Start: wait (retrying each second) until Elasticsearch
 * holds the jobs index and the heartbeat index, then consume events, then run the safety nets and
 * the background tasks. Stop: no new deliveries, and the batches in flight finish and settle
 * their messages before the connections close.
 */
export class IndexerLifecycle {
  private readonly logger = new Logger('Indexer');
  private stopping = false;
  private started?: Promise<void>;

  constructor(
    private readonly client: Client,
    private readonly alias: string,
    private readonly consumer: EventConsumer,
    private readonly pipeline: JobIndexingPipeline,
    private readonly safetyNets: SafetyNets,
    private readonly tasks: TaskRunner,
  ) {}

  /** Not to be awaited by the app: after a crash Elasticsearch may be down, and the indexer must still come up (health, metrics) and wait for it. */
  start(): void {
    this.started = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.started;
    await this.tasks.stop();
    await this.safetyNets.stop();
    await this.consumer.stop();
    this.pipeline.stop();
  }

  private async run(): Promise<void> {
    const indicesReady = await untilSucceeds(
      async () => {
        await ensureJobsIndex(this.client, this.alias);
        await ensureHeartbeatIndex(this.client, heartbeatIndexOf(this.alias));
      },
      {
        intervalMs: 1_000,
        stopped: () => this.stopping,
        onFailure: (error, attempt) => attempt === 1 && this.logger.warn(`waiting for Elasticsearch before consuming: ${String(error)}`),
      },
    );
    if (!indicesReady) return;
    await this.consumer.start((message) => this.pipeline.handle(message));
    this.safetyNets.start();
    this.tasks.start();
  }
}
