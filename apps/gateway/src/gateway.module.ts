import { EtagInterceptor, validationPipe } from '@jobstream/api';
import { HealthModule } from '@jobstream/health';
import { BrokerModule, writerClientOptions } from '@jobstream/messaging';
import { PersistenceModule } from '@jobstream/persistence';
import { SearchModule } from '@jobstream/search';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ClientsModule } from '@nestjs/microservices';
import { GatewayConfig } from './config';
import { ImagesController } from './images.controller';
import { JobsController } from './jobs.controller';
import { OwnersController } from './owners.controller';
import { WRITER_CLIENT, WRITER_TIMEOUT_MS, WriterClient } from './writer.client';

@Module({})
export class GatewayModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        PersistenceModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        BrokerModule.forRoot(config.AMQP_URL, 'gateway'),
        SearchModule.forRoot({ url: config.ES_URL, alias: config.ES_JOBS_ALIAS, requestTimeoutMs: config.ES_REQUEST_TIMEOUT_MS }),
        ClientsModule.register([{ name: WRITER_CLIENT, ...writerClientOptions(config.AMQP_URL, config.WRITER_QUEUE) }]),
        HealthModule.forDependencies(['database', 'broker', 'search']),
      ],
      controllers: [JobsController, OwnersController, ImagesController],
      providers: [
        WriterClient,
        { provide: WRITER_TIMEOUT_MS, useValue: config.WRITER_TIMEOUT_MS },
        { provide: APP_PIPE, useFactory: validationPipe },
        { provide: APP_INTERCEPTOR, useClass: EtagInterceptor },
      ],
    };
  }
}
