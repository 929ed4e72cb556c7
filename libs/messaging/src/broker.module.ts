import { DynamicModule, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { BrokerConnection } from './broker-connection';
import { ConsumerMetrics } from './consumer-metrics';

/**
 * The process's one RabbitMQ connection, global so health checks and services share it, and its
 * consumers' metrics (in the app's metrics registry).
 */
@Module({})
export class BrokerModule {
  static forRoot(url: string, connectionName: string): DynamicModule {
    return {
      module: BrokerModule,
      global: true,
      providers: [
        { provide: BrokerConnection, useFactory: () => new BrokerConnection(url, connectionName) },
        { provide: ConsumerMetrics, inject: [Registry], useFactory: (registry: Registry) => new ConsumerMetrics(registry) },
      ],
      exports: [BrokerConnection, ConsumerMetrics],
    };
  }
}
