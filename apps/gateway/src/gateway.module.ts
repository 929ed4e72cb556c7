import { AccessModule, SignInLimiter } from '@jobstream/access';
import { EtagInterceptor, validationPipe } from '@jobstream/api';
import { AuditTrail, AuditWriter } from '@jobstream/audit';
import { Client } from '@elastic/elasticsearch';
import { HealthModule } from '@jobstream/health';
import { heartbeatIndexOf, PipelineMonitor, registerPipelineMetrics } from '@jobstream/heartbeat';
import { DeadLetterQueues, OperationsOverviewReader } from '@jobstream/operations';
import { JobQueriesModule } from '@jobstream/job-queries';
import { BrokerModule, writerClientOptions } from '@jobstream/messaging';
import { MetricsModule } from '@jobstream/metrics';
import { PersistenceModule } from '@jobstream/persistence';
import { SearchModule } from '@jobstream/search';
import { defaultTaskPolicy, TaskStore } from '@jobstream/tasks';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ClientsModule } from '@nestjs/microservices';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AccessController } from './access.controller';
import { AuditController } from './audit.controller';
import { GatewayConfig } from './config';
import { ImagesController } from './images.controller';
import { JobsController } from './jobs.controller';
import { OwnersController } from './owners.controller';
import { OperationsController } from './operations.controller';
import { SessionController } from './session.controller';
import { TasksController } from './tasks.controller';
import { WRITER_CLIENT, WRITER_TIMEOUT_MS, WriterClient } from './writer.client';

@Module({})
export class GatewayModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        MetricsModule.forService(config.SERVICE_NAME),
        PersistenceModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        BrokerModule.forRoot(config.AMQP_URL, 'gateway'),
        SearchModule.forRoot({ url: config.ES_URL, alias: config.ES_JOBS_ALIAS, requestTimeoutMs: config.ES_REQUEST_TIMEOUT_MS }),
        ClientsModule.register([{ name: WRITER_CLIENT, ...writerClientOptions(config.AMQP_URL, config.WRITER_QUEUE) }]),
        JobQueriesModule.forRoot({
          searchTimeoutMs: config.SEARCH_TIMEOUT_MS,
          readYourWritesTimeoutMs: config.READ_YOUR_WRITES_TIMEOUT_MS,
          pageTimeoutMs: config.FALLBACK_PAGE_TIMEOUT_MS,
          facetsTimeoutMs: config.FALLBACK_FACETS_TIMEOUT_MS,
          breaker: { resetTimeoutMs: config.SEARCH_BREAKER_RESET_MS },
        }),
        // Not 'search': reads fall back to PostgreSQL, so the gateway serves while Elasticsearch is down.
        HealthModule.forDependencies(['database', 'broker'], {
          pipeline: {
            inject: [DataSource, Client, Registry],
            useFactory: (db: DataSource, client: Client, registry: Registry) => {
              const monitor = new PipelineMonitor(db, client, heartbeatIndexOf(config.ES_JOBS_ALIAS), config.HEARTBEAT_STALL_MS);
              registerPipelineMetrics(registry, monitor);
              return monitor;
            },
          },
        }),
        AccessModule.forRoot({
          keyCacheMs: config.API_KEY_CACHE_MS,
          rateLimit: { limit: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW_MS },
          sessions: { ttlMs: config.SESSION_TTL_MS, idleMs: config.SESSION_IDLE_MS },
        }),
      ],
      controllers: [JobsController, OwnersController, ImagesController, AccessController, AuditController, TasksController, SessionController, OperationsController],
      providers: [
        WriterClient,
        { provide: WRITER_TIMEOUT_MS, useValue: config.WRITER_TIMEOUT_MS },
        AuditTrail,
        { provide: TaskStore, inject: [DataSource], useFactory: (db: DataSource) => new TaskStore(db, new AuditWriter(), defaultTaskPolicy()) },
        { provide: SignInLimiter, useValue: new SignInLimiter(config.SIGN_IN_FAILURES_PER_MINUTE, 60_000) },
        { provide: DeadLetterQueues, useValue: new DeadLetterQueues(config.AMQP_URL, config.DEAD_LETTER_QUEUES) },
        {
          provide: OperationsOverviewReader,
          inject: [DataSource, Client, DeadLetterQueues],
          useFactory: (db: DataSource, client: Client, deadLetters: DeadLetterQueues) =>
            new OperationsOverviewReader(db, new PipelineMonitor(db, client, heartbeatIndexOf(config.ES_JOBS_ALIAS), config.HEARTBEAT_STALL_MS), deadLetters),
        },
        { provide: APP_PIPE, useFactory: validationPipe },
        { provide: APP_INTERCEPTOR, useClass: EtagInterceptor },
      ],
    };
  }
}
