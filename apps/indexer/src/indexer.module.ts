import { Client } from '@elastic/elasticsearch';
import { ConsistencyChecker } from '@jobstream/consistency';
import { JOB_EVENT_TYPES } from '@jobstream/contracts';
import { HealthModule } from '@jobstream/health';
import { defaultBatchingPolicy, JobIndexingPipeline } from '@jobstream/indexing';
import { BrokerConnection, BrokerModule, EventConsumer } from '@jobstream/messaging';
import { OutboxWriter } from '@jobstream/outbox';
import { JobSyncMarker, PersistenceModule } from '@jobstream/persistence';
import { defaultReconcilePolicy, JobReconciler } from '@jobstream/reconciliation';
import { ensureJobsIndex, JobIndexWriter, SearchModule } from '@jobstream/search';
import { DynamicModule, Inject, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Periodic } from '@jobstream/util';
import { DataSource } from 'typeorm';
import { IndexerConfig } from './config';

const CONFIG = Symbol('INDEXER_CONFIG');

@Module({})
export class IndexerModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IndexerModule.name);
  private readonly schedules: Periodic[];

  constructor(
    private readonly reconciler: JobReconciler,
    private readonly checker: ConsistencyChecker,
    private readonly consumer: EventConsumer,
    private readonly pipeline: JobIndexingPipeline,
    private readonly client: Client,
    @Inject(CONFIG) private readonly config: IndexerConfig,
  ) {
    this.schedules = [
      new Periodic(() => this.reconcile(), config.RECONCILE_INTERVAL_MS),
      new Periodic(() => this.cleanUp(), config.CLEANUP_INTERVAL_MS),
    ];
  }

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
          provide: ConsistencyChecker,
          inject: [DataSource, Client],
          useFactory: (db: DataSource, client: Client) => new ConsistencyChecker(db, client, config.ES_JOBS_ALIAS),
        },
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
    this.schedules.forEach((schedule) => schedule.start());
  }

  private async reconcile(): Promise<void> {
    try {
      const drift = await this.reconciler.reconcile();
      if (drift.requeued > 0) this.logger.warn(`reconciler re-sent ${drift.requeued} jobs (${drift.missing} missing, ${drift.stale} behind)`);
    } catch (error) {
      this.logger.error(`reconcile round failed: ${String(error)}`);
    }
  }

  /** Seed 000's cleanup job: orphan documents (and anything else that drifted) are repaired. */
  private async cleanUp(): Promise<void> {
    try {
      const report = await this.checker.check({ repair: true });
      if (report.missing + report.stale + report.orphans > 0) {
        this.logger.warn(`cleanup repaired ${report.missing} missing, ${report.stale} stale, ${report.orphans} orphan documents`);
      }
    } catch (error) {
      this.logger.error(`cleanup round failed: ${String(error)}`);
    }
  }

  /** Stops deliveries, then lets the batches in flight finish and settle their messages. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.schedules.map((schedule) => schedule.stop()));
    await this.consumer.stop();
  }
}
