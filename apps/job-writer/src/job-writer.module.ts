import { AuditPartitionKeeper } from '@jobstream/audit';
import { CommandsModule, JobRedenormalizer, ownerChangeHandler } from '@jobstream/commands';
import { OWNER_EVENT_TYPES } from '@jobstream/contracts';
import { HealthModule } from '@jobstream/health';
import { HeartbeatEmitter } from '@jobstream/heartbeat';
import { runInLogContext } from '@jobstream/logging';
import { BrokerConnection, BrokerModule, ConsumerMetrics, EventConsumer } from '@jobstream/messaging';
import { MetricsModule } from '@jobstream/metrics';
import { OutboxWriter, PersistenceModule } from '@jobstream/persistence';
import { DynamicModule, Inject, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobWriterConfig } from './config';
import { WriterController } from './writer.controller';

const CONFIG = Symbol('JOB_WRITER_CONFIG');

@Module({})
export class JobWriterModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly ownerChanges: EventConsumer,
    private readonly redenormalizer: JobRedenormalizer,
    private readonly heartbeat: HeartbeatEmitter,
    private readonly auditPartitions: AuditPartitionKeeper,
    @Inject(CONFIG) private readonly config: JobWriterConfig,
  ) {}

  static forConfig(config: JobWriterConfig): DynamicModule {
    return {
      module: JobWriterModule,
      imports: [
        MetricsModule.forService(config.SERVICE_NAME),
        PersistenceModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        BrokerModule.forRoot(config.AMQP_URL, 'job-writer'),
        CommandsModule,
        HealthModule.forDependencies(['database', 'broker']),
      ],
      controllers: [WriterController],
      providers: [
        { provide: CONFIG, useValue: config },
        {
          provide: EventConsumer,
          inject: [BrokerConnection, ConsumerMetrics],
          useFactory: (broker: BrokerConnection, metrics: ConsumerMetrics) =>
            new EventConsumer(
              broker,
              { exchange: config.EVENTS_EXCHANGE, queue: config.OWNER_CHANGES_QUEUE, patterns: [...OWNER_EVENT_TYPES], prefetch: 4 },
              metrics,
            ),
        },
        {
          provide: HeartbeatEmitter,
          inject: [DataSource],
          useFactory: (db: DataSource) => new HeartbeatEmitter(db, new OutboxWriter(), config.HEARTBEAT_INTERVAL_MS),
        },
        {
          provide: AuditPartitionKeeper,
          inject: [DataSource],
          useFactory: (db: DataSource) => new AuditPartitionKeeper(db, config.AUDIT_PARTITION_MONTHS_AHEAD, config.AUDIT_PARTITION_CHECK_MS),
        },
      ],
    };
  }

  /**
   * Owner changes are re-applied to their jobs here, the one service that writes jobs. The audit
   * trail's coming months' partitions are made from here too (AuditPartitionKeeper).
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.auditPartitions.start();
    await this.ownerChanges.start(ownerChangeHandler(this.redenormalizer, this.config.OWNER_CHANGES_BATCH, runInLogContext));
    this.heartbeat.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.auditPartitions.stop();
    await this.heartbeat.stop();
    await this.ownerChanges.stop();
  }
}
