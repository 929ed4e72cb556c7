import { CommandsModule } from '@jobstream/commands';
import { HealthModule } from '@jobstream/health';
import { BrokerModule } from '@jobstream/messaging';
import { PersistenceModule } from '@jobstream/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { JobWriterConfig } from './config';
import { WriterController } from './writer.controller';

@Module({})
export class JobWriterModule {
  static forConfig(config: JobWriterConfig): DynamicModule {
    return {
      module: JobWriterModule,
      imports: [
        PersistenceModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        // Readiness only: Nest's RMQ transport keeps its own connection and does not expose its state.
        BrokerModule.forRoot(config.AMQP_URL, 'job-writer'),
        CommandsModule,
        HealthModule.forDependencies(['database', 'broker']),
      ],
      controllers: [WriterController],
    };
  }
}
