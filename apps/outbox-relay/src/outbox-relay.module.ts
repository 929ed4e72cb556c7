import { HealthModule } from '@jobstream/health';
import { BrokerConnection, BrokerModule, EventPublisher } from '@jobstream/messaging';
import { MetricsModule } from '@jobstream/metrics';
import { defaultRelayPolicy, OutboxListener, OutboxPurge, OutboxRelay, OutboxStore, RelayMetrics } from '@jobstream/outbox';
import { PersistenceModule } from '@jobstream/persistence';
import { DynamicModule, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { OutboxRelayConfig } from './config';

@Module({})
export class OutboxRelayModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly listener: OutboxListener,
    private readonly publisher: EventPublisher,
    private readonly purge: OutboxPurge,
  ) {}

  static forConfig(config: OutboxRelayConfig): DynamicModule {
    return {
      module: OutboxRelayModule,
      imports: [
        MetricsModule.forService(config.SERVICE_NAME),
        PersistenceModule.forRoot({ url: config.DATABASE_URL, poolSize: 4 }),
        BrokerModule.forRoot(config.AMQP_URL, 'outbox-relay'),
        HealthModule.forDependencies(['database', 'broker']),
      ],
      providers: [
        {
          provide: EventPublisher,
          inject: [BrokerConnection],
          useFactory: (broker: BrokerConnection) =>
            new EventPublisher(broker, config.EVENTS_EXCHANGE, config.OUTBOX_PUBLISH_TIMEOUT_MS),
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, EventPublisher, Registry],
          useFactory: (db: DataSource, publisher: EventPublisher, registry: Registry) => {
            const store = new OutboxStore(db);
            return new OutboxRelay(
              store,
              publisher,
              defaultRelayPolicy({
                batchSize: config.OUTBOX_BATCH_SIZE,
                leaseMs: config.OUTBOX_LEASE_MS,
                pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
              }),
              new RelayMetrics(registry, () => store.backlog()),
            );
          },
        },
        {
          provide: OutboxPurge,
          inject: [DataSource],
          useFactory: (db: DataSource) => new OutboxPurge(new OutboxStore(db), config.OUTBOX_RETENTION_MS, config.OUTBOX_PURGE_INTERVAL_MS),
        },
        {
          provide: OutboxListener,
          inject: [OutboxRelay],
          useFactory: (relay: OutboxRelay) => new OutboxListener(config.DATABASE_URL, () => relay.notify()),
        },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
    this.relay.start();
    this.purge.start();
  }

  /** The batch in flight is confirmed and marked before the pool and channel close. */
  async onModuleDestroy(): Promise<void> {
    await this.listener.stop();
    await this.purge.stop();
    await this.relay.stop();
    await this.publisher.close();
  }
}
