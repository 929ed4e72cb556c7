import { Client } from '@elastic/elasticsearch';
import { JOB_EVENT_TYPES } from '@jobstream/contracts';
import { HealthModule } from '@jobstream/health';
import { defaultBatchingPolicy, JobIndexingPipeline } from '@jobstream/indexing';
import { BrokerConnection, BrokerModule, EventConsumer } from '@jobstream/messaging';
import { JobSyncMarker, PersistenceModule } from '@jobstream/persistence';
import { ensureJobsIndex, JobIndexWriter, SearchModule } from '@jobstream/search';
import { DynamicModule, Inject, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { OutboxWriter } from '@jobstream/outbox';
import { defaultReconcilePolicy, JobReconciler } from '@jobstream/reconciliation';
import { DataSource } from 'typeorm';
import { IndexerConfig } from './config';

const CONFIG = Symbol('INDEXER_CONFIG');

@Module({})
export class IndexerModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IndexerModule.name);
  private reconciling?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly reconciler: JobReconciler,
    private readonly consumer: EventConsumer,
    private readonly pipeline: JobIndexingPipeline,
    private readonly client: Client,
    @Inject(CONFIG) private readonly config: IndexerConfig,
  ) {}

  static forConfig(config: IndexerConfig): DynamicModule {
    return {
      module: IndexerModule,
      imports: [
        PersistenceModule.forRoot({ url: config.DATABASE_URL, poolSize: 4 }),
        BrokerModule.forRoot(config.AMQP_URL, 'indexer'),
        SearchModule.forRoot({ url: config.ES_URL, alias: config.ES_JOBS_ALIAS, requestTimeoutMs: config.ES_REQUEST_TIMEOUT_MS }),
        HealthModule.forDependencies(['database', 'broker', 'search']),
      ],
      providers: [
        { provide: CONFIG, useValue: config },
        {
          provide: JobReconciler,
          inject: [DataSource],
          useFactory: (db: DataSource) =>
            new JobReconciler(db, new OutboxWriter(), defaultReconcilePolicy({ graceMs: config.RECONCILE_GRACE_MS })),
        },
        {
          provide: EventConsumer,
          inject: [BrokerConnection],
          useFactory: (broker: BrokerConnection) =>
            new EventConsumer(broker, {
              exchange: config.EVENTS_EXCHANGE,
              queue: config.INDEXER_QUEUE,
              patterns: [...JOB_EVENT_TYPES],
              prefetch: config.INDEXER_PREFETCH,
            }),
        },
        {
          provide: JobIndexingPipeline,
          inject: [JobIndexWriter, DataSource],
          useFactory: (writer: JobIndexWriter, db: DataSource) =>
            new JobIndexingPipeline(
              writer,
              new JobSyncMarker(db),
              defaultBatchingPolicy({ maxBatch: config.INDEXER_BATCH_SIZE, maxWaitMs: config.INDEXER_BATCH_WAIT_MS }),
            ),
        },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureJobsIndex(this.client, this.config.ES_JOBS_ALIAS);
    await this.consumer.start((message) => this.pipeline.handle(message));
    if (this.config.RECONCILE_INTERVAL_MS > 0) {
      this.reconciling = setInterval(() => void this.reconcile(), this.config.RECONCILE_INTERVAL_MS);
    }
  }


  /** One round at a time; a failed round is logged and the next one tries again. */
  private async reconcile(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const drift = await this.reconciler.reconcile();
      if (drift.requeued > 0) this.logger.warn(`reconciler re-sent ${drift.requeued} jobs (${drift.missing} missing, ${drift.stale} behind)`);
    } catch (error) {
      this.logger.error(`reconcile round failed: ${String(error)}`);
    } finally {
      this.running = false;
    }
  }

  /** Stops deliveries, then lets the batches in flight finish and settle their messages. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.reconciling);
    await this.consumer.stop();
  }
}
