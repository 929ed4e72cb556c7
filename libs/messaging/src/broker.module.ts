import { DynamicModule, Module } from '@nestjs/common';
import { BrokerConnection } from './broker-connection';

/** The process's one RabbitMQ connection, global so health checks and services share it. */
@Module({})
export class BrokerModule {
  static forRoot(url: string, connectionName: string): DynamicModule {
    return {
      module: BrokerModule,
      global: true,
      providers: [{ provide: BrokerConnection, useFactory: () => new BrokerConnection(url, connectionName) }],
      exports: [BrokerConnection],
    };
  }
}
