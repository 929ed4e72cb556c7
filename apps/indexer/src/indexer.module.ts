import { Client } from '@elastic/elasticsearch';
import { AuditWriter } from '@jobstream/audit';
import { ConsistencyChecker } from '@jobstream/consistency';
import { JOB_EVENT_TYPES, PIPELINE_HEARTBEAT } from '@jobstream/contracts';
import { HealthModule } from '@jobstream/health';
import { HeartbeatRecorder, heartbeatIndexOf } from '@jobstream/heartbeat';
import { defaultBatchingPolicy, IndexerLifecycle, IndexingMetrics, JobIndexingPipeline, RefreshScheduler, SafetyNets } from '@jobstream/indexing';
import { BrokerConnection, BrokerModule, ConsumerMetrics, EventConsumer } from '@jobstream/messaging';
import { MetricsModule } from '@jobstream/metrics';
import { JobSyncMarker, OutboxWriter, PersistenceModule } from '@jobstream/persistence';
import { defaultReconcilePolicy, DriftMetrics, JobReconciler } from '@jobstream/reconciliation';
import { JobIndexWriter, SearchModule } from '@jobstream/search';
import { operatorTaskHandlers } from '@jobstream/operator-tasks';
import { defaultTaskPolicy, TaskExecutor, TaskRunner, TaskStore } from '@jobstream/tasks';
import { DynamicModule, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { IndexerConfig } from './config';

@Module({})
export class IndexerModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly lifecycle: IndexerLifecycle) {}

  static forConfig(config: IndexerConfig): DynamicModule {
    const taskPolicy = defaultTaskPolicy({ leaseMs: config.TASK_LEASE_MS });
    const reconcilePolicy = defaultReconcilePolicy({ graceMs: config.RECONCILE_GRACE_MS });
    return {
      module: IndexerModule,
      imports: [
        MetricsModule.forService(config.SERVICE_NAME),
        PersistenceModule.forRoot({ url: config.DATABASE_URL, poolSize: 4 }),
        BrokerModule.forRoot(config.AMQP_URL, 'indexer'),
        SearchModule.forRoot({ url: config.ES_URL, alias: config.ES_JOBS_ALIAS, requestTimeoutMs: config.ES_REQUEST_TIMEOUT_MS }),
        HealthModule.forDependencies(['database', 'broker', 'search']),
      ],
      providers: [
        {
          provide: IndexerLifecycle,
          inject: [Client, EventConsumer, JobIndexingPipeline, SafetyNets, TaskRunner],
          useFactory: (client: Client, consumer: EventConsumer, pipeline: JobIndexingPipeline, safetyNets: SafetyNets, tasks: TaskRunner) =>
            new IndexerLifecycle(client, config.ES_JOBS_ALIAS, consumer, pipeline, safetyNets, tasks),
        },
        { provide: TaskStore, inject: [DataSource], useFactory: (db: DataSource) => new TaskStore(db, new AuditWriter(), taskPolicy) },
        { provide: TaskExecutor, inject: [TaskStore], useFactory: (store: TaskStore) => new TaskExecutor(store, taskPolicy) },
        {
          provide: TaskRunner,
          inject: [DataSource, Client, TaskStore, TaskExecutor],
          useFactory: (db: DataSource, client: Client, store: TaskStore, executor: TaskExecutor) =>
            new TaskRunner(store, executor, operatorTaskHandlers({ db, client, alias: config.ES_JOBS_ALIAS, reconcilePolicy }), config.TASK_POLL_INTERVAL_MS),
        },
        {
          provide: SafetyNets,
          inject: [DataSource, Client, TaskExecutor, Registry],
          useFactory: (db: DataSource, client: Client, executor: TaskExecutor, registry: Registry) =>
            new SafetyNets(
              new JobReconciler(db, new OutboxWriter(), reconcilePolicy),
              new ConsistencyChecker(db, client, config.ES_JOBS_ALIAS),
              executor,
              new DriftMetrics(registry),
              { reconcileMs: config.RECONCILE_INTERVAL_MS, cleanupMs: config.CLEANUP_INTERVAL_MS },
            ),
        },
        {
          provide: EventConsumer,
          inject: [BrokerConnection, ConsumerMetrics],
          useFactory: (broker: BrokerConnection, metrics: ConsumerMetrics) =>
            new EventConsumer(
              broker,
              {
                exchange: config.EVENTS_EXCHANGE,
                queue: config.INDEXER_QUEUE,
                patterns: [...JOB_EVENT_TYPES, PIPELINE_HEARTBEAT],
                prefetch: config.INDEXER_PREFETCH,
              },
              metrics,
            ),
        },
        {
          provide: JobIndexingPipeline,
          inject: [JobIndexWriter, DataSource, Client, Registry],
          useFactory: (writer: JobIndexWriter, db: DataSource, client: Client, registry: Registry) =>
            new JobIndexingPipeline(
              writer,
              new JobSyncMarker(db),
              defaultBatchingPolicy({ maxBatch: config.INDEXER_BATCH_SIZE, maxWaitMs: config.INDEXER_BATCH_WAIT_MS }),
              new IndexingMetrics(registry),
              new HeartbeatRecorder(client, heartbeatIndexOf(config.ES_JOBS_ALIAS)),
              new RefreshScheduler(() => writer.refresh(), config.INDEXER_REFRESH_MIN_INTERVAL_MS),
            ),
        },
      ],
    };
  }

  onApplicationBootstrap(): void {
    this.lifecycle.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.lifecycle.stop();
  }
}
