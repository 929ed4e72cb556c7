import { Client } from '@elastic/elasticsearch';
import { JOB_EVENT_TYPES } from '@jobstream/contracts';
import { HealthModule } from '@jobstream/health';
import { defaultBatchingPolicy, JobIndexingPipeline } from '@jobstream/indexing';
import { BrokerConnection, BrokerModule, EventConsumer } from '@jobstream/messaging';
import { JobSyncMarker, PersistenceModule } from '@jobstream/persistence';
import { ensureJobsIndex, JobIndexWriter, SearchModule } from '@jobstream/search';
import { DynamicModule, Inject, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IndexerConfig } from './config';

const CONFIG = Symbol('INDEXER_CONFIG');

@Module({})
export class IndexerModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
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
  }

  /** Stops deliveries, then lets the batches in flight finish and settle their messages. */
  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }
}
